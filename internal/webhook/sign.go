package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The headers of a Standard Webhooks request.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// signatureVersion is the identifier of symmetric (HMAC-SHA256) signatures.
const signatureVersion = "v1"

// Sign returns the signature of body sent as id at ts under secret:
// "v1,<base64 HMAC-SHA256 of id.unix-seconds.body>". id must not contain a
// '.' (the spec's rule: ids are not user controlled).
func Sign(secret Secret, id string, ts time.Time, body []byte) string {
	mac := hmac.New(sha256.New, secret.key)
	mac.Write([]byte(id))
	mac.Write([]byte{'.'})
	mac.Write(strconv.AppendInt(nil, ts.Unix(), 10))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return signatureVersion + "," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// SignatureHeader is the webhook-signature value under every secret, in
// order, space-separated: two while a secret is rotated, so receivers
// holding either the old or the new one accept the request.
func SignatureHeader(secrets []Secret, id string, ts time.Time, body []byte) string {
	sigs := make([]string, len(secrets))
	for i, s := range secrets {
		sigs[i] = Sign(s, id, ts, body)
	}
	return strings.Join(sigs, " ")
}

// SetHeaders sets the three Standard Webhooks headers of a request carrying
// body.
func SetHeaders(h http.Header, secrets []Secret, id string, ts time.Time, body []byte) {
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(HeaderSignature, SignatureHeader(secrets, id, ts, body))
}
