package producerauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/eventmesh/processor/internal/webhook"
)

// signatureVersion prefixes HMAC-SHA256 signatures, as in Standard Webhooks.
const signatureVersion = "v1,"

// key is the decoded bytes of a whsec_ secret.
type key []byte

// decodeSecret decodes a secret webhook.ParseSecret has accepted.
func decodeSecret(s string) key {
	b64 := strings.TrimPrefix(strings.TrimSpace(s), webhook.SecretPrefix)
	k, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		k, _ = base64.RawStdEncoding.DecodeString(b64)
	}
	return k
}

// SignedContent is what a signature covers: the tenant, a '.', the event id,
// a '.', then the exact body bytes of the SQS message. For a CloudEvents body
// the tenant and the event id are its "tenant" and "id" attributes.
func SignedContent(tenant, eventID string, body []byte) []byte {
	out := make([]byte, 0, len(tenant)+len(eventID)+2+len(body))
	out = append(out, tenant...)
	out = append(out, '.')
	out = append(out, eventID...)
	out = append(out, '.')
	return append(out, body...)
}

// Sign returns the event_signature value of an event under the secrets
// ("whsec_<base64>"), in order, space-separated: "v1,<base64 HMAC-SHA256
// of SignedContent>" each. Sign with the new and the old secret while a key
// rotates. It fails on a secret that is not a webhook secret.
func Sign(secrets []string, tenant, eventID string, body []byte) (string, error) {
	sigs := make([]string, len(secrets))
	for i, s := range secrets {
		k, err := parseKey(s)
		if err != nil {
			return "", err
		}
		sigs[i] = k.sign(tenant, eventID, body)
	}
	return strings.Join(sigs, " "), nil
}

func (k key) sign(tenant, eventID string, body []byte) string {
	return signatureVersion + base64.StdEncoding.EncodeToString(k.mac(tenant, eventID, body))
}

func (k key) mac(tenant, eventID string, body []byte) []byte {
	m := hmac.New(sha256.New, k)
	m.Write([]byte(tenant))
	m.Write([]byte{'.'})
	m.Write([]byte(eventID))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Sign returns the event_signature value a producer under p sends: the
// signature under p's first key (list the new key first while rotating;
// Check accepts any key). It is "" unless p's method is hmac-sha256.
func (p Policy) Sign(tenant, eventID string, body []byte) string {
	if p.Method != MethodHMAC || len(p.keys) == 0 {
		return ""
	}
	return p.keys[0].sign(tenant, eventID, body)
}
