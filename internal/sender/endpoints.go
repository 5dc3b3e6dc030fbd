package sender

import (
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/sony/gobreaker"

	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/subscription"
)

// endpoints holds the local state of every subscribed endpoint.
type endpoints struct {
	onState func(key string, to gobreaker.State)

	mu     sync.RWMutex
	byKey  map[string]*endpoint
	subs   *subscription.Set
	reason map[string]string    // disabled endpoints (Postgres), by key
	marked map[string]time.Time // disabled here, maybe not yet in Postgres
}

// markHold is how long a local disable holds against a refresh from
// Postgres that does not show it yet (the result writer records it).
const markHold = 30 * time.Second

func newEndpoints(set *subscription.Set, onState func(string, gobreaker.State)) *endpoints {
	e := &endpoints{onState: onState, byKey: map[string]*endpoint{}, reason: map[string]string{}, marked: map[string]time.Time{}}
	e.setSubscriptions(set)
	return e
}

// setSubscriptions swaps in a new Set, keeping the state of endpoints that
// stay (their buckets, breakers and requests in flight).
func (e *endpoints) setSubscriptions(set *subscription.Set) {
	e.mu.Lock()
	defer e.mu.Unlock()
	next := map[string]*endpoint{}
	for _, sub := range set.All() {
		if !sub.Enabled {
			continue
		}
		ep, ok := e.byKey[sub.Key()]
		if ok {
			ep.update(sub)
		} else {
			ep = newEndpoint(sub, e.onState)
		}
		_, disabled := e.reason[sub.Key()]
		ep.setDisabled(disabled)
		next[sub.Key()] = ep
	}
	e.byKey, e.subs = next, set
}

// set returns the subscriptions in force.
func (e *endpoints) set() *subscription.Set {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.subs
}

// get returns an enabled subscription's endpoint.
func (e *endpoints) get(key string) (*endpoint, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	ep, ok := e.byKey[key]
	return ep, ok
}

// setDisabled records which endpoints Postgres holds disabled, plus those
// disabled here within markHold.
func (e *endpoints) setDisabled(reason map[string]string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for key, at := range e.marked {
		_, inPostgres := reason[key]
		switch {
		case inPostgres || time.Since(at) > markHold:
			delete(e.marked, key)
		default:
			reason[key] = "disabled here"
		}
	}
	e.reason = reason
	for key, ep := range e.byKey {
		_, disabled := reason[key]
		ep.setDisabled(disabled)
	}
}

// markDisabled records one endpoint disabled here, before the next refresh.
func (e *endpoints) markDisabled(key, why string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reason[key] = why
	e.marked[key] = time.Now()
	if ep, ok := e.byKey[key]; ok {
		ep.setDisabled(true)
	}
}

// rooms lists the endpoints that can take requests now, each with how many
// (at most perEndpoint). A disabled endpoint is listed too, so that its
// stray deliveries are claimed and skipped.
func (e *endpoints) rooms(now time.Time, perEndpoint int) []delivery.Room {
	e.mu.RLock()
	defer e.mu.RUnlock()
	var rooms []delivery.Room
	for _, ep := range e.byKey {
		if n := ep.room(now, perEndpoint); n > 0 {
			sub := ep.subscription()
			rooms = append(rooms, delivery.Room{Tenant: sub.Tenant, EndpointID: sub.ID, Max: n})
		}
	}
	return rooms
}

// keys lists every known endpoint's key.
func (e *endpoints) keys() []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return slices.Collect(maps.Keys(e.byKey))
}

// all returns every endpoint.
func (e *endpoints) all() []*endpoint {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]*endpoint, 0, len(e.byKey))
	for _, ep := range e.byKey {
		out = append(out, ep)
	}
	return out
}
