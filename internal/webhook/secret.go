// Package webhook signs and verifies webhooks as the Standard Webhooks
// specification (v1.0.0) describes them: the headers webhook-id,
// webhook-timestamp and webhook-signature, the latter holding one or more
// space-separated "v1,<base64 HMAC-SHA256>" signatures of
// "<webhook-id>.<webhook-timestamp>.<body>" under secrets written
// "whsec_<base64 key>".
package webhook

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// SecretPrefix starts every symmetric secret in its serialized form.
const SecretPrefix = "whsec_"

// MinKeyLength and MaxKeyLength bound a secret's key in bytes (the spec: 24
// to 64 bytes, 192 to 512 bits).
const (
	MinKeyLength = 24
	MaxKeyLength = 64
)

// Secret is a decoded symmetric signing key.
type Secret struct {
	key []byte
}

// ErrSecretFormat is wrapped by ParseSecret's errors.
var ErrSecretFormat = errors.New("webhook secret must be whsec_ followed by the base64 of 24 to 64 bytes")

// ParseSecret decodes "whsec_<base64>" (standard base64, with or without
// padding). The prefix is required: a secret without it is an error, so that
// a value meant for another scheme is never used as a key.
func ParseSecret(s string) (Secret, error) {
	b64, ok := strings.CutPrefix(strings.TrimSpace(s), SecretPrefix)
	if !ok {
		return Secret{}, ErrSecretFormat
	}
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		key, err = base64.RawStdEncoding.DecodeString(b64)
	}
	if err != nil {
		return Secret{}, fmt.Errorf("%w: %v", ErrSecretFormat, err)
	}
	if len(key) < MinKeyLength || len(key) > MaxKeyLength {
		return Secret{}, fmt.Errorf("%w: the key has %d bytes", ErrSecretFormat, len(key))
	}
	return Secret{key: key}, nil
}

// NewSecret returns a Secret of key, which must hold 24 to 64 bytes.
func NewSecret(key []byte) (Secret, error) {
	return ParseSecret(SecretPrefix + base64.StdEncoding.EncodeToString(key))
}

// String is the serialized secret, "whsec_<base64>".
func (s Secret) String() string {
	return SecretPrefix + base64.StdEncoding.EncodeToString(s.key)
}

// IsZero reports whether s holds no key.
func (s Secret) IsZero() bool {
	return len(s.key) == 0
}
