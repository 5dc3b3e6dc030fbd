package poisonadmin_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/schemas"
)

// bundle is what a test of the library needs: an Admin over a poison queue of
// its own (a Postgres schema of its own), the processor's poison store on the
// same schema, and an SQS queue of its own.
type bundle struct {
	admin     *poisonadmin.Admin
	pool      *pgxpool.Pool
	poison    *poison.Store
	processor *registry.Registry // what the processor validated with when it poisoned
	sqs       *sqs.Client
	queue     string
	queueURL  string
}

func setup(t *testing.T) *bundle {
	t.Helper()
	ctx := context.Background()
	b := &bundle{sqs: testenv.SQS(t)}
	schema := testenv.FreshSchema(t, "poisonadmin")
	b.pool = schema.Pool
	var err error
	b.poison, err = poison.NewStore(ctx, b.pool, groupcommit.Config{Writers: 1})
	require.NoError(t, err)
	t.Cleanup(b.poison.Close)
	b.processor, err = registry.Load(schemas.FS)
	require.NoError(t, err)
	fixed, err := registry.LoadDir(fixedSchemas(t)) // the admin's: order-placed's channel and legacy numeric messages allowed
	require.NoError(t, err)
	b.queue, b.queueURL = createQueue(t, b.sqs)
	b.admin, err = poisonadmin.New(ctx, poisonadmin.Config{
		Pool: b.pool, Actor: "tester", Registry: fixed, AWS: testenv.SQSConfig(t), QueueName: b.queue,
	})
	require.NoError(t, err)
	return b
}

func createQueue(t *testing.T, client *sqs.Client) (name, url string) {
	t.Helper()
	ctx := context.Background()
	name = testenv.UniqueName(t, "poison")
	if len(name) > 80 {
		name = name[:80]
	}
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)})
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := client.DeleteQueue(context.WithoutCancel(ctx), &sqs.DeleteQueueInput{QueueUrl: out.QueueUrl})
		require.NoError(t, err)
	})
	return name, *out.QueueUrl
}

// fixedSchemas copies the embedded registry to a directory and fixes two
// schemas: acme-shop order-placed v2 no longer requires "channel", and the
// legacy message may be a number.
func fixedSchemas(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, fs.WalkDir(schemas.FS, ".", func(path string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, path), 0o755)
		}
		data, err := fs.ReadFile(schemas.FS, path)
		require.NoError(t, err)
		return os.WriteFile(filepath.Join(dir, path), data, 0o644)
	}))
	edit(t, filepath.Join(dir, "acme-shop/order-placed/v2.json"), `"total",
    "channel"`, `"total"`)
	edit(t, filepath.Join(dir, "_shared/legacy-message.json"), `"string",
    "object"`, `"string",
    "object",
    "number"`)
	return dir
}

func edit(t *testing.T, path, old, replacement string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), old, path)
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), old, replacement, 1)), 0o644))
}

// poisoned describes one message to poison.
type poisoned struct {
	body   string
	sqsID  string // default: a fresh id
	attrs  map[string]string
	seenAt time.Time // default: now
}

// put poisons msg as the processor does: it decodes and validates the body
// with the shipped registry, and records the rejection through poison.Store.
// The record carries the signature of the producer the body names (as the
// producer sent it) unless msg.attrs sets event_signature. It returns the
// record's uuid.
func (b *bundle) put(t *testing.T, msg poisoned) string {
	t.Helper()
	sqsID := msg.sqsID
	if sqsID == "" {
		sqsID = uuid.NewString()
	}
	attrs := map[string]string{"sqs_message_id": sqsID, "sqs_receive_count": "1", "sqs_sent_timestamp": "1767225600000"}
	b.sign(attrs, msg.body, sqsID)
	for k, v := range msg.attrs {
		attrs[k] = v
	}
	seenAt := msg.seenAt
	if seenAt.IsZero() {
		seenAt = time.Now()
	}
	rejected := &poison.Rejected{
		Body: []byte(msg.body), Attributes: attrs, Reason: b.reject(t, []byte(msg.body), sqsID, attrs),
		SQSMessageID: sqsID, ReceiveCount: "1", CorrelationID: attrs["correlation_id"],
		Handler: "store_event", SeenAt: seenAt,
	}
	require.NoError(t, b.poison.Put(context.Background(), rejected))
	return rejected.RecordUUID()
}

// sign sets attrs' event_signature as the producer body names signs it.
func (b *bundle) sign(attrs map[string]string, body, sqsID string) {
	ev, err := envelope.Decode([]byte(body), sqsID)
	if err != nil {
		return
	}
	if p, ok := b.processor.ProducerPolicy(ev.Tenant, ev.Producer); ok && p.Method == producerauth.MethodHMAC {
		attrs[producerauth.SignatureAttribute] = p.Sign(ev.Tenant, ev.ID, []byte(body))
	}
}

