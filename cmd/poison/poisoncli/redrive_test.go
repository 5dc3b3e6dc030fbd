package poisoncli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/cmd/poison/poisoncli"
	"github.com/eventmesh/processor/internal/sqsqueue"
	"github.com/eventmesh/processor/internal/testenv"
)

// redriveCLI is a queue with its dead-letter queue for dlq-redrive, which
// needs no Postgres.
type redriveCLI struct {
	client *sqs.Client
	queues sqsqueue.Queues
	name   string
}

func setupRedrive(t *testing.T) *redriveCLI {
	t.Helper()
	r := &redriveCLI{client: testenv.SQS(t), name: testenv.UniqueName(t, "redrive")}
	var err error
	r.queues, err = sqsqueue.EnsureQueues(t.Context(), r.client, sqsqueue.QueueSpec{Name: r.name})
	require.NoError(t, err)
	t.Cleanup(func() {
		ctx := context.WithoutCancel(t.Context())
		_, _ = r.client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &r.queues.URL})
		_, _ = r.client.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &r.queues.DeadLetterURL})
	})
	return r
}

func (r *redriveCLI) run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := poisoncli.Run(t.Context(), poisoncli.Config{
		AWS: testenv.SQSConfig(t), QueueName: r.name, Stdout: &out, Stderr: &errOut,
	}, append([]string{"dlq-redrive"}, args...))
	return out.String(), poisoncli.ExitCode(err)
}

func TestCLI_dlq_redrive_dry_run_then_move_then_nothing(t *testing.T) {
	t.Parallel()
	r := setupRedrive(t)
	for i := range 3 {
		_, err := r.client.SendMessage(t.Context(), &sqs.SendMessageInput{
			QueueUrl: &r.queues.DeadLetterURL, MessageBody: aws.String(fmt.Sprint(i)),
		})
		require.NoError(t, err)
	}

	out, exit := r.run(t, "--dry-run", "--max", "2")
	require.Equal(t, poisoncli.ExitOK, exit, out)
	require.Contains(t, out, "3 messages waiting")
	require.Contains(t, out, "would move 2 to queue "+r.name)

	out, exit = r.run(t, "--json")
	require.Equal(t, poisoncli.ExitOK, exit, out)
	var report struct {
		Moved, Failed   int
		DeadLetterQueue string `json:"dead_letter_queue"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &report))
	require.Equal(t, 3, report.Moved)
	require.Equal(t, r.name+"-dlq", report.DeadLetterQueue)

	out, exit = r.run(t)
	require.Equal(t, poisoncli.ExitOK, exit, out)
	require.Contains(t, out, "moved 0 to queue "+r.name)
}

func TestCLI_dlq_redrive_exit_codes(t *testing.T) {
	t.Parallel()
	r := setupRedrive(t)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"negative max", []string{"--max", "-1"}, poisoncli.ExitUsage},
		{"rate too high", []string{"--rate", "20000"}, poisoncli.ExitUsage},
		{"rate NaN", []string{"--rate", "NaN"}, poisoncli.ExitUsage},
		{"an id", []string{"abcd"}, poisoncli.ExitUsage},
		{"unknown queue", []string{"--queue", r.name + "-nope"}, poisoncli.ExitNotFound},
		{"unknown dead-letter queue", []string{"--dlq", r.name + "-nope"}, poisoncli.ExitNotFound},
		{"no redrive policy", []string{"--queue", r.name + "-dlq"}, poisoncli.ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, exit := r.run(t, tt.args...)
			require.Equal(t, tt.want, exit, out)
		})
	}
}
