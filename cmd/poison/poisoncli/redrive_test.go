package poisoncli_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/cmd/poison/poisoncli"
	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/testenv"
)

// redrive runs dlq-redrive, which needs no Postgres, with args on q.
func redrive(t *testing.T, q *testQueue, args ...string) (string, int) {
	t.Helper()
	cfg := poisoncli.Config{AWS: testenv.SQSConfig(t), QueueName: q.name}
	return run(t, cfg, append([]string{"dlq-redrive"}, args...)...)
}

func TestCLI_dlq_redrive_dry_run_then_move_then_nothing(t *testing.T) {
	t.Parallel()
	q := newQueue(t, "redrive")
	for i := range 3 {
		_, err := q.client.SendMessage(t.Context(), &sqs.SendMessageInput{
			QueueUrl: &q.DeadLetterURL, MessageBody: aws.String(fmt.Sprint(i)),
		})
		require.NoError(t, err)
	}

	out, exit := redrive(t, q, "--dry-run", "--max", "2")
	require.Equal(t, exitcode.OK, exit, out)
	require.Contains(t, out, "3 messages waiting")
	require.Contains(t, out, "would move 2 to queue "+q.name)

	out, exit = redrive(t, q, "--json")
	require.Equal(t, exitcode.OK, exit, out)
	var report struct {
		Moved, Failed   int
		DeadLetterQueue string `json:"dead_letter_queue"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &report))
	require.Equal(t, 3, report.Moved)
	require.Equal(t, q.name+"-dlq", report.DeadLetterQueue)

	out, exit = redrive(t, q)
	require.Equal(t, exitcode.OK, exit, out)
	require.Contains(t, out, "moved 0 to queue "+q.name)
}

func TestCLI_dlq_redrive_exit_codes(t *testing.T) {
	t.Parallel()
	q := newQueue(t, "redrive")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"negative max", []string{"--max", "-1"}, exitcode.Usage},
		{"rate too high", []string{"--rate", "20000"}, exitcode.Usage},
		{"rate NaN", []string{"--rate", "NaN"}, exitcode.Usage},
		{"an id", []string{"abcd"}, exitcode.Usage},
		{"unknown queue", []string{"--queue", q.name + "-nope"}, exitcode.NotFound},
		{"unknown dead-letter queue", []string{"--dlq", q.name + "-nope"}, exitcode.NotFound},
		{"no redrive policy", []string{"--queue", q.name + "-dlq"}, exitcode.Usage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, exit := redrive(t, q, tt.args...)
			require.Equal(t, tt.want, exit, out)
		})
	}
}
