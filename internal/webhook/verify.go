package webhook

import (
	"crypto/hmac"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// DefaultTolerance is how far a webhook-timestamp may be from the
// receiver's clock, either way, before Verify refuses it (replay
// protection): 5 minutes, as the spec's reference libraries.
const DefaultTolerance = 5 * time.Minute

// Verification errors, for errors.Is.
var (
	ErrMissingHeader    = errors.New("missing webhook header")
	ErrBadTimestamp     = errors.New("webhook-timestamp is not unix seconds")
	ErrTimestampSkew    = errors.New("webhook-timestamp too far from now")
	ErrNoMatchingSecret = errors.New("no signature matches")
)

// Verifier checks requests against one or more secrets (more than one while
// the sender rotates).
type Verifier struct {
	Secrets []Secret
	// Tolerance bounds the timestamp's distance from Now; default
	// DefaultTolerance.
	Tolerance time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Verify checks the headers and body of a request: the three headers are
// present, the timestamp is within the tolerance, and one of the "v1,"
// signatures of the header is the signature under one of the secrets
// (compared in constant time). Other signature versions are ignored.
func (v Verifier) Verify(h http.Header, body []byte) error {
	id, tsText, sigs := h.Get(HeaderID), h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	if id == "" || tsText == "" || sigs == "" {
		return fmt.Errorf("%w: %s, %s and %s are required", ErrMissingHeader, HeaderID, HeaderTimestamp, HeaderSignature)
	}
	sec, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %q", ErrBadTimestamp, tsText)
	}
	ts := time.Unix(sec, 0)
	if skew := v.now().Sub(ts).Abs(); skew > v.tolerance() {
		return fmt.Errorf("%w: %s off", ErrTimestampSkew, skew.Round(time.Second))
	}
	for _, secret := range v.Secrets {
		want := Sign(secret, id, ts, body)
		for _, got := range strings.Fields(sigs) {
			if hmac.Equal([]byte(got), []byte(want)) {
				return nil
			}
		}
	}
	return ErrNoMatchingSecret
}

func (v Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

func (v Verifier) tolerance() time.Duration {
	if v.Tolerance > 0 {
		return v.Tolerance
	}
	return DefaultTolerance
}
