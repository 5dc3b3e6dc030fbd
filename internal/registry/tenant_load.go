package registry

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/producerauth"
)

// tenant loads a tenant directory, whose name Load has checked: its
// tenant.json and every schema.
func (l *loader) tenant(dir string) (*tenant, error) {
	tf, err := l.readTenantFile(dir)
	if err != nil {
		return nil, err
	}
	t := newTenant(tf)
	if err := l.resolveAuthentication(t, tf); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read tenant directory %s: %w", dir, err)
	}
	for _, e := range entries {
		if err := l.tenantEntry(t, dir, e); err != nil {
			return nil, err
		}
	}
	for name, et := range tf.EventTypes {
		if err := t.checkLoaded(name, et.DefaultVersion); err != nil {
			return nil, fmt.Errorf("tenant %s: %w", dir, err)
		}
	}
	return t, nil
}

func newTenant(tf *tenantFile) *tenant {
	t := &tenant{
		info: Tenant{
			ID: tf.ID, DisplayName: tf.DisplayName, Active: *tf.Active,
			Producers: map[string][]string{}, EventTypes: map[string]EventType{},
		},
		producers: map[string]map[string]bool{},
		auth:      map[string]producerauth.Policy{},
		types:     map[string]*eventType{},
	}
	for producer, types := range tf.Producers {
		t.info.Producers[producer] = slices.Sorted(slices.Values(types))
		t.producers[producer] = map[string]bool{}
		for _, et := range types {
			t.producers[producer][et] = true
		}
	}
	for name, et := range tf.EventTypes {
		t.types[name] = &eventType{name: name, defaultVersion: et.DefaultVersion, versions: map[string]*jsonschema.Schema{}}
	}
	return t
}

func (l *loader) tenantEntry(t *tenant, dir string, e fs.DirEntry) error {
	name := path.Join(dir, e.Name())
	switch {
	case e.Name() == "tenant.json" || skipped(e.Name()):
		return nil
	case !e.IsDir() && strings.HasSuffix(e.Name(), ".json"):
		return fmt.Errorf("unexpected file %s: schemas go in <tenant>/<event-type>/<version>.json", name)
	case !e.IsDir():
		return nil
	}
	et, ok := t.types[e.Name()]
	if !ok {
		return fmt.Errorf("directory %s: %q is not an event type in %s/tenant.json", name, e.Name(), dir)
	}
	return l.versions(et, name)
}

// versions compiles every <version>.json of an event type directory.
func (l *loader) versions(et *eventType, dir string) error {
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		return fmt.Errorf("read event type directory %s: %w", dir, err)
	}
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		version, isJSON := strings.CutSuffix(e.Name(), ".json")
		switch {
		case skipped(e.Name()) || (!e.IsDir() && !isJSON):
			continue
		case e.IsDir() || !envelope.ValidSchemaVersion(version):
			return fmt.Errorf("unexpected %s: an event type directory holds <version>.json files, versions matching ^v[1-9][0-9]{0,5}$", name)
		}
		sch, err := l.compile(name)
		if err != nil {
			return err
		}
		et.versions[version] = sch
	}
	return nil
}

func (t *tenant) checkLoaded(name, defaultVersion string) error {
	et := t.types[name]
	if len(et.versions) == 0 {
		return fmt.Errorf("event type %s has no schema: add %s/%s/%s.json", name, t.info.ID, name, defaultVersion)
	}
	if _, ok := et.versions[defaultVersion]; !ok {
		return fmt.Errorf("event type %s: default_version %s has no schema file", name, defaultVersion)
	}
	t.info.EventTypes[name] = EventType{DefaultVersion: defaultVersion, Versions: slices.Sorted(maps.Keys(et.versions))}
	return nil
}

// resolveAuthentication resolves the keys of every producer's declaration
// (checked by readTenantFile).
func (l *loader) resolveAuthentication(t *tenant, tf *tenantFile) error {
	var errs []error
	for _, producer := range slices.Sorted(maps.Keys(tf.Authentication)) {
		p, err := tf.Authentication[producer].Resolve(l.keys)
		if err != nil {
			errs = append(errs, fmt.Errorf("tenant %s, producer %s: %w", tf.ID, producer, err))
			continue
		}
		t.auth[producer] = p
	}
	return errors.Join(errs...) // every missing or bad key at once
}
