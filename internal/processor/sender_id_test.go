package processor_test

import (
	"cmp"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/fixtures"
	"github.com/eventmesh/processor/internal/processor"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
	"github.com/eventmesh/processor/middleware"
)

// The AWS principals of the test: acme-shop's crm sends with its own
// credentials (SenderId crmSenderID); an intruder with other credentials,
// and one whose messages have no SenderId.
const (
	crmAccessKey      = "AKIDACMECRMEXAMPLE01"
	crmSenderID       = "AIDAACMECRMEXAMPLE01"
	intruderAccessKey = "AKIDINTRUDEREXAMPLE1"
	intruderSenderID  = "AIDAINTRUDEREXAMPLE1"
	// anonymousAccessKey sends messages the proxy strips of their SenderId.
	anonymousAccessKey = "AKIDANONYMOUSEXAMPLE"
)

// senderIDSchemas is a copy of the shipped schemas where acme-shop's crm
// proves who it is by its SenderId, crmSenderID.
func senderIDSchemas(t *testing.T) string {
	t.Helper()
	dir := copySchemas(t)
	path := filepath.Join(dir, "acme-shop", "tenant.json")
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var tenant map[string]any
	require.NoError(t, json.Unmarshal(raw, &tenant))
	tenant["authentication"].(map[string]any)["crm"] = map[string]any{
		"method": "aws-sender-id", "sender_ids": []string{crmSenderID},
	}
	raw, err = json.MarshalIndent(tenant, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, raw, 0o644))
	return dir
}

// proxyPublisher publishes through proxy with the access key accessKey.
func proxyPublisher(t *testing.T, proxy *testenv.SenderIDProxy, accessKey string) message.Publisher {
	t.Helper()
	pub, err := wsqs.NewPublisher(wsqs.PublisherConfig{
		AWSConfig: proxy.Config(accessKey), DoNotCreateQueueIfNotExists: true,
	}, watermill.NopLogger{})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, pub.Close()) })
	return pub
}

// principalSend is an acme-shop crm event sent with the credentials of
// accessKey, and what becomes of it.
type principalSend struct {
	name       string
	accessKey  string
	forgedAttr string // a message attribute sqs_sender_id, if not ""
	wantReason string // the end of its poison reason; "" when stored
}

var principalSends = []principalSend{
	{name: "crm's own credentials", accessKey: crmAccessKey},
	{name: "crm's credentials, attribute claims the intruder", accessKey: crmAccessKey, forgedAttr: intruderSenderID},
	{name: "intruder claiming acme-shop's crm", accessKey: intruderAccessKey,
		wantReason: `producer authentication failed (sender_id): SenderId "` + intruderSenderID + `" is not one of the producer's 1 sender_ids`},
	{name: "intruder with an attribute claiming crm's SenderId", accessKey: intruderAccessKey, forgedAttr: crmSenderID,
		wantReason: `producer authentication failed (sender_id): SenderId "` + intruderSenderID + `" is not one of the producer's 1 sender_ids`},
	{name: "no SenderId, attribute claims crm's", accessKey: anonymousAccessKey, forgedAttr: crmSenderID,
		wantReason: "producer authentication failed (sender_id): the message has no SenderId system attribute"},
}

// sendAsPrincipals sends one acme-shop crm event per send with the
// publisher of its access key, and returns by event id each one's case
// name, those to be stored (case name) and those to be poisoned (reason).
func (b *bundle) sendAsPrincipals(t *testing.T, publishers map[string]message.Publisher, sends []principalSend) (names, stored, poisoned map[string]string) {
	t.Helper()
	sample, ok := fixtures.Lookup("acme-shop", "customer-registered", "v1")
	require.True(t, ok)
	names, stored, poisoned = map[string]string{}, map[string]string{}, map[string]string{}
	for i, send := range sends {
		ev := sample.ValidEvent(i)
		body, err := fixtures.Body(ev)
		require.NoError(t, err)
		msg := message.NewMessage(ev.ID, body)
		msg.Metadata.Set(middleware.CorrelationIDKey, b.runID)
		if send.forgedAttr != "" {
			msg.Metadata.Set(sqsqueue.MetadataSenderID, send.forgedAttr)
		}
		require.NoError(t, publishers[send.accessKey].Publish(b.queue, msg), send.name)
		names[ev.ID] = send.name
		if send.wantReason == "" {
			stored[ev.ID] = send.name
		} else {
			poisoned[ev.ID] = send.wantReason
		}
	}
	return names, stored, poisoned
}

func TestProcessor_aws_sender_id_producer_is_known_by_the_credentials_that_sent_it(t *testing.T) {
	t.Parallel()
	proxy := testenv.NewSenderIDProxy(t, map[string]string{
		crmAccessKey: crmSenderID, intruderAccessKey: intruderSenderID, anonymousAccessKey: "",
	})
	dir := senderIDSchemas(t)
	b := setup(t, func(c *processor.Config) { c.SchemaDir, c.AWS = dir, proxy.Config("AKIDPROCESSOREXAMPLE") })
	publishers := map[string]message.Publisher{}
	for _, key := range []string{crmAccessKey, intruderAccessKey, anonymousAccessKey} {
		publishers[key] = proxyPublisher(t, proxy, key)
	}

	names, stored, poisoned := b.sendAsPrincipals(t, publishers, principalSends)

	eventually(t, 3*time.Minute, "every event stored or poisoned", func() bool {
		rows, _ := b.storedCount(t)
		return rows+b.total(b.poisonedByClass(t)) >= len(principalSends)
	})
	time.Sleep(time.Second) // let anything extra show up
	require.Equal(t, stored, b.storedEventIDs(t, names), "the events sent with crm's credentials are stored")
	require.Equal(t, map[rejection.Class]int{rejection.ClassUnauthenticated: len(poisoned)}, b.poisonedByClass(t))
	reasons := b.poisonReasons(t)
	require.Len(t, reasons, len(poisoned))
	for id, want := range poisoned {
		require.Contains(t, reasons, id)
		require.True(t, strings.HasSuffix(reasons[id], want), "reason %q, want it to end in %q", reasons[id], want)
		require.NotContains(t, reasons[id], crmSenderID, "a reason does not list the allowed SenderIds")
	}
}

// storedEventIDs is the case name in names of each acme-shop event the test
// stored, by event id ("unexpected" for an id names does not hold).
func (b *bundle) storedEventIDs(t *testing.T, names map[string]string) map[string]string {
	t.Helper()
	rows, err := b.pool.Query(context.Background(),
		`SELECT metadata->>'event_id' FROM `+eventsTable("acme-shop")+` WHERE metadata->>'correlation_id' = $1`, b.runID)
	require.NoError(t, err)
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var id string
		require.NoError(t, rows.Scan(&id))
		got[id] = cmp.Or(names[id], "unexpected")
	}
	require.NoError(t, rows.Err())
	return got
}

// poisonReasons is the reason_error of each poison record of the test, by event id.
func (b *bundle) poisonReasons(t *testing.T) map[string]string {
	t.Helper()
	rows, err := b.pool.Query(context.Background(),
		`SELECT coalesce(metadata->>'event_id', ''), metadata->>'reason_error' FROM watermill_poison WHERE metadata->>'correlation_id' = $1`, b.runID)
	require.NoError(t, err)
	defer rows.Close()
	got := map[string]string{}
	for rows.Next() {
		var id, reason string
		require.NoError(t, rows.Scan(&id, &reason))
		got[id] = reason
	}
	require.NoError(t, rows.Err())
	return got
}
