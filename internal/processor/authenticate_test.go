package processor_test

import (
	"context"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/middleware"
)

// signAsItsProducer sets the event_signature of msg as the producer its body
// names signs it, when that producer signs.
func signAsItsProducer(reg *registry.Registry, msg *message.Message) {
	ev, err := envelope.Decode(msg.Payload, msg.UUID)
	if err != nil {
		return
	}
	if p, ok := reg.ProducerPolicy(ev.Tenant, ev.Producer); ok && p.Method == producerauth.MethodHMAC {
		msg.Metadata.Set(producerauth.SignatureAttribute, p.Sign(ev.Tenant, ev.ID, msg.Payload))
	}
}

// forgedEvents are a valid event of every signing producer of every active
// tenant, each signed with the key of a signing producer of another tenant.
func forgedEvents(t *testing.T, reg *registry.Registry) []*message.Message {
	t.Helper()
	var out []*message.Message
	for i, s := range fixtures.Samples() {
		victim, ok := reg.ProducerPolicy(s.Tenant, s.Producer)
		if tenant, _ := reg.Tenant(s.Tenant); !ok || !tenant.Active || victim.Method != producerauth.MethodHMAC {
			continue
		}
		forger := "acme-shop/crm"
		if s.Tenant == "acme-shop" {
			forger = "nordlys-bank/core-banking"
		}
		ev := s.ValidEvent(i)
		body, err := fixtures.Body(ev)
		require.NoError(t, err)
		msg := message.NewMessage(ev.ID, body)
		msg.Metadata.Set(producerauth.SignatureAttribute, testSign(t, forger, ev.Tenant, ev.ID, body))
		out = append(out, msg)
	}
	require.NotEmpty(t, out)
	return out
}

// testSign signs as tenant/producer with its test key.
func testSign(t *testing.T, signer, tenant, id string, body []byte) string {
	t.Helper()
	name := map[string]string{
		"acme-shop/crm":             "PRODUCER_KEY_ACME_SHOP_CRM",
		"nordlys-bank/core-banking": "PRODUCER_KEY_NORDLYS_BANK_CORE_BANKING",
	}[signer]
	sig, err := producerauth.Sign([]string{testenv.TestProducerKey(name)}, tenant, id, body)
	require.NoError(t, err)
	return sig
}

func TestProcessor_a_tenants_producer_cannot_publish_as_another_tenant(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	forged := forgedEvents(t, b.registry)
	for _, msg := range forged {
		msg.Metadata.Set(middleware.CorrelationIDKey, b.runID)
		require.NoError(t, b.publisher.Publish(b.queue, msg))
	}
	s, _ := fixtures.Lookup("acme-shop", "customer-registered", "v1")
	genuine := s.ValidEvent(0)
	body, err := fixtures.Body(genuine)
	require.NoError(t, err)
	b.publish(t, genuine.ID, body) // signed by acme-shop's crm itself: stored

	eventually(t, 3*time.Minute, "every forged event poisoned and the genuine one stored", func() bool {
		rows, _ := b.storedCount(t)
		return rows >= 1 && b.total(b.poisonedByClass(t)) >= len(forged)
	})
	time.Sleep(time.Second) // let anything extra show up
	rows, _ := b.storedCount(t)
	require.Equal(t, 1, rows, "only the genuine event is stored")
	require.Equal(t, map[rejection.Class]int{rejection.ClassUnauthenticated: len(forged)}, b.poisonedByClass(t))

	reasons, err := b.pool.Query(context.Background(),
		`SELECT metadata->>'reason_error' FROM watermill_poison WHERE metadata->>'correlation_id' = $1`, b.runID)
	require.NoError(t, err)
	defer reasons.Close()
	for reasons.Next() {
		var reason string
		require.NoError(t, reasons.Scan(&reason))
		require.Contains(t, reason, "producer authentication failed (signature)")
		require.NotContains(t, reason, "v1,", "a reason never holds a signature")
	}
	require.NoError(t, reasons.Err())
}
