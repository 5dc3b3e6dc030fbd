package bench

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"maps"
	"os"
	"sync"

	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/schemas"
)

// producerKeys are the producers' keys of a benchmark run: a random whsec_
// secret for every variable the embedded schemas' key references name
// (registry.KeyVariables). The workload signs with them and every processor
// the run starts gets them in its environment.
var producerKeys = sync.OnceValues(func() (map[string]string, error) {
	names, err := registry.KeyVariables(schemas.FS)
	if err != nil {
		return nil, err
	}
	keys := make(map[string]string, len(names))
	for _, name := range names {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("producer key %s: %w", name, err)
		}
		keys[name] = "whsec_" + base64.StdEncoding.EncodeToString(key)
	}
	return keys, nil
})

// loadRegistry loads the embedded registry with the run's producer keys.
func loadRegistry() (*registry.Registry, error) {
	keys, err := producerKeys()
	if err != nil {
		return nil, err
	}
	return registry.LoadWithKeys(schemas.FS, producerauth.KeySource{
		LookupEnv: func(name string) (string, bool) { v, ok := keys[name]; return v, ok },
		ReadFile:  os.ReadFile,
	})
}

// withProducerKeys adds the run's producer keys to a processor environment.
func withProducerKeys(env map[string]string) map[string]string {
	keys, _ := producerKeys() // loadRegistry, earlier in every run, reported the error
	maps.Copy(env, keys)
	return env
}
