package testenv

import (
	"crypto/sha256"
	"encoding/base64"
	"os"

	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/schemas"
)

// ProducerKeyEnv is the environment of test keys for the shipped schemas:
// every variable an "env:NAME" key reference of schemas.FS names
// (registry.KeyVariables), set to TestProducerKey(NAME). Child processes
// (the processor binary, the producers) get it on top of their environment.
func ProducerKeyEnv() map[string]string {
	names, err := registry.KeyVariables(schemas.FS)
	if err != nil {
		panic("testenv: " + err.Error())
	}
	env := make(map[string]string, len(names))
	for _, name := range names {
		env[name] = TestProducerKey(name)
	}
	return env
}

// ProducerKeys resolves key references to the test keys of ProducerKeyEnv,
// for registry.LoadWithKeys, without the process's environment.
func ProducerKeys() producerauth.KeySource {
	env := ProducerKeyEnv()
	return producerauth.KeySource{LookupEnv: func(name string) (string, bool) {
		v, ok := env[name]
		return v, ok
	}, ReadFile: os.ReadFile}
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

// MainWithProducerKeys is a TestMain for packages whose tests load the
// shipped schemas: SetProducerKeys, then the tests, then exit with their
// status.
func MainWithProducerKeys(m interface{ Run() int }) {
	SetProducerKeys()
	os.Exit(m.Run())
}
