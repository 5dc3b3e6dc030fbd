package producer_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/schemas"
)

// setup returns the shipped registry and its catalog.
func setup(t *testing.T, bodySize int) (*registry.Registry, *producer.Catalog) {
	t.Helper()
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	cat, err := producer.NewCatalog(reg, producer.FixtureSamples, bodySize)
	require.NoError(t, err)
	return reg, cat
}

// everyKind is a mix with every kind in it, a lot of each.
func everyKind() producer.Mix {
	return producer.Mix{
		Invalid:    producer.SpreadInvalid(0.45, producer.InvalidKinds...),
		Duplicates: 0.1,
		Legacy:     0.3,
	}
}

// classify runs a message through what the processor runs before storing
// it: the envelope decoder and the registry.
func classify(reg *registry.Registry, m producer.Message, sqsMessageID string) (*envelope.Event, rejection.Class) {
	ev, err := envelope.Decode(m.Body, sqsMessageID)
	if err == nil {
		err = authenticate(reg, ev, m)
	}
	if err == nil {
		err = reg.Validate(ev)
	}
	if rejected, ok := rejection.As(err); ok {
		return ev, rejected.Class
	}
	if err != nil {
		panic(err)
	}
	return ev, ""
}

// authenticate is the event handler's check (handlers.Event).
func authenticate(reg *registry.Registry, ev *envelope.Event, m producer.Message) error {
	p, ok := reg.ProducerPolicy(ev.Tenant, ev.Producer)
	if !ok {
		return nil
	}
	if err := p.Check(producerauth.Claim{Tenant: ev.Tenant, EventID: ev.ID, Body: m.Body, Signature: m.Signature}); err != nil {
		return &rejection.Error{Class: rejection.ClassUnauthenticated, Err: err}
	}
	return nil
}

func TestWorkload_every_message_is_rejected_or_accepted_as_its_kind_says(t *testing.T) {
	t.Parallel()
	reg, cat := setup(t, 0)
	w, err := producer.NewWorkload(7, everyKind(), cat)
	require.NoError(t, err)

	seen := map[producer.Kind]int{}
	for i, m := range w.Take(5000) {
		seen[m.Kind]++
		ev, class := classify(reg, m, fmt.Sprintf("sqs-%d", i))
		if m.Kind == producer.KindConflict {
			require.Empty(t, class, "a conflicting duplicate is valid on its own: the store finds the conflict")
		} else {
			require.Equal(t, m.Kind.Class(), class, "message %d of kind %s: %s", i, m.Kind, m.Body)
		}
		if class == "" {
			require.Equal(t, m.Tenant, ev.Tenant)
			require.Equal(t, m.Type, ev.Type)
			require.Equal(t, m.EventID, map[bool]string{true: "", false: ev.ID}[m.Kind == producer.KindLegacy])
		}
		if m.EventID != "" {
			require.Equal(t, m.EventID, m.UUID, "the Watermill UUID is the event id")
		}
		require.NotEmpty(t, m.CorrelationID)
	}
	for _, k := range append([]producer.Kind{producer.KindValid, producer.KindLegacy, producer.KindDuplicate}, producer.InvalidKinds...) {
		require.Positive(t, seen[k], "kind %s", k)
	}
}

func TestWorkload_same_seed_and_epoch_give_the_same_bodies(t *testing.T) {
	t.Parallel()
	_, cat := setup(t, 0)
	mix := everyKind()
	mix.Epoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	a, err := producer.NewWorkload(42, mix, cat)
	require.NoError(t, err)
	b, err := producer.NewWorkload(42, mix, cat)
	require.NoError(t, err)
	require.EqualValues(t, 42, a.Seed())

	for i, ma := range a.Take(500) {
		require.Equal(t, ma, b.Next(), "message %d", i)
	}
}

