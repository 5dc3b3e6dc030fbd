package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/producerauth"
)

// tenantFile is the content of <tenant>/tenant.json.
type tenantFile struct {
	// ID must equal the directory name.
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	// Active is required: false suspends the tenant.
	Active *bool `json:"active"`
	// Producers maps each producer id to the event types it may emit.
	Producers map[string][]string `json:"producers"`
	// Authentication declares, for every producer, how it proves who it is.
	Authentication map[string]producerauth.Declaration `json:"authentication"`
	// EventTypes maps each event type to its settings; each has a directory.
	EventTypes map[string]eventTypeFile `json:"event_types"`
}

type eventTypeFile struct {
	DefaultVersion string `json:"default_version"`
	Description    string `json:"description"`
}

func (l *loader) readTenantFile(dir string) (*tenantFile, error) {
	name := path.Join(dir, "tenant.json")
	data, err := l.read(name)
	if err != nil {
		return nil, fmt.Errorf("read tenant file: %w", err)
	}
	var tf tenantFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tf); err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("parse %s: data after the object", name)
	}
	if err := tf.check(dir); err != nil {
		return nil, fmt.Errorf("check %s: %w", name, err)
	}
	return &tf, nil
}

func (tf *tenantFile) check(dir string) error {
	switch {
	case tf.ID != dir:
		return fmt.Errorf("id %q differs from its directory %q", tf.ID, dir)
	case tf.DisplayName == "":
		return errors.New("display_name is required")
	case tf.Active == nil:
		return errors.New("active is required")
	case len(tf.EventTypes) == 0:
		return errors.New("event_types is empty")
	}
	for name, et := range tf.EventTypes {
		if !envelope.ValidName(name) {
			return fmt.Errorf("event type %q must match ^[a-z0-9][a-z0-9._-]{0,63}$", name)
		}
		if !envelope.ValidSchemaVersion(et.DefaultVersion) {
			return fmt.Errorf("default_version %q of event type %s must match ^v[1-9][0-9]{0,5}$", et.DefaultVersion, name)
		}
	}
	if err := tf.checkProducers(); err != nil {
		return err
	}
	return tf.checkAuthentication()
}

func (tf *tenantFile) checkProducers() error {
	for producer, types := range tf.Producers {
		if !envelope.ValidName(producer) {
			return fmt.Errorf("producer %q must match ^[a-z0-9][a-z0-9._-]{0,63}$", producer)
		}
		if len(types) == 0 {
			return fmt.Errorf("producer %s may emit no event type", producer)
		}
		for i, t := range types {
			if _, ok := tf.EventTypes[t]; !ok {
				return fmt.Errorf("producer %s: event type %q is not in event_types", producer, t)
			}
			if slices.Contains(types[:i], t) {
				return fmt.Errorf("producer %s: event type %s listed twice", producer, t)
			}
		}
	}
	return nil
}

// checkAuthentication requires a valid authentication entry for every
// producer, and none for a producer that does not exist: "none" must be
// declared, never assumed.
func (tf *tenantFile) checkAuthentication() error {
	for _, producer := range slices.Sorted(maps.Keys(tf.Producers)) {
		d, ok := tf.Authentication[producer]
		if !ok {
			return fmt.Errorf(`producer %s declares no authentication: add "authentication": {%q: {"method": "hmac-sha256", "keys": ["env:NAME"]}} (or aws-sender-id, or none)`, producer, producer)
		}
		if err := d.Check(); err != nil {
			return fmt.Errorf("authentication of producer %s: %w", producer, err)
		}
	}
	for producer := range tf.Authentication {
		if _, ok := tf.Producers[producer]; !ok {
			return fmt.Errorf("authentication: %q is not in producers", producer)
		}
	}
	return nil
}
