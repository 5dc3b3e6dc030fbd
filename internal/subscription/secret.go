package subscription

import (
	"fmt"
	"os"
	"strings"

	"github.com/eventmesh/processor/internal/webhook"
)

// Lookup returns an environment variable and whether it is set.
type Lookup func(name string) (string, bool)

// resolveSecret reads a secret reference: "env:NAME" (the variable, through
// lookup) or "file:/path" (the file, surrounding white space trimmed). The
// value must be "whsec_<base64 of 24 to 64 bytes>". The repository holds
// only references, never secrets.
func resolveSecret(ref string, lookup Lookup) (webhook.Secret, error) {
	var value string
	switch {
	case strings.HasPrefix(ref, "env:"):
		v, ok := lookup(ref[len("env:"):])
		if !ok || v == "" {
			return webhook.Secret{}, fmt.Errorf("secret %s: the variable is not set", ref)
		}
		value = v
	case strings.HasPrefix(ref, "file:"):
		data, err := os.ReadFile(ref[len("file:"):])
		if err != nil {
			return webhook.Secret{}, fmt.Errorf("secret %s: %w", ref, err)
		}
		value = string(data)
	default:
		return webhook.Secret{}, fmt.Errorf("secret %q must be a reference, env:NAME or file:/path", redact(ref))
	}
	s, err := webhook.ParseSecret(value)
	if err != nil {
		return webhook.Secret{}, fmt.Errorf("secret %s: %w", ref, err)
	}
	return s, nil
}

// redact keeps a secret written in a file by mistake out of error messages.
func redact(ref string) string {
	if len(ref) > 10 {
		return ref[:6] + "…"
	}
	return ref
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
