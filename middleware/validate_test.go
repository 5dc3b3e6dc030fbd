package middleware_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/middleware"
	"github.com/eventmesh/processor/schemas"
)

type validateBundle struct {
	holder *registry.Holder
	seen   []*envelope.Event
	h      message.HandlerFunc
}

func setupValidate(t *testing.T) *validateBundle {
	t.Helper()
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	b := &validateBundle{holder: registry.NewHolder(reg)}
	b.h = middleware.Validate(b.holder)(func(msg *message.Message) ([]*message.Message, error) {
		ev, ok := middleware.EventFromContext(msg.Context())
		require.True(t, ok)
		b.seen = append(b.seen, ev)
		return []*message.Message{message.NewMessage("out", nil)}, nil
	})
	return b
}

func TestValidate_passes_the_validated_event_to_the_handler(t *testing.T) {
	t.Parallel()
	b := setupValidate(t)
	s, _ := fixtures.Lookup("acme-shop", "order-placed", "v2")
	ev := s.ValidEvent(0)
	ev.SchemaVersion = ""
	body, err := fixtures.Body(ev)
	require.NoError(t, err)

	out, err := b.h(message.NewMessage(ev.ID, body))
	require.NoError(t, err)
	require.Len(t, out, 1, "the handler's messages are returned")
	require.Len(t, b.seen, 1)
	require.Equal(t, ev.ID, b.seen[0].ID)
	require.Equal(t, "v2", b.seen[0].SchemaVersion, "the default version is resolved")
	require.JSONEq(t, string(ev.Data), string(b.seen[0].Data))
}

func TestValidate_legacy_event_id_is_the_sqs_message_id_or_the_uuid(t *testing.T) {
	t.Parallel()
	b := setupValidate(t)
	body := []byte(`{"event_type":"monitor-app","client_id":"client-1","message":{"status":"up"}}`)

	withSQS := message.NewMessage("watermill-uuid-1", body)
	withSQS.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-id-1")
	_, err := b.h(withSQS)
	require.NoError(t, err)
	_, err = b.h(message.NewMessage("watermill-uuid-2", body))
	require.NoError(t, err)
	replayed := message.NewMessage("watermill-uuid-3", body)
	replayed.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-id-of-the-replay")
	replayed.Metadata.Set(poison.OriginalMessageIDKey, "sqs-id-1")
	_, err = b.h(replayed)
	require.NoError(t, err)

	require.Equal(t, "sqs-id-1", b.seen[0].ID)
	require.Equal(t, "watermill-uuid-2", b.seen[1].ID)
	require.Equal(t, "sqs-id-1", b.seen[2].ID, "a replay keeps the id the event first arrived with")
	require.Equal(t, envelope.LegacyProducer, b.seen[1].Producer)
	require.Equal(t, "v1", b.seen[1].SchemaVersion)
}

func TestValidate_rejects_permanently_without_calling_the_handler(t *testing.T) {
	t.Parallel()
	for _, r := range fixtures.Rejects() {
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			b := setupValidate(t)
			msg := message.NewMessage("uuid-1", r.Body)
			msg.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-id-1")

			out, err := b.h(msg)
			require.Nil(t, out)
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

func TestValidate_rejects_a_message_the_subscriber_could_not_decode_as_envelope_invalid(t *testing.T) {
	t.Parallel()
	b := setupValidate(t)
	s, _ := fixtures.Lookup("acme-shop", "order-placed", "v2")
	body, err := fixtures.Body(s.ValidEvent(0))
	require.NoError(t, err)
	msg := message.NewMessage("sqs-id-1", body) // a valid event, but its Watermill UUID attribute was Binary
	msg.Metadata.Set(sqsqueue.MetadataMessageID, "sqs-id-1")
	msg.Metadata.Set(sqsqueue.MetadataDecodeError, "message attribute _watermill_message_uuid has DataType \"Binary\"")

	out, err := b.h(msg)
	require.Nil(t, out)
	rejected, ok := rejection.As(err)
	require.True(t, ok, "want a *rejection.Error, got %v", err)
	require.Equal(t, rejection.ClassEnvelope, rejected.Class)
	var decodeErr *sqsqueue.DecodeError
	require.ErrorAs(t, err, &decodeErr)
	require.Equal(t, "sqs-id-1", decodeErr.MessageID)
	require.Empty(t, b.seen)
}

func TestValidate_uses_the_registry_in_force(t *testing.T) {
	t.Parallel()
	b := setupValidate(t)
	body := []byte(`{"specversion":"1.0","id":"e-1","source":"api","type":"ping","tenant":"newco","data":{}}`)
	_, err := b.h(message.NewMessage("1", body))
	rejected, ok := rejection.As(err)
	require.True(t, ok)
	require.Equal(t, rejection.ClassTenantUnknown, rejected.Class)

	reg, err := registry.Load(fstest.MapFS{
		"newco/tenant.json":  {Data: []byte(`{"id":"newco","display_name":"New Co","active":true,"producers":{"api":["ping"]},"authentication":{"api":{"method":"none"}},"event_types":{"ping":{"default_version":"v1"}}}`)},
		"newco/ping/v1.json": {Data: []byte(`{"type":"object"}`)},
	})
	require.NoError(t, err)
	b.holder.Swap(reg)
	_, err = b.h(message.NewMessage("2", body))
	require.NoError(t, err)
}

func TestEventFromContext_is_empty_without_an_event(t *testing.T) {
	t.Parallel()
	_, ok := middleware.EventFromContext(context.Background())
	require.False(t, ok)
	_, ok = middleware.EventFromContext(middleware.WithEvent(context.Background(), nil))
	require.False(t, ok)
	ev := &envelope.Event{ID: "e"}
	got, ok := middleware.EventFromContext(middleware.WithEvent(context.Background(), ev))
	require.True(t, ok)
	require.Same(t, ev, got)
}

func TestValidate_panics_without_a_registry(t *testing.T) {
	t.Parallel()
	require.Panics(t, func() { middleware.Validate(nil) })
}
