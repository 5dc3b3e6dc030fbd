package handlers_test

import (
	"sync"
	"testing"
	"testing/fstest"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/handlers"
	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/schemas"
)

type authBundle struct {
	reg    *registry.Registry
	h      message.NoPublishHandlerFunc
	mu     sync.Mutex
	counts map[string]int // unauthenticated, by tenant
	stored int
}

func setupAuthenticate(t *testing.T, reg *registry.Registry) *authBundle {
	t.Helper()
	b := &authBundle{reg: reg, counts: map[string]int{}}
	holder := registry.NewHolder(reg)
	count := func(tenant string) { b.mu.Lock(); b.counts[tenant]++; b.mu.Unlock() }
	b.h = handlers.Event(holder, count, func(*message.Message, *envelope.Event) error {
		b.mu.Lock()
		b.stored++
		b.mu.Unlock()
		return nil
	})
	return b
}

// signedAs is a valid event of tenant/type with body and event_signature
// signed under the key of signer (tenant, producer).
func signedAs(t *testing.T, reg *registry.Registry, tenant, eventType string, signer [2]string) *message.Message {
	t.Helper()
	s, ok := fixtures.Lookup(tenant, eventType, "v1")
	require.True(t, ok)
	ev := s.ValidEvent(0)
	body, err := fixtures.Body(ev)
	require.NoError(t, err)
	msg := message.NewMessage(ev.ID, body)
	if p, ok := reg.ProducerPolicy(signer[0], signer[1]); ok {
		msg.Metadata.Set(producerauth.SignatureAttribute, p.Sign(ev.Tenant, ev.ID, body))
	}
	return msg
}

func TestEvent_authenticate_rejects_what_the_producer_cannot_prove(t *testing.T) {
	t.Parallel()
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	crm := [2]string{"acme-shop", "crm"}
	bank := [2]string{"nordlys-bank", "core-banking"}
	for _, tt := range []struct {
		name   string
		msg    func() *message.Message
		class  rejection.Class // "" when stored
		reason string
	}{
		{"signed by its producer", func() *message.Message { return signedAs(t, reg, "acme-shop", "customer-registered", crm) }, "", ""},
		{"signed by another tenant's producer", func() *message.Message {
			return signedAs(t, reg, "nordlys-bank", "account-opened", crm)
		}, rejection.ClassUnauthenticated, "producer authentication failed (signature): none of the 1 v1 signature(s)"},
		{"unsigned", func() *message.Message {
			msg := signedAs(t, reg, "nordlys-bank", "account-opened", bank)
			delete(msg.Metadata, producerauth.SignatureAttribute)
			return msg
		}, rejection.ClassUnauthenticated, "event_signature is missing"},
		{"body changed after signing", func() *message.Message {
			msg := signedAs(t, reg, "nordlys-bank", "account-opened", bank)
			msg.Payload = append(msg.Payload, ' ')
			return msg
		}, rejection.ClassUnauthenticated, "none of the 1 v1 signature(s)"},
		{"unknown tenant left to validation", func() *message.Message {
			return message.NewMessage("x", []byte(`{"specversion":"1.0","id":"x","source":"crm","type":"t","tenant":"nobody","data":{}}`))
		}, rejection.ClassTenantUnknown, ""},
		{"undecodable body left to validation", func() *message.Message { return message.NewMessage("x", []byte("plain text")) }, rejection.ClassEnvelope, ""},
		{"message the subscriber could not decode left to validation", func() *message.Message {
			msg := signedAs(t, reg, "nordlys-bank", "account-opened", bank)
			delete(msg.Metadata, producerauth.SignatureAttribute)
			msg.Metadata.Set(sqsqueue.MetadataDecodeError, `message attribute _watermill_message_uuid has DataType "Binary"`)
			return msg
		}, rejection.ClassEnvelope, "_watermill_message_uuid"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setupAuthenticate(t, reg)
			err := b.h(tt.msg())
			if tt.class == "" {
				require.NoError(t, err)
				require.Equal(t, 1, b.stored)
				return
			}
			rejected, ok := rejection.As(err)
			require.True(t, ok, "permanent: %v", err)
			require.Equal(t, tt.class, rejected.Class)
			require.Contains(t, rejected.Error(), tt.reason)
			require.Zero(t, b.stored)
		})
	}
}

func TestEvent_authenticate_counts_producers_declared_none(t *testing.T) {
	t.Parallel()
	reg, err := registry.Load(schemas.FS)
	require.NoError(t, err)
	b := setupAuthenticate(t, reg)
	msg := message.NewMessage("m-1", []byte(`{"event_type":"user-app","client_id":"client-2","message":{"user":"u1","action":"login"}}`))
	msg.Metadata.Set(sqsqueue.MetadataMessageID, "m-1")
	err = b.h(msg)
	require.NoError(t, err)
	require.Equal(t, map[string]int{"client-2": 1}, b.counts)
	require.Equal(t, 1, b.stored)
}

// The SenderId rule in the handler, on messages carrying the
// metadata the subscriber copies from the SenderId system attribute.
func TestEvent_authenticate_sender_id(t *testing.T) {
	t.Parallel()
	reg, err := registry.Load(fstest.MapFS{
		"t/tenant.json": {Data: []byte(`{"id":"t","display_name":"T","active":true,"producers":{"aws":["e"]},` +
			`"authentication":{"aws":{"method":"aws-sender-id","sender_ids":["AIDAALLOWED"]}},"event_types":{"e":{"default_version":"v1"}}}`)},
		"t/e/v1.json": {Data: []byte(`{"type":"object"}`)},
	})
	require.NoError(t, err)
	body := []byte(`{"specversion":"1.0","id":"e-1","source":"aws","type":"e","tenant":"t","data":{}}`)
	for _, tt := range []struct {
		name, sender, reason string
	}{
		{"allowed", "AIDAALLOWED", ""},
		{"another principal", "AIDAOTHER", `SenderId "AIDAOTHER" is not one of`},
		{"none", "", "no SenderId"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setupAuthenticate(t, reg)
			msg := message.NewMessage("e-1", body)
			if tt.sender != "" {
				msg.Metadata.Set(sqsqueue.MetadataSenderID, tt.sender)
			}
			err := b.h(msg)
			if tt.reason == "" {
				require.NoError(t, err)
				return
			}
			rejected, ok := rejection.As(err)
			require.True(t, ok)
			require.Equal(t, rejection.ClassUnauthenticated, rejected.Class)
			require.Equal(t, "t", rejected.Tenant)
			require.Equal(t, "aws", rejected.Producer)
			require.Contains(t, rejected.Error(), tt.reason)
		})
	}
}

// BenchmarkEvent measures the handling of a signed event before it is
// stored: decode, authenticate (one HMAC-SHA256 over the body), validate.
func BenchmarkEvent(b *testing.B) {
	testenv.SetProducerKeys()
	reg, err := registry.Load(schemas.FS)
	require.NoError(b, err)
	s, _ := fixtures.Lookup("acme-shop", "order-placed", "v2")
	ev := s.ValidEvent(0)
	body, err := fixtures.Body(ev)
	require.NoError(b, err)
	p, _ := reg.ProducerPolicy(ev.Tenant, ev.Producer)
	sig := p.Sign(ev.Tenant, ev.ID, body)
	h := handlers.Event(registry.NewHolder(reg), nil, func(*message.Message, *envelope.Event) error { return nil })
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		msg := message.NewMessage(ev.ID, body)
		msg.Metadata.Set(producerauth.SignatureAttribute, sig)
		if err := h(msg); err != nil {
			b.Fatal(err)
		}
	}
}
