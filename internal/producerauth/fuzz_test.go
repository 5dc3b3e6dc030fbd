package producerauth_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producerauth"
)

// FuzzPolicy_Check: whatever a message claims and carries, Check either
// accepts a signature that is the producer's over exactly that tenant, id
// and body, or fails naming the signature check, never quoting a key or the
// signature. testdata/fuzz holds a forged signature (another key's) as seed.
func FuzzPolicy_Check(f *testing.F) {
	f.Add("acme-shop", "ev-1", []byte(`{"a":1}`), "v1,KuqxZt4Z+ulWqWlEQaW0GMurnReVc+Ps3eMajzV7CVI=")
	f.Add("nordlys-bank", "ev-1", []byte(`{"a":1}`), "v1,KuqxZt4Z+ulWqWlEQaW0GMurnReVc+Ps3eMajzV7CVI=")
	f.Add("acme-shop", "ev-1", []byte(`{"a":1}`), "v1,xxx v2,yyy")
	p, err := producerauth.Declaration{Method: producerauth.MethodHMAC, Keys: []string{"env:K"}}.Resolve(producerauth.KeySource{
		LookupEnv: func(string) (string, bool) { return keyA + " " + keyB, true },
	})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, tenant, id string, body []byte, sig string) {
		err := p.Check(producerauth.Claim{Tenant: tenant, EventID: id, Body: body, Signature: sig})
		valid := strings.Contains(" "+sig+" ", " "+p.Sign(tenant, id, body)+" ")
		if valid {
			require.NoError(t, err)
			return
		}
		if sig == "" || !strings.Contains(sig, "v1,") {
			require.Error(t, err)
		}
		if err == nil {
			return // a signature under keyB, the second key
		}
		f, ok := producerauth.AsFailure(err)
		require.True(t, ok)
		require.Equal(t, producerauth.CheckSignature, f.Check)
		require.NotContains(t, err.Error(), keyA[6:])
		require.NotContains(t, err.Error(), keyB[6:])
		if len(sig) > 8 {
			require.NotContains(t, err.Error(), sig, "never the signature")
		}
	})
}
