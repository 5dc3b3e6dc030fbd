package producer

import (
	"hash/fnv"
	"sync"

	"github.com/eventmesh/processor/internal/rejection"
)

// eventKey identifies a stored event: the processor is idempotent on it.
type eventKey struct{ tenant, id string }

// tally accumulates what was sent and derives the expected outcome from the
// sends themselves, in the order they happened: of the sends of one event id,
// the first is stored, identical bodies after it are duplicates and different
// ones are conflicts. That holds whichever copy the processor sees first,
// because the workload gives an event at most one follow-up send.
type tally struct {
	mu     sync.Mutex
	sent   map[Row]int
	bodies map[eventKey]uint64
	exp    Expected
}

func newTally() *tally {
	return &tally{
		sent:   make(map[Row]int),
		bodies: make(map[eventKey]uint64),
		exp: Expected{
			StoredByTenant:  make(map[string]int),
			PoisonedByClass: make(map[rejection.Class]int),
		},
	}
}

// add records a message SQS accepted.
func (t *tally) add(m Message) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sent[Row{Tenant: m.Tenant, Type: m.Type, Kind: m.Kind}]++
	switch {
	case m.Kind == KindLegacy:
		t.stored(m.Tenant)
	case m.Kind == KindValid, m.Kind == KindDuplicate, m.Kind == KindConflict:
		t.event(m)
	default:
		t.poisoned(m.Kind.Class())
	}
}

func (t *tally) event(m Message) {
	key, sum := eventKey{m.Tenant, m.EventID}, bodySum(m.Body)
	first, seen := t.bodies[key]
	switch {
	case !seen:
		t.bodies[key] = sum
		t.stored(m.Tenant)
	case first == sum:
		t.exp.Duplicates++
	default:
		t.poisoned(rejection.ClassConflict)
	}
}

func (t *tally) stored(tenant string) {
	t.exp.Stored++
	t.exp.StoredByTenant[tenant]++
}

func (t *tally) poisoned(class rejection.Class) {
	t.exp.Poisoned++
	t.exp.PoisonedByClass[class]++
}

func bodySum(body []byte) uint64 {
	h := fnv.New64a()
	_, _ = h.Write(body) // hash.Hash never returns an error
	return h.Sum64()
}

// count returns the number of messages recorded so far.
func (t *tally) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, c := range t.sent {
		n += c
	}
	return n
}
