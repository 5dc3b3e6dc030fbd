package testenv

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/eventmesh/processor/schemas"
)

// ProducerKeyEnv is the environment of test keys for the shipped schemas:
// every variable an "env:NAME" key reference of schemas.FS names, set to
// TestProducerKey(NAME). Child processes (the processor binary, the
// producers) get it on top of their environment.
func ProducerKeyEnv() map[string]string {
	env := map[string]string{}
	for _, name := range producerKeyVariables() {
		env[name] = TestProducerKey(name)
	}
	return env
}

// SetProducerKeys sets ProducerKeyEnv in this process's environment,
// replacing whatever the developer's shell holds, so that registry.Load of
// the shipped schemas resolves its keys in tests. Call it from TestMain,
// before any test runs: os.Setenv is not safe beside parallel tests.
func SetProducerKeys() {
	for name, value := range ProducerKeyEnv() {
		if err := os.Setenv(name, value); err != nil {
			panic("testenv: set " + name + ": " + err.Error())
		}
	}
}

// TestProducerKey is the test key of the variable name: a whsec_ secret
// derived from the name, the same in every run and every process.
func TestProducerKey(name string) string {
	sum := sha256.Sum256([]byte("eventmesh test producer key " + name))
	return "whsec_" + base64.StdEncoding.EncodeToString(sum[:])
}

// producerKeyVariables lists, sorted, the variables named by the key
// references of every tenant.json of the shipped schemas.
func producerKeyVariables() []string {
	names := map[string]bool{}
	files, _ := fs.Glob(schemas.FS, path.Join("*", "tenant.json"))
	for _, f := range files {
		var tf struct {
			Authentication map[string]struct {
				Keys []string `json:"keys"`
			} `json:"authentication"`
		}
		data, err := fs.ReadFile(schemas.FS, f)
		if err != nil || json.Unmarshal(data, &tf) != nil {
			panic("testenv: read " + f)
		}
		for _, a := range tf.Authentication {
			for _, ref := range a.Keys {
				if name, ok := strings.CutPrefix(ref, "env:"); ok {
					names[name] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(names))
}
