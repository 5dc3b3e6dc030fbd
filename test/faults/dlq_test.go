package faults_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/store"
	"github.com/eventmesh/processor/test/harness"
)

// TestDLQ_message_failing_every_time_ends_in_the_dead_letter_queue drops one
// tenant's event table while the processor runs, so every event of that
// tenant fails transiently, every time: after SQS_MAX_RECEIVE_COUNT receives
// SQS moves each to the dead-letter queue, never to the poison queue, while
// the events of the other tenants keep being stored exactly once.
func TestDLQ_message_failing_every_time_ends_in_the_dead_letter_queue(t *testing.T) {
	t.Parallel()
	const victim = "nordlys-bank"
	b := setup(t, 3, map[string]string{"RETRY_MAX_RETRIES": "1", "SQS_NACK_DELAY": "1s"})
	topic, err := store.EventsTopic(victim)
	require.NoError(t, err)
	_, err = b.pool.Exec(context.Background(), "DROP TABLE "+store.NewTopicSchema().MessagesTable(topic))
	require.NoError(t, err)

	sent := <-b.sendAsync(t, 31, 600, producer.Mix{Legacy: 0.1}, 0)
	var healthy, failing []harness.Sent
	for _, m := range sent {
		if m.Tenant == victim {
			failing = append(failing, m)
		} else {
			healthy = append(healthy, m)
		}
	}
	require.NotEmpty(t, failing)

	exp := harness.Expect(healthy)
	tenants := make([]string, 0, len(b.tenants))
	for _, tenant := range b.tenants {
		if tenant != victim {
			tenants = append(tenants, tenant)
		}
	}
	deadline := time.Now().Add(2 * time.Minute)
	var dead []string
	for {
		outcome, _ := harness.ReadOutcome(context.Background(), b.pool, tenants)
		depth, err := b.q.Depth(context.Background(), b.q.URL)
		require.NoError(t, err)
		if depth == 0 && outcome.StoredTotal() >= len(exp.Stored) || time.Now().After(deadline) {
			figures := exp.Compare(outcome)
			t.Logf("healthy tenants: %s; queue depth %d", figures, depth)
			require.True(t, figures.OK(), "%s\n%v", figures, figures.Problems)
			require.Zero(t, depth, "queue drained")
			require.Empty(t, outcome.Poison, "transient failures never reach the poison queue")
			break
		}
		time.Sleep(time.Second)
	}
	msgs, err := b.q.DrainDLQ(context.Background())
	require.NoError(t, err)
	for _, m := range msgs {
		var body struct {
			ID     string `json:"id"`
			Tenant string `json:"tenant"`
		}
		require.NoError(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &body))
		require.Equal(t, victim, body.Tenant, "only the failing tenant's events are dead letters")
		dead = append(dead, body.ID)
	}
	require.Len(t, dead, len(failing), "every failing event in the DLQ, once")
	t.Logf("%d events of %s in the DLQ after 3 receives each; %d events of other tenants stored", len(dead), victim, len(exp.Stored))
	exited, _ := b.proc.Exited()
	require.False(t, exited)
}
