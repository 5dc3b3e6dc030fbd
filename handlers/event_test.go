package handlers_test

import (
	"testing"
	"testing/fstest"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/handlers"
	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/middleware"
	"github.com/eventmesh/processor/schemas"
)

// eventBundle is the Event handler over the shipped registry, with a store
// step that records what it is given.
type eventBundle struct {
	holder *registry.Holder
	seen   []*envelope.Event
	h      message.NoPublishHandlerFunc
}

func setupEvent(t *testing.T) *eventBundle {
	t.Helper()
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	b := &eventBundle{holder: registry.NewHolder(reg)}
	b.h = handlers.Event(b.holder, nil, func(msg *message.Message, ev *envelope.Event) error {
		recorded, ok := middleware.EventFromContext(msg.Context())
		require.True(t, ok, "the event is recorded for the failure log")
		require.Same(t, ev, recorded)
		b.seen = append(b.seen, ev)
		return nil
	})
	return b
}

func TestEvent_stores_the_validated_event(t *testing.T) {
	t.Parallel()
	b := setupEvent(t)
	s, _ := fixtures.Lookup("acme-shop", "order-placed", "v2")
	ev := s.ValidEvent(0)
	ev.SchemaVersion = ""
	body, err := fixtures.Body(ev)
	require.NoError(t, err)

	msg := message.NewMessage(ev.ID, body)
	signAsClaimed(t, b.holder.Current(), msg)
	require.NoError(t, b.h(msg))
	require.Len(t, b.seen, 1)
	require.Equal(t, ev.ID, b.seen[0].ID)
	require.Equal(t, "v2", b.seen[0].SchemaVersion, "the default version is resolved")
	require.JSONEq(t, string(ev.Data), string(b.seen[0].Data))
}

func TestEvent_legacy_event_id_is_the_sqs_message_id_or_the_uuid(t *testing.T) {
	t.Parallel()
	b := setupEvent(t)
	body := []byte(`{"event_type":"monitor-app","client_id":"client-1","message":{"status":"up"}}`)

	withSQS := message.NewMessage("watermill-uuid-1", body)
	withSQS.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-id-1")
	err := b.h(withSQS)
	require.NoError(t, err)
	err = b.h(message.NewMessage("watermill-uuid-2", body))
	require.NoError(t, err)
	replayed := message.NewMessage("watermill-uuid-3", body)
	replayed.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-id-of-the-replay")
	replayed.Metadata.Set(poison.OriginalMessageIDKey, "sqs-id-1")
	err = b.h(replayed)
	require.NoError(t, err)

	require.Equal(t, "sqs-id-1", b.seen[0].ID)
	require.Equal(t, "watermill-uuid-2", b.seen[1].ID)
	require.Equal(t, "sqs-id-1", b.seen[2].ID, "a replay keeps the id the event first arrived with")
	require.Equal(t, envelope.LegacyProducer, b.seen[1].Producer)
	require.Equal(t, "v1", b.seen[1].SchemaVersion)
}

// signAsClaimed signs msg as the producer its body names would, when the
// registry gives that producer a key, so that the case is judged after
// authentication.
func signAsClaimed(t *testing.T, reg *registry.Registry, msg *message.Message) {
	t.Helper()
	ev, err := envelope.Decode(msg.Payload, msg.Metadata.Get(sqsqueue.MetadataMessageID))
	if err != nil {
		return
	}
	if p, ok := reg.ProducerPolicy(ev.Tenant, ev.Producer); ok && p.Method == producerauth.MethodHMAC {
		msg.Metadata.Set(producerauth.SignatureAttribute, p.Sign(ev.Tenant, ev.ID, msg.Payload))
	}
}

func TestEvent_rejects_permanently_without_storing(t *testing.T) {
	t.Parallel()
	for _, r := range fixtures.Rejects() {
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			b := setupEvent(t)
			msg := message.NewMessage("uuid-1", r.Body)
			msg.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-id-1")
			signAsClaimed(t, b.holder.Current(), msg)

			err := b.h(msg)
			rejected, ok := rejection.As(err)
			require.True(t, ok, "want a *rejection.Error, got %v", err)
			require.Equal(t, r.Class, rejected.Class, "%v", err)
			require.True(t, rejection.IsPermanent(err))
			require.Empty(t, b.seen)
			_, ok = middleware.EventFromContext(msg.Context())
			require.False(t, ok)
		})
	}
}

func TestEvent_rejects_a_message_the_subscriber_could_not_decode_as_envelope_invalid(t *testing.T) {
	t.Parallel()
	b := setupEvent(t)
	s, _ := fixtures.Lookup("acme-shop", "order-placed", "v2")
	body, err := fixtures.Body(s.ValidEvent(0))
	require.NoError(t, err)
	msg := message.NewMessage("sqs-id-1", body) // a valid event, but its Watermill UUID attribute was Binary
	msg.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-id-1")
	msg.Metadata.Set(sqsqueue.MetadataDecodeError, "message attribute _watermill_message_uuid has DataType \"Binary\"")

	err = b.h(msg)
	rejected, ok := rejection.As(err)
	require.True(t, ok, "want a *rejection.Error, got %v", err)
	require.Equal(t, rejection.ClassEnvelope, rejected.Class)
	var decodeErr *sqsqueue.DecodeError
	require.ErrorAs(t, err, &decodeErr)
	require.Equal(t, "sqs-id-1", decodeErr.MessageID)
	require.Empty(t, b.seen)
}

func TestEvent_uses_the_registry_in_force(t *testing.T) {
	t.Parallel()
	b := setupEvent(t)
	body := []byte(`{"specversion":"1.0","id":"e-1","source":"api","type":"ping","tenant":"newco","data":{}}`)
	err := b.h(message.NewMessage("1", body))
	rejected, ok := rejection.As(err)
	require.True(t, ok)
	require.Equal(t, rejection.ClassTenantUnknown, rejected.Class)

	reg, err := registry.Load(fstest.MapFS{
		"newco/tenant.json":  {Data: []byte(`{"id":"newco","display_name":"New Co","active":true,"producers":{"api":["ping"]},"authentication":{"api":{"method":"none"}},"event_types":{"ping":{"default_version":"v1"}}}`)},
		"newco/ping/v1.json": {Data: []byte(`{"type":"object"}`)},
	})
	require.NoError(t, err)
	b.holder.Swap(reg)
	err = b.h(message.NewMessage("2", body))
	require.NoError(t, err)
}

func TestEvent_panics_without_a_registry_or_a_store(t *testing.T) {
	t.Parallel()
	noop := func(*message.Message, *envelope.Event) error { return nil }
	require.Panics(t, func() { handlers.Event(nil, nil, noop) })
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	require.Panics(t, func() { handlers.Event(registry.NewHolder(reg), nil, nil) })
}
