// Package subscription holds the tenants' webhook subscriptions: which
// endpoint (an HTTPS URL) receives which of a tenant's events, with its rate
// limit, its bound on deliveries in flight and its signing secrets.
//
// Subscriptions are files next to the tenant's schemas (see Load):
//
//	<tenant>/_subscriptions/<endpoint-id>.json
//
// The registry skips directories starting with "_", so these files never
// disturb it, and schemas.FS embeds them with the schemas. A Set is loaded
// at start-up and on reload, and is then immutable.
package subscription

import (
	"maps"
	"net/url"
	"path"
	"slices"

	"github.com/eventmesh/processor/internal/webhook"
)

// Defaults of a subscription's limits; a zero in its file takes them.
const (
	// DefaultRateLimit is the deliveries per second to one endpoint.
	DefaultRateLimit = 50.0
	// DefaultMaxInFlight is the most deliveries in flight to one endpoint.
	DefaultMaxInFlight = 16
)

// Limits of a subscription's file: rate_limit at most maxRateLimit per
// second, max_in_flight at most maxInFlightLimit.
const (
	maxRateLimit     = 100_000.0
	maxInFlightLimit = 1024
)

// Subscription is one endpoint of a tenant and the events it receives.
type Subscription struct {
	// Tenant is the tenant id; ID the endpoint id, unique in the tenant,
	// matching ^[a-z0-9][a-z0-9._-]{0,63}$ and naming its file.
	Tenant string
	ID     string
	// URL is where deliveries are POSTed: https (http only where the loader
	// allows it, for local development).
	URL *url.URL
	// EventTypes are the types delivered: exact names, or path.Match
	// patterns ("*" for every type, "order-*").
	EventTypes []string
	// Filter, when not empty, must match too: every condition holds.
	Filter Filter
	// RateLimit is deliveries per second (default DefaultRateLimit; at most
	// 100,000); Burst the token bucket's size (default: RateLimit rounded
	// up, at least 1).
	RateLimit float64
	Burst     int
	// MaxInFlight bounds the deliveries in flight (default
	// DefaultMaxInFlight; at most 1024).
	MaxInFlight int
	// Enabled false stops fan-out to the endpoint: no delivery is recorded.
	Enabled bool
	// Secrets sign each request, in order: two while a secret is rotated.
	Secrets []webhook.Secret
}

// Key is "<tenant>/<endpoint id>", unique across tenants.
func (s *Subscription) Key() string {
	return Key(s.Tenant, s.ID)
}

// Key is the key of tenant's endpoint id.
func Key(tenant, id string) string {
	return tenant + "/" + id
}

// Wants reports whether the subscription receives events of eventType,
// before its Filter.
func (s *Subscription) Wants(eventType string) bool {
	return slices.ContainsFunc(s.EventTypes, func(pattern string) bool {
		ok, _ := path.Match(pattern, eventType) // patterns are checked at load
		return ok
	})
}

// Set is every tenant's subscriptions. It is immutable.
type Set struct {
	byTenant map[string][]*Subscription
	byKey    map[string]*Subscription
}

// NewSet returns a Set of subs. Tenant and ID pairs must be unique.
func NewSet(subs []*Subscription) *Set {
	s := &Set{byTenant: map[string][]*Subscription{}, byKey: map[string]*Subscription{}}
	for _, sub := range subs {
		s.byTenant[sub.Tenant] = append(s.byTenant[sub.Tenant], sub)
		s.byKey[sub.Key()] = sub
	}
	return s
}

// Tenant returns tenant's subscriptions, enabled or not, sorted by id.
func (s *Set) Tenant(tenant string) []*Subscription {
	return s.byTenant[tenant]
}

// Get returns the subscription of tenant's endpoint id.
func (s *Set) Get(tenant, id string) (*Subscription, bool) {
	sub, ok := s.byKey[Key(tenant, id)]
	return sub, ok
}

// All returns every subscription, by tenant then id.
func (s *Set) All() []*Subscription {
	all := make([]*Subscription, 0, len(s.byKey))
	for _, key := range slices.Sorted(maps.Keys(s.byKey)) {
		all = append(all, s.byKey[key])
	}
	return all
}

// Match returns the enabled subscriptions among subs that want an event of
// eventType whose CloudEvent document is body (decoded at most once, only
// for filters).
func Match(subs []*Subscription, eventType string, body []byte) ([]*Subscription, error) {
	var matched []*Subscription
	var doc any
	for _, s := range subs {
		if !s.Enabled || !s.Wants(eventType) {
			continue
		}
		if s.Filter.NeedsDocument() && doc == nil {
			d, err := DecodeDocument(body)
			if err != nil {
				return nil, err
			}
			doc = d
		}
		if s.Filter.Matches(doc) {
			matched = append(matched, s)
		}
	}
	return matched, nil
}