func TestWorkload_seed_0_picks_a_random_seed(t *testing.T) {
	t.Parallel()
	_, cat := setup(t, 0)
	a, err := producer.NewWorkload(0, producer.Mix{}, cat)
	require.NoError(t, err)
	b, err := producer.NewWorkload(0, producer.Mix{}, cat)
	require.NoError(t, err)
	require.NotZero(t, a.Seed())
	require.NotEqual(t, a.Seed(), b.Seed())
	require.NotEqual(t, a.Next().EventID, b.Next().EventID)
}

func TestWorkload_duplicates_and_conflicts_follow_up_an_earlier_event_once(t *testing.T) {
	t.Parallel()
	_, cat := setup(t, 0)
	w, err := producer.NewWorkload(3, everyKind(), cat)
	require.NoError(t, err)

	originals := map[string]string{}
	followed := map[string]bool{}
	for _, m := range w.Take(5000) {
		switch m.Kind {
		case producer.KindValid:
			originals[m.EventID] = string(m.Body)
		case producer.KindDuplicate, producer.KindConflict:
			orig, ok := originals[m.EventID]
			require.True(t, ok, "a %s follows an event sent before it", m.Kind)
			require.Equal(t, m.Kind == producer.KindDuplicate, orig == string(m.Body))
			require.False(t, followed[m.EventID], "event %s followed up twice", m.EventID)
			followed[m.EventID] = true
		}
	}
}

func TestWorkload_benchmark_mix_has_1KB_bodies_over_many_tenants_and_types(t *testing.T) {
	t.Parallel()
	reg, cat := setup(t, 1024)
	require.GreaterOrEqual(t, len(cat.Tenants()), 5)
	require.GreaterOrEqual(t, len(cat.EventTypes()), 10)
	w, err := producer.NewWorkload(1, producer.Mix{
		Invalid: producer.SpreadInvalid(0.10, producer.InvalidKinds...), Duplicates: 0.02, BodySize: 1024,
	}, cat)
	require.NoError(t, err)

	total, valid := 0, 0
	for i, m := range w.Take(2000) {
		if m.Kind != producer.KindValid {
			continue
		}
		_, class := classify(reg, m, fmt.Sprintf("sqs-%d", i))
		require.Empty(t, class, "padding keeps events valid: %s", m.Body)
		total += len(m.Body)
		valid++
	}
	require.InDelta(t, 1024, total/valid, 200, "mean body size of valid events")
}

func TestMix_Validate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		mix  producer.Mix
		err  string
	}{
		{name: "zero", mix: producer.Mix{}},
		{name: "benchmark", mix: producer.Mix{Invalid: producer.SpreadInvalid(0.1, producer.InvalidKinds...), Duplicates: 0.02, BodySize: 1024}},
		{name: "legacy", mix: producer.LegacyMix(0.05)},
		{name: "valid kind as invalid", mix: producer.Mix{Invalid: map[producer.Kind]float64{producer.KindValid: 0.1}}, err: `"valid" is not an invalid kind`},
		{name: "negative share", mix: producer.Mix{Duplicates: -0.1}, err: "Mix.Duplicates must be in [0, 1]"},
		{name: "shares above one", mix: producer.Mix{Invalid: producer.SpreadInvalid(0.9, producer.KindPlainText), Duplicates: 0.2}, err: "add up to 1.1"},
		{name: "legacy above one", mix: producer.Mix{Legacy: 2}, err: "Mix.Legacy must be in [0, 1]"},
		{name: "huge body", mix: producer.Mix{BodySize: 1 << 20}, err: "Mix.BodySize must be in [0, 262144]"},
		{name: "NaN share", mix: producer.Mix{Duplicates: math.NaN()}, err: "Mix.Duplicates must be in [0, 1], got NaN"},
		{name: "infinite share", mix: producer.Mix{Invalid: map[producer.Kind]float64{producer.KindPlainText: math.Inf(1)}}, err: "Mix.Invalid[plain_text] must be in [0, 1], got +Inf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.mix.Validate()
			if tc.err == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.err)
		})
	}
}
