package bench_test

import (
	"fmt"
	"os"
	"path"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/bench"
	"github.com/eventmesh/processor/internal/testenv"
)

// benchQueues lists the queues of the shared SQS whose name starts with
// "bench-<phase>-".
func benchQueues(t *testing.T, client *sqs.Client, phase string) []string {
	t.Helper()
	var urls []string
	pages := sqs.NewListQueuesPaginator(client, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("bench-" + phase + "-"), MaxResults: aws.Int32(1000)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(t.Context())
		require.NoError(t, err)
		urls = append(urls, page.QueueUrls...)
	}
	return urls
}

func TestBench_on_a_shared_SQS_deletes_each_phase_s_queues(t *testing.T) {
	t.Parallel()
	testenv.Postgres(t)
	client := testenv.SQS(t)
	before := benchQueues(t, client, bench.PhaseBaseline)
	results, err := bench.Run(t.Context(), bench.Config{
		Events:          bench.MinEvents,
		Rounds:          2,
		Rate:            bench.MinEvents,
		LatencyDuration: time.Second,
		BaselineWorkers: 2,
		DatabaseURL:     testenv.DatabaseURL(),
		DatabaseName:    fmt.Sprintf("bench_queues_%d", os.Getpid()),
		SQSEndpoint:     testenv.SQSEndpoint(),
		Phases:          []string{bench.PhaseBaseline},
		WorkDir:         t.TempDir(),
		PhaseTimeout:    time.Minute,
	})
	require.NoError(t, err)
	require.Len(t, results, 1)
	// SQS lists a deleted queue until its deletion completes (up to 60 s);
	// GetQueueUrl no longer finds it at once.
	for _, url := range benchQueues(t, client, bench.PhaseBaseline) {
		if slices.Contains(before, url) {
			continue
		}
		_, err := client.GetQueueUrl(t.Context(), &sqs.GetQueueUrlInput{QueueName: aws.String(path.Base(url))})
		var missing *types.QueueDoesNotExist
		require.ErrorAs(t, err, &missing, "queue %s left behind", url)
	}
}
