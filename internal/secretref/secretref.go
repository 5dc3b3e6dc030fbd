// Package secretref reads secrets given by reference, never by value:
// "env:NAME" (an environment variable) or "file:/absolute/path" (a file).
// Tenant files name their producers' keys so (producerauth), subscription
// files their endpoints' signing secrets (subscription): the repository
// holds references only. Errors name the reference, never the value it
// names.
package secretref

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The kinds of reference: the prefix before the variable's name or the
// file's path.
const (
	envPrefix  = "env:"
	filePrefix = "file:"
)

// Source reads the values references name.
type Source struct {
	// LookupEnv resolves env:NAME. Default: none (every env: reference is
	// unset).
	LookupEnv func(name string) (string, bool)
	// ReadFile resolves file:/path. Default: none (no file: reference is
	// readable).
	ReadFile func(path string) ([]byte, error)
}

// Environment is the process's environment and file system: os.LookupEnv
// and os.ReadFile.
func Environment() Source {
	return Source{LookupEnv: os.LookupEnv, ReadFile: os.ReadFile}
}

// Check reports whether ref is a reference: env:NAME with a name, or
// file:/path with an absolute path. Its error quotes at most the first 6
// characters of ref, so that a secret written in place of its reference
// stays out of logs.
func Check(ref string) error {
	if name, ok := Variable(ref); ok && name != "" {
		return nil
	}
	if path, ok := strings.CutPrefix(ref, filePrefix); ok && filepath.IsAbs(path) {
		return nil
	}
	return fmt.Errorf("%q must be env:NAME or file:/absolute/path (never the secret itself)", redact(ref))
}

// Variable returns the name of the environment variable an env:NAME
// reference names; ok is false for any other reference.
func Variable(ref string) (name string, ok bool) {
	return strings.CutPrefix(ref, envPrefix)
}

// Read checks ref (Check) and returns the value it names, surrounding white
// space trimmed. A variable that is not set, a file that cannot be read and
// a value that is blank are errors naming ref: "env:NAME: environment
// variable NAME is not set", "file:/path: <the read error>", "<ref> is
// empty".
func (s Source) Read(ref string) (string, error) {
	if err := Check(ref); err != nil {
		return "", err
	}
	value, err := s.read(ref)
	if err != nil {
		return "", err
	}
	if value = strings.TrimSpace(value); value == "" {
		return "", fmt.Errorf("%s is empty", ref)
	}
	return value, nil
}

func (s Source) read(ref string) (string, error) {
	if name, isEnv := Variable(ref); isEnv {
		v, ok := "", false
		if s.LookupEnv != nil {
			v, ok = s.LookupEnv(name)
		}
		if !ok {
			return "", fmt.Errorf("%s: environment variable %s is not set", ref, name)
		}
		return v, nil
	}
	if s.ReadFile == nil {
		return "", fmt.Errorf("%s: %w", ref, errNoFiles)
	}
	data, err := s.ReadFile(strings.TrimPrefix(ref, filePrefix))
	if err != nil {
		return "", fmt.Errorf("%s: %w", ref, err)
	}
	return string(data), nil
}

// errNoFiles is the error of a file: reference read from a Source without
// ReadFile.
var errNoFiles = errors.New("files are not readable here")

// redact keeps a secret written in place of its reference out of errors.
func redact(ref string) string {
	if len(ref) > 10 {
		return ref[:6] + "…"
	}
	return ref
}
