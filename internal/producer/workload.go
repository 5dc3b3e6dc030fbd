package producer

import (
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"time"

	"github.com/eventmesh/processor/internal/envelope"
)

// maxPending bounds the valid events kept for later duplicates and conflicts.
const maxPending = 1024

// Workload generates a reproducible sequence of messages from a Catalog
// according to a Mix. The same seed, mix and catalog give the same kinds,
// tenants, event types, ids and data, and with the same Mix.Epoch the same
// bodies. A Workload is not safe for concurrent use.
type Workload struct {
	cat  *Catalog
	mix  Mix
	seed uint64
	rng  *rand.Rand
	// clock is the time of the next event.
	clock time.Time
	// pending are valid CloudEvents events that may still get their one
	// follow-up: an exact duplicate or a conflicting one.
	pending []sent
	// misrouted pairs a target with a producer of its tenant that may not
	// emit its event type.
	misrouted []misroute
}

// sent is a valid event already generated, and its message.
type sent struct {
	ev  envelope.Event
	msg Message
	tg  *target
}

type misroute struct {
	tg       *target
	producer string
}

// NewWorkload returns the workload of seed (0 picks a random seed, see Seed)
// and mix over cat. It fails when mix asks for a kind cat cannot produce,
// such as suspended-tenant events from a registry without a suspended tenant.
func NewWorkload(seed uint64, mix Mix, cat *Catalog) (*Workload, error) {
	if err := mix.Validate(); err != nil {
		return nil, err
	}
	if seed == 0 {
		seed = uint64(rand.Int64N(math.MaxInt64)) + 1 // fits an int: PRODUCERS_SEED
	}
	if mix.Epoch.IsZero() {
		mix.Epoch = time.Now()
	}
	mix.Epoch = mix.Epoch.UTC().Truncate(time.Millisecond)
	w := &Workload{
		cat: cat, mix: mix, seed: seed, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		clock: mix.Epoch,
	}
	w.misrouted = cat.misroutes()
	if err := w.feasible(); err != nil {
		return nil, err
	}
	return w, nil
}

// Seed is the seed that reproduces the workload.
func (w *Workload) Seed() uint64 {
	return w.seed
}

// Epoch is the time of the first event, which with the seed reproduces the
// bodies byte for byte.
func (w *Workload) Epoch() time.Time {
	return w.mix.Epoch
}

// Messages returns the endless sequence of the workload's messages; bound
// it with PublishConfig.Count or Duration, or Take.
func (w *Workload) Messages() iter.Seq[Message] {
	return func(yield func(Message) bool) {
		for yield(w.Next()) {
		}
	}
}

// Take returns the next n messages.
func (w *Workload) Take(n int) []Message {
	out := make([]Message, n)
	for i := range out {
		out[i] = w.Next()
	}
	return out
}

// Next returns the next message, signed as its producer signs (see sign).
func (w *Workload) Next() Message {
	return w.sign(w.next())
}

func (w *Workload) next() Message {
	u := w.rng.Float64()
	if u -= w.mix.Duplicates; u < 0 {
		return w.duplicate()
	}
	for _, k := range InvalidKinds {
		if u -= w.mix.Invalid[k]; u < 0 {
			return w.invalid(k)
		}
	}
	return w.valid()
}

func (w *Workload) feasible() error {
	needs := map[Kind]bool{
		KindSuspendedTenant:    len(w.cat.suspended) > 0,
		KindUnknownTenant:      len(w.cat.unknownTenants) > 0,
		KindSchemaViolation:    len(w.cat.violable) > 0,
		KindProducerNotAllowed: len(w.cat.valid) > 0,
		KindForgedSignature:    len(w.cat.forgeries) > 0,
		KindUnsigned:           len(w.cat.signing) > 0,
	}
	for k, ok := range needs {
		if w.mix.Invalid[k] > 0 && !ok {
			return fmt.Errorf("producer: the registry cannot produce %s events", k)
		}
	}
	if w.mix.Legacy > 0 && len(w.cat.legacy) == 0 {
		return fmt.Errorf("producer: Mix.Legacy is %v but no active tenant has the %q producer", w.mix.Legacy, envelope.LegacyProducer)
	}
	if w.mix.Legacy < 1 && len(w.cat.valid) == 0 {
		return fmt.Errorf("producer: no CloudEvents targets: set Mix.Legacy to 1")
	}
	return nil
}

// now returns the time of the next event and advances the clock by 1 ms.
func (w *Workload) now() time.Time {
	t := w.clock
	w.clock = t.Add(time.Millisecond)
	return t
}

func (w *Workload) pick(targets []target) *target {
	return &targets[w.rng.IntN(len(targets))]
}

func (w *Workload) uuid() string {
	return newUUID(w.rng)
}
