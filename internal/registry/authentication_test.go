package registry_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/secretref"
)

const validKey = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

func authFS(auth string) fstest.MapFS {
	return fstest.MapFS{
		"t/tenant.json": {Data: []byte(`{"id":"t","display_name":"T","active":true,"producers":{"api":["e"]},` +
			auth + `"event_types":{"e":{"default_version":"v1"}}}`)},
		"t/e/v1.json": {Data: []byte(`{"type":"object"}`)},
	}
}

func envOf(vars map[string]string) producerauth.KeySource {
	return producerauth.KeySource{LookupEnv: func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}, ReadFile: os.ReadFile}
}

func TestLoad_refuses_a_producer_without_valid_authentication(t *testing.T) {
	t.Parallel()
	env := envOf(map[string]string{"EMPTY": " ", "GOOD": validKey, "BAD": "not-a-secret"})
	for _, tt := range []struct{ name, auth, want string }{
		{"not declared", ``, "producer api declares no authentication"},
		{"unknown method", `"authentication":{"api":{"method":"basic"}},`, `method "basic" must be`},
		{"hmac without keys", `"authentication":{"api":{"method":"hmac-sha256"}},`, `needs "keys"`},
		{"literal key in the file", `"authentication":{"api":{"method":"hmac-sha256","keys":["` + validKey + `"]}},`, "must be env:NAME or file:/absolute/path"},
		{"variable not set", `"authentication":{"api":{"method":"hmac-sha256","keys":["env:MISSING"]}},`, "tenant t, producer api: key reference env:MISSING: environment variable MISSING is not set"},
		{"variable empty", `"authentication":{"api":{"method":"hmac-sha256","keys":["env:EMPTY"]}},`, "tenant t, producer api: key reference env:EMPTY is empty"},
		{"not a whsec secret", `"authentication":{"api":{"method":"hmac-sha256","keys":["env:BAD"]}},`, "tenant t, producer api: key reference env:BAD, key 1: webhook secret must be"},
		{"file missing", `"authentication":{"api":{"method":"hmac-sha256","keys":["file:/nonexistent/key"]}},`, "tenant t, producer api: key reference file:/nonexistent/key"},
		{"sender ids empty", `"authentication":{"api":{"method":"aws-sender-id","sender_ids":[]}},`, `needs non-empty "sender_ids"`},
		{"none with keys", `"authentication":{"api":{"method":"none","keys":["env:GOOD"]}},`, "method none takes no"},
		{"unknown producer", `"authentication":{"api":{"method":"none"},"other":{"method":"none"}},`, `"other" is not in producers`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := registry.LoadWithKeys(authFS(tt.auth), env)
			require.ErrorContains(t, err, tt.want)
			require.NotContains(t, err.Error(), validKey[6:], "an error never shows a key")
			require.NotContains(t, err.Error(), "not-a-secret", "an error never shows a referenced value")
		})
	}
}

func TestLoad_resolves_each_method(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(file, []byte(validKey+"\n"), 0o600))
	env := envOf(map[string]string{"TWO": validKey + " " + validKey})
	for _, tt := range []struct {
		name, auth string
		method     producerauth.Method
		keys       int
	}{
		{"env, two keys rotating", `"authentication":{"api":{"method":"hmac-sha256","keys":["env:TWO"]}},`, producerauth.MethodHMAC, 2},
		{"env and file", `"authentication":{"api":{"method":"hmac-sha256","keys":["env:TWO","file:` + file + `"]}},`, producerauth.MethodHMAC, 3},
		{"sender ids", `"authentication":{"api":{"method":"aws-sender-id","sender_ids":["AIDAEXAMPLE"]}},`, producerauth.MethodSenderID, 0},
		{"none", `"authentication":{"api":{"method":"none"}},`, producerauth.MethodNone, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reg, err := registry.LoadWithKeys(authFS(tt.auth), env)
			require.NoError(t, err)
			p, ok := reg.ProducerPolicy("t", "api")
			require.True(t, ok)
			require.Equal(t, tt.method, p.Method)
			require.Equal(t, tt.keys, p.Keys())
			_, ok = reg.ProducerPolicy("t", "other")
			require.False(t, ok)
		})
	}
}

func TestLoad_reads_a_rotated_key_file(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "key")
	require.NoError(t, os.WriteFile(file, []byte(validKey), 0o600))
	fsys := authFS(`"authentication":{"api":{"method":"hmac-sha256","keys":["file:` + file + `"]}},`)
	before, err := registry.LoadWithKeys(fsys, secretref.Environment())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(file, []byte("whsec_"+"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), 0o600))
	after, err := registry.LoadWithKeys(fsys, secretref.Environment())
	require.NoError(t, err)
	old, ok := before.ProducerPolicy("t", "api")
	require.True(t, ok)
	rotated, ok := after.ProducerPolicy("t", "api")
	require.True(t, ok)
	require.NotEqual(t, old.Fingerprint(), rotated.Fingerprint(), "the next load holds the rotated key")
}

// Every missing key of every tenant is named in one error, so an operator
// sets them all in one go (the shipped registry references nine).
func TestLoad_names_every_missing_key_at_once(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for _, tenant := range []string{"a", "b"} {
		fsys[tenant+"/tenant.json"] = &fstest.MapFile{Data: []byte(`{"id":"` + tenant + `","display_name":"T","active":true,` +
			`"producers":{"api":["e"],"crm":["e"]},"authentication":{` +
			`"api":{"method":"hmac-sha256","keys":["env:KEY_` + tenant + `_API"]},` +
			`"crm":{"method":"hmac-sha256","keys":["env:KEY_` + tenant + `_CRM"]}},` +
			`"event_types":{"e":{"default_version":"v1"}}}`)}
		fsys[tenant+"/e/v1.json"] = &fstest.MapFile{Data: []byte(`{"type":"object"}`)}
	}
	_, err := registry.LoadWithKeys(fsys, envOf(map[string]string{"KEY_b_API": validKey}))
	for _, want := range []string{"tenant a, producer api", "tenant a, producer crm", "tenant b, producer crm"} {
		require.ErrorContains(t, err, want)
	}
	require.NotContains(t, err.Error(), "tenant b, producer api")
}