// signature is body's event_signature as its producer signs it.
func (b *bundle) signature(body string) string {
	attrs := map[string]string{}
	b.sign(attrs, body, "")
	return attrs[producerauth.SignatureAttribute]
}

func (b *bundle) reject(t *testing.T, body []byte, sqsID string, attrs map[string]string) *rejection.Error {
	t.Helper()
	ev, err := envelope.Decode(body, sqsID)
	if err == nil {
		err = authenticate(b.processor, ev, body, attrs)
	}
	if err == nil {
		err = b.processor.Validate(ev)
	}
	rejected, ok := rejection.As(err)
	require.True(t, ok, "fixture %q must be rejected by the shipped registry, got %v", body, err)
	return rejected
}

// authenticate is the processor's check of the signature in attrs.
func authenticate(reg *registry.Registry, ev *envelope.Event, body []byte, attrs map[string]string) error {
	p, ok := reg.ProducerPolicy(ev.Tenant, ev.Producer)
	if !ok {
		return nil
	}
	claim := producerauth.Claim{Tenant: ev.Tenant, EventID: ev.ID, Body: body, Signature: attrs[producerauth.SignatureAttribute]}
	if err := p.Check(claim); err != nil {
		return &rejection.Error{Class: rejection.ClassUnauthenticated, Tenant: ev.Tenant, EventID: ev.ID, Err: err}
	}
	return nil
}

// received is a message read back from the test's queue.
type received struct {
	uuid  string
	body  string
	attrs map[string]string
}

// drain receives and deletes every message of the queue, until it stays
// empty for a receive.
func (b *bundle) drain(t *testing.T) []received {
	t.Helper()
	ctx := context.Background()
	var all []received
	for {
		out, err := b.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(b.queueURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 1,
			MessageAttributeNames: []string{"All"},
		})
		require.NoError(t, err)
		if len(out.Messages) == 0 {
			return all
		}
		for _, m := range out.Messages {
			r := received{body: aws.ToString(m.Body), attrs: map[string]string{}}
			for k, v := range m.MessageAttributes {
				r.attrs[k] = aws.ToString(v.StringValue)
			}
			r.uuid = r.attrs["_watermill_message_uuid"]
			all = append(all, r)
			_, err := b.sqs.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(b.queueURL), ReceiptHandle: m.ReceiptHandle})
			require.NoError(t, err)
		}
	}
}

// Fixture bodies. order(id, withChannel) fails the shipped registry without
// a channel, and passes the fixed one.
func order(id string, withChannel bool) string {
	channel := ""
	if withChannel {
		channel = `,"channel":"web"`
	}
	return `{"specversion":"1.0","id":"` + id + `","source":"checkout-api","type":"order-placed","tenant":"acme-shop",` +
		`"datacontenttype":"application/json","data":{"order_id":"` + uuid.NewString() + `","placed_at":"2026-03-01T10:00:00Z",` +
		`"customer":{"id":"` + uuid.NewString() + `","email":"ana@example.com"},` +
		`"shipping_address":{"line1":"1 Main St","city":"Lisbon","postal_code":"1000-001","country":"PT"},` +
		`"items":[{"sku":"ABC-1","quantity":1,"unit_price_cents":1250}],"total":{"value":"12.50","currency":"EUR"}` + channel + `}}`
}

// badCustomer fails both registries: customer_id is not a uuid.
func badCustomer(id string) string {
	return `{"specversion":"1.0","id":"` + id + `","source":"crm","type":"customer-registered","tenant":"acme-shop",` +
		`"data":{"customer_id":"not-a-uuid","email":"bo@example.com","name":{"given":"Bo"},"registered_at":"2026-03-01T10:00:00Z"}}`
}

// unknownTenant fails both registries: no tenant ghost-corp.
func unknownTenant(id string) string {
	return strings.Replace(order(id, true), `"tenant":"acme-shop"`, `"tenant":"ghost-corp"`, 1)
}

// legacyNumber is a legacy body whose message is a number: it fails the
// shipped registry and passes the fixed one. Its event id is its SQS id.
func legacyNumber(n int) string {
	return fmt.Sprintf(`{"event_type":"user-app","client_id":"client-1","message":%d}`, n)
}

// storeEvent stores body's event as the processor's store handler does.
func storeEvent(t *testing.T, b *bundle, body string) {
	t.Helper()
	ctx := context.Background()
	events, err := store.NewEventStore(b.pool, groupcommit.Config{Writers: 1})
	require.NoError(t, err)
	defer events.Close()
	ev, err := envelope.Decode([]byte(body), "")
	require.NoError(t, err)
	require.NoError(t, events.EnsureTenant(ctx, ev.Tenant))
	_, err = events.Save(ctx, ev, store.Delivery{})
	require.NoError(t, err)
}

func (b *bundle) awsConfig(t *testing.T) aws.Config {
	t.Helper()
	return testenv.SQSConfig(t)
}
