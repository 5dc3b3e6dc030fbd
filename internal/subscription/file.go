package subscription

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"path"

	"github.com/eventmesh/processor/internal/envelope"
)

// file is the content of <tenant>/_subscriptions/<endpoint-id>.jsonc.
type file struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	EventTypes  []string `json:"event_types"`
	Filter      Filter   `json:"filter"`
	RateLimit   float64  `json:"rate_limit"`
	Burst       int      `json:"burst"`
	MaxInFlight int      `json:"max_in_flight"`
	Enabled     *bool    `json:"enabled"`
	Secrets     []string `json:"secrets"`
}

func parseFile(data []byte) (*file, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(stripComments(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the object")
	}
	return &f, nil
}

// stripComments blanks the lines whose first non-blank characters are "//",
// keeping line numbers.
func stripComments(data []byte) []byte {
	lines := bytes.Split(data, []byte("\n"))
	for i, line := range lines {
		if bytes.HasPrefix(bytes.TrimSpace(line), []byte("//")) {
			lines[i] = nil
		}
	}
	return bytes.Join(lines, []byte("\n"))
}

// subscription checks f, declared for tenant in the file named id.jsonc,
// and builds its Subscription. knownType reports whether the tenant has an
// event type.
func (f *file) subscription(tenant, id string, opts Options, knownType func(string) bool) (*Subscription, error) {
	errs := f.check(id, knownType)
	u, err := f.url(opts)
	errs = append(errs, err)
	sub := &Subscription{
		Tenant: tenant, ID: f.ID, URL: u, EventTypes: f.EventTypes, Filter: f.Filter,
		RateLimit: f.RateLimit, Burst: f.Burst, MaxInFlight: f.MaxInFlight, Enabled: f.Enabled != nil && *f.Enabled,
	}
	sub.applyDefaults()
	for _, ref := range f.Secrets {
		s, err := resolveSecret(ref, opts.lookup())
		errs = append(errs, err)
		sub.Secrets = append(sub.Secrets, s)
	}
	return sub, errors.Join(errs...)
}

// check reports every problem of f's fields but the URL and the secrets.
func (f *file) check(id string, knownType func(string) bool) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if f.ID != id {
		add("id %q differs from its file name %q", f.ID, id+Ext)
	}
	if !envelope.ValidName(f.ID) {
		add("id %q must match ^[a-z0-9][a-z0-9._-]{0,63}$", f.ID)
	}
	if f.Enabled == nil {
		add("enabled is required")
	}
	if len(f.EventTypes) == 0 {
		add(`event_types is empty (["*"] for every type)`)
	}
	for _, t := range f.EventTypes {
		if _, err := path.Match(t, ""); err != nil {
			add("event type pattern %q: %v", t, err)
		} else if !hasMeta(t) && !knownType(t) {
			add("event type %q is not an event type of the tenant", t)
		}
	}
	for i := range f.Filter {
		if err := f.Filter[i].compile(); err != nil {
			add("filter %d: %v", i, err)
		}
	}
	if !(f.RateLimit >= 0 && f.RateLimit <= maxRateLimit) {
		add("rate_limit %v must be in (0, %v] per second (0: default %v)", f.RateLimit, maxRateLimit, DefaultRateLimit)
	}
	if f.Burst < 0 {
		add("burst %d must not be negative (0: default, rate_limit rounded up)", f.Burst)
	}
	if f.MaxInFlight < 0 || f.MaxInFlight > maxInFlightLimit {
		add("max_in_flight %d must be in [1, %d] (0: default %d)", f.MaxInFlight, maxInFlightLimit, DefaultMaxInFlight)
	}
	if len(f.Secrets) == 0 || len(f.Secrets) > 2 {
		add("secrets must hold one reference, or two while rotating (env:NAME or file:/path)")
	}
	return errs
}

func hasMeta(pattern string) bool {
	return bytes.ContainsAny([]byte(pattern), `*?[\`)
}

func (f *file) url(opts Options) (*url.URL, error) {
	raw, err := expandURL(f.URL, opts.lookup())
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("url: %w", err)
	}
	switch {
	case u.Scheme != "https" && !(u.Scheme == "http" && opts.AllowHTTP):
		return nil, fmt.Errorf("url %s must be https (http only with the loader's AllowHTTP, for local development)", raw)
	case u.Host == "":
		return nil, fmt.Errorf("url %s has no host", raw)
	case u.User != nil:
		return nil, fmt.Errorf("url %s: credentials in URLs are not allowed; endpoints authenticate requests by their signature", u.Redacted())
	}
	return u, nil
}

func (s *Subscription) applyDefaults() {
	s.RateLimit = cmp.Or(s.RateLimit, DefaultRateLimit)
	s.Burst = cmp.Or(s.Burst, max(1, int(math.Ceil(s.RateLimit))))
	s.MaxInFlight = cmp.Or(s.MaxInFlight, DefaultMaxInFlight)
}
