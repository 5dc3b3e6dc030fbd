package registry

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/eventmesh/processor/internal/producerauth"
)

// baseURL is the URL of the registry's root for the schema compiler. Its
// scheme is nobody's: only schemaFiles serves it.
const baseURL = "registry:///"

// loader reads the files of one registry and compiles
// their schemas with one compiler, so shared schemas compile once.
type loader struct {
	fsys     fs.FS
	keys     producerauth.KeySource
	compiler *jsonschema.Compiler
}

func newLoader(fsys fs.FS, keys producerauth.KeySource) *loader {
	l := &loader{fsys: fsys, keys: keys, compiler: jsonschema.NewCompiler()}
	l.compiler.DefaultDraft(jsonschema.Draft2020)
	l.compiler.AssertFormat()
	l.compiler.UseLoader(schemaFiles{l})
	return l
}

func (l *loader) read(name string) ([]byte, error) {
	return fs.ReadFile(l.fsys, name)
}

func (l *loader) compile(name string) (*jsonschema.Schema, error) {
	sch, err := l.compiler.Compile(baseURL + name)
	if err != nil {
		return nil, fmt.Errorf("compile schema %s: %w", name, err)
	}
	return sch, nil
}

// schemaFiles is the compiler's only URL loader: it serves the registry's
// own JSON files and refuses every other URL, so compiling never reaches the
// network or a file outside the registry. (Meta-schemas of the drafts are
// built into the compiler and never reach a loader.)
type schemaFiles struct{ l *loader }

func (s schemaFiles) Load(url string) (any, error) {
	name, ok := strings.CutPrefix(url, baseURL)
	if !ok || !fs.ValidPath(name) || !strings.HasSuffix(name, ".json") {
		return nil, fmt.Errorf("refusing to load %s: a schema may only $ref .json files of the registry", url)
	}
	data, err := s.l.read(name)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return doc, nil
}
