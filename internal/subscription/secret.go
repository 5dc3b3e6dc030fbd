package subscription

import (
	"fmt"
	"os"
	"strings"

	"github.com/eventmesh/processor/internal/secretref"
	"github.com/eventmesh/processor/internal/webhook"
)

// Lookup returns an environment variable and whether it is set.
type Lookup func(name string) (string, bool)

// resolveSecret reads a secret reference (secretref: "env:NAME", the
// variable through lookup, or "file:/absolute/path"). The value must be
// "whsec_<base64 of 24 to 64 bytes>". The repository holds only
// references, never secrets.
func resolveSecret(ref string, lookup Lookup) (webhook.Secret, error) {
	value, err := secretref.Source{LookupEnv: lookup, ReadFile: os.ReadFile}.Read(ref)
	if err != nil {
		return webhook.Secret{}, fmt.Errorf("secret %w", err)
	}
	s, err := webhook.ParseSecret(value)
	if err != nil {
		return webhook.Secret{}, fmt.Errorf("secret %s: %w", ref, err)
	}
	return s, nil
}

// expandURL replaces ${NAME} in a URL with the variable's value; a variable
// that is not set is an error (a URL is never silently half-built).
func expandURL(raw string, lookup Lookup) (string, error) {
	var missing []string
	out := os.Expand(raw, func(name string) string {
		v, ok := lookup(name)
		if !ok || v == "" {
			missing = append(missing, name)
		}
		return v
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("url %s: variable %s is not set", raw, strings.Join(missing, ", "))
	}
	return out, nil
}
