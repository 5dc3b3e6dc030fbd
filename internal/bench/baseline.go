package bench

import (
	"context"
	"errors"
	"fmt"
	"sync"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/store"
)

// BaselineTopic is the watermill-sql topic the baseline writes to: the
// processor's table layout with a BYTEA payload, as it does not validate.
const BaselineTopic = "baseline"

// baselineNamespace derives the baseline's row uuids from Watermill UUIDs.
var baselineNamespace = uuid.MustParse("0f8b7c4e-5a0c-4d51-9d83-6b3c0e7f2a19")

// Baseline is the fastest hand-written pipeline the processor is compared
// with: Workers goroutines each loop ReceiveMessage (10 messages, long poll),
// one multi-row idempotent INSERT … ON CONFLICT DO NOTHING of the batch (its
// own transaction), then one DeleteMessageBatch. No decoding, no validation,
// no router, no metrics. Rows are keyed on the Watermill UUID, so exact
// re-sends are stored once.
type Baseline struct {
	Workers int
	Client  *sqs.Client // through the counting proxy
	Pool    *pgxpool.Pool
	schema  store.TopicSchema
}

// Prepare creates the baseline's table.
func (b *Baseline) Prepare(ctx context.Context) error {
	b.schema = store.NewBinaryTopicSchema()
	return store.EnsureTopic(ctx, b.Pool, b.schema, BaselineTopic)
}

// Run drains queueURL until ctx is cancelled and returns the first error of
// a worker, if any.
func (b *Baseline) Run(ctx context.Context, queueURL string) error {
	var wg sync.WaitGroup
	errs := make([]error, b.Workers)
	for i := range b.Workers {
		wg.Go(func() { errs[i] = b.work(ctx, queueURL) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (b *Baseline) work(ctx context.Context, queueURL string) error {
	for ctx.Err() == nil {
		out, err := b.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: aws.String(queueURL), MaxNumberOfMessages: 10, WaitTimeSeconds: 20,
			VisibilityTimeout: 30, MessageAttributeNames: []string{"All"},
		})
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return fmt.Errorf("baseline receive: %w", err)
		}
		if len(out.Messages) == 0 {
			continue
		}
		if err := b.handle(ctx, queueURL, distinctMessages(out.Messages)); err != nil && ctx.Err() == nil {
			return err
		}
	}
	return nil
}

// handle stores msgs in one statement, then deletes them in one call.
func (b *Baseline) handle(ctx context.Context, queueURL string, msgs []types.Message) error {
	rows := make(message.Messages, len(msgs))
	entries := make([]types.DeleteMessageBatchRequestEntry, len(msgs))
	for i, m := range msgs {
		rows[i] = message.NewMessage(rowUUID(m), []byte(aws.ToString(m.Body)))
		rows[i].Metadata.Set("sqs_message_id", aws.ToString(m.MessageId))
		entries[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle}
	}
	q, err := b.schema.InsertQuery(wsql.InsertQueryParams{Topic: BaselineTopic, Msgs: rows})
	if err != nil {
		return err
	}
	if _, err := b.Pool.Exec(ctx, q.Query, q.Args...); err != nil {
		return fmt.Errorf("baseline insert: %w", err)
	}
	out, err := b.Client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(queueURL), Entries: entries})
	if err != nil {
		return fmt.Errorf("baseline delete: %w", err)
	}
	if len(out.Failed) > 0 {
		return fmt.Errorf("baseline delete: %d entries failed: %s", len(out.Failed), aws.ToString(out.Failed[0].Message))
	}
	return nil
}

// rowUUID is a UUIDv5 of the message's Watermill UUID (its SQS MessageId
// when it has none), which fits the 36-character uuid column.
func rowUUID(m types.Message) string {
	id := aws.ToString(m.MessageId)
	if a, ok := m.MessageAttributes[wsqs.UUIDAttribute]; ok && a.StringValue != nil {
		id = *a.StringValue
	}
	return uuid.NewSHA1(baselineNamespace, []byte(id)).String()
}

// distinctMessages drops a second copy of a message within one answer (the
// emulator may return one twice); batch entry ids must be distinct.
func distinctMessages(msgs []types.Message) []types.Message {
	seen := make(map[string]bool, len(msgs))
	out := msgs[:0]
	for _, m := range msgs {
		if id := aws.ToString(m.MessageId); !seen[id] {
			seen[id] = true
			out = append(out, m)
		}
	}
	return out
}
