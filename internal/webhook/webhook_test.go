package webhook_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/webhook"
)

// The Standard Webhooks reference libraries' test vector.
const (
	vectorSecret    = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTimestamp = 1614265330
	vectorBody      = `{"test": 2432232314}`
	vectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func TestSign_matches_the_reference_test_vector(t *testing.T) {
	t.Parallel()
	secret, err := webhook.ParseSecret(vectorSecret)
	require.NoError(t, err)
	got := webhook.Sign(secret, vectorID, time.Unix(vectorTimestamp, 0), []byte(vectorBody))
	require.Equal(t, vectorSignature, got)
}

func TestVerifier_round_trip(t *testing.T) {
	t.Parallel()
	old, err := webhook.ParseSecret(vectorSecret)
	require.NoError(t, err)
	rotated, err := webhook.NewSecret([]byte("another key of at least 24 bytes"))
	require.NoError(t, err)
	now := time.Unix(vectorTimestamp, 0)
	body := []byte(vectorBody)
	signed := func(secrets ...webhook.Secret) http.Header {
		h := http.Header{}
		webhook.SetHeaders(h, secrets, vectorID, now, body)
		return h
	}
	tests := []struct {
		name    string
		header  http.Header
		body    string
		secrets []webhook.Secret
		now     time.Time
		want    error
	}{
		{"valid", signed(old), vectorBody, []webhook.Secret{old}, now, nil},
		{"rotation: old receiver, two signatures", signed(rotated, old), vectorBody, []webhook.Secret{old}, now, nil},
		{"rotation: new receiver, two signatures", signed(rotated, old), vectorBody, []webhook.Secret{rotated}, now, nil},
		{"wrong secret", signed(rotated), vectorBody, []webhook.Secret{old}, now, webhook.ErrNoMatchingSecret},
		{"body changed", signed(old), `{"test":2432232314}`, []webhook.Secret{old}, now, webhook.ErrNoMatchingSecret},
		{"too old", signed(old), vectorBody, []webhook.Secret{old}, now.Add(6 * time.Minute), webhook.ErrTimestampSkew},
		{"from the future", signed(old), vectorBody, []webhook.Secret{old}, now.Add(-6 * time.Minute), webhook.ErrTimestampSkew},
		{"missing id", without(signed(old), webhook.HeaderID), vectorBody, []webhook.Secret{old}, now, webhook.ErrMissingHeader},
		{"bad timestamp", with(signed(old), webhook.HeaderTimestamp, "soon"), vectorBody, []webhook.Secret{old}, now, webhook.ErrBadTimestamp},
		{"other versions ignored", with(signed(old), webhook.HeaderSignature, "v1a,abc "+vectorSignature), vectorBody, []webhook.Secret{old}, now, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := webhook.Verifier{Secrets: tt.secrets, Now: func() time.Time { return tt.now }}
			err := v.Verify(tt.header, []byte(tt.body))
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestParseSecret_rejects_malformed_secrets(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", // no prefix
		"whsec_not base64!",
		"whsec_c2hvcnQ=", // 5 bytes
		"whsec_" + strings.Repeat("QUFB", 30),
	} {
		_, err := webhook.ParseSecret(s)
		require.ErrorIs(t, err, webhook.ErrSecretFormat, s)
	}
	s, err := webhook.ParseSecret(vectorSecret)
	require.NoError(t, err)
	require.Equal(t, vectorSecret, s.String())
}

func without(h http.Header, key string) http.Header {
	h.Del(key)
	return h
}

func with(h http.Header, key, value string) http.Header {
	h.Set(key, value)
	return h
}
