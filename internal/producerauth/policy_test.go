package producerauth_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producerauth"
)

const (
	keyA = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	keyB = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
)

var body = []byte(`{"specversion":"1.0","id":"ev-1","source":"crm","type":"customer-registered","tenant":"acme-shop","data":{}}`)

func hmacPolicy(t *testing.T, keys string) producerauth.Policy {
	t.Helper()
	p, err := producerauth.Declaration{Method: producerauth.MethodHMAC, Keys: []string{"env:K"}}.Resolve(producerauth.KeySource{
		LookupEnv: func(string) (string, bool) { return keys, true },
	})
	require.NoError(t, err)
	return p
}

func sign(t *testing.T, tenant, id string, b []byte, keys ...string) string {
	t.Helper()
	sig, err := producerauth.Sign(keys, tenant, id, b)
	require.NoError(t, err)
	return sig
}

func TestPolicy_Check(t *testing.T) {
	t.Parallel()
	tampered := []byte(strings.Replace(string(body), `"data":{}`, `"data":{"x":1}`, 1))
	senders := producerauth.Policy{Method: producerauth.MethodSenderID, SenderIDs: []string{"AIDAPRODUCER", "123456789012"}}
	for _, tt := range []struct {
		name   string
		policy producerauth.Policy
		claim  producerauth.Claim
		check  string // "" when the claim proves the producer
		detail string
	}{
		{"valid signature", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-1", Body: body, Signature: sign(t, "acme-shop", "ev-1", body, keyA)}, "", ""},
		{"wrong key", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-1", Body: body, Signature: sign(t, "acme-shop", "ev-1", body, keyB)}, producerauth.CheckSignature, "none of the 1 v1 signature(s)"},
		{"rotating: verifier holds new and old, producer signs with old", hmacPolicy(t, keyB+" "+keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-1", Body: body, Signature: sign(t, "acme-shop", "ev-1", body, keyA)}, "", ""},
		{"rotating: producer signs with new and old, verifier holds old", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-1", Body: body, Signature: sign(t, "acme-shop", "ev-1", body, keyB, keyA)}, "", ""},
		{"unknown versions ignored", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-1", Body: body, Signature: "v1a,abc " + sign(t, "acme-shop", "ev-1", body, keyA)}, "", ""},
		{"tampered body", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-1", Body: tampered, Signature: sign(t, "acme-shop", "ev-1", body, keyA)}, producerauth.CheckSignature, "the 113-byte body"},
		{"tampered tenant", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "nordlys-bank", EventID: "ev-1", Body: body, Signature: sign(t, "acme-shop", "ev-1", body, keyA)}, producerauth.CheckSignature, `tenant "nordlys-bank"`},
		{"tampered event id", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-2", Body: body, Signature: sign(t, "acme-shop", "ev-1", body, keyA)}, producerauth.CheckSignature, `event id "ev-2"`},
		{"missing attribute", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-1", Body: body}, producerauth.CheckSignature, "event_signature is missing"},
		{"not a signature", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-1", Body: body, Signature: "v1,not-base64!"}, producerauth.CheckSignature, "holds no"},
		{"allowed SenderId", senders, producerauth.Claim{SenderID: "123456789012"}, "", ""},
		{"wrong SenderId", senders, producerauth.Claim{SenderID: "AIDAOTHER"}, producerauth.CheckSenderID, `SenderId "AIDAOTHER" is not one of the producer's 2 sender_ids`},
		{"no SenderId", senders, producerauth.Claim{}, producerauth.CheckSenderID, "no SenderId"},
		{"SenderId does not satisfy a signing producer", hmacPolicy(t, keyA), producerauth.Claim{Tenant: "acme-shop", EventID: "ev-1", Body: body, SenderID: "AIDAPRODUCER"}, producerauth.CheckSignature, "missing"},
		{"none checks nothing", producerauth.Policy{Method: producerauth.MethodNone}, producerauth.Claim{}, "", ""},
		{"zero policy refuses", producerauth.Policy{}, producerauth.Claim{Signature: sign(t, "t", "e", nil, keyA)}, producerauth.CheckMethod, "no authentication method"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.policy.Check(tt.claim)
			if tt.check == "" {
				require.NoError(t, err)
				return
			}
			f, ok := producerauth.AsFailure(err)
			require.True(t, ok, "a *Failure: %v", err)
			require.Equal(t, tt.check, f.Check)
			require.Contains(t, f.Error(), tt.detail)
			for _, secret := range []string{keyA[6:], keyB[6:]} {
				require.NotContains(t, f.Error(), secret)
			}
			if tt.claim.Signature != "" {
				require.NotContains(t, f.Error(), tt.claim.Signature[3:], "never a whole signature")
			}
		})
	}
}

func TestSign_is_the_documented_HMAC(t *testing.T) {
	t.Parallel()
	// echo -n 'acme-shop.ev-1.{"a":1}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(echo MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | base64 -d | xxd -p -c 256) -binary | base64
	sig := sign(t, "acme-shop", "ev-1", []byte(`{"a":1}`), keyA)
	require.Equal(t, "v1,"+opensslVector, sig)
	require.Equal(t, `acme-shop.ev-1.{"a":1}`, string(producerauth.SignedContent("acme-shop", "ev-1", []byte(`{"a":1}`))))
}

func BenchmarkPolicy_Check(b *testing.B) {
	body := make([]byte, 1200)
	for i := range body {
		body[i] = 'a' + byte(i%26)
	}
	for _, keys := range []string{keyA, keyB + " " + keyA} {
		p, _ := producerauth.Declaration{Method: producerauth.MethodHMAC, Keys: []string{"env:K"}}.Resolve(producerauth.KeySource{
			LookupEnv: func(string) (string, bool) { return keys, true },
		})
		sig, _ := producerauth.Sign([]string{keyA}, "acme-shop", "0b6c7f0e-6d8e-4f59-9a57-0f0a3c5e8d21", body)
		claim := producerauth.Claim{Tenant: "acme-shop", EventID: "0b6c7f0e-6d8e-4f59-9a57-0f0a3c5e8d21", Body: body, Signature: sig}
		b.Run(strings.Repeat("k", p.Keys())+"-1200B", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := p.Check(claim); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// opensslVector is the openssl command's output in TestSign_is_the_documented_HMAC.
const opensslVector = "KuqxZt4Z+ulWqWlEQaW0GMurnReVc+Ps3eMajzV7CVI="
