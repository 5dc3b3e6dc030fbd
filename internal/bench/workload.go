package bench

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// Shares of the benchmark workload.
const (
	InvalidShare   = 0.10 // split evenly over every invalid kind
	DuplicateShare = 0.02 // exact re-sends of earlier valid events
	LegacyShare    = 0.10 // valid events in the original system's format
)

// epoch fixes the events' times, so that a seed gives the same bodies.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Workload is the fixed, seeded message set of a run, generated once by the
// producers' generator (internal/producer) and published identically to
// every queue a phase drains.
type Workload struct {
	Messages   []producer.Message
	Tenants    []string
	EventTypes []string
	// MeanBody is the mean body size in bytes.
	MeanBody int
}

// distinctIn is the number of distinct Watermill UUIDs among the first n
// messages: the rows the baseline, which keys its idempotent insert on
// them, must store.
func (w *Workload) distinctIn(n int) int {
	uuids := make(map[string]bool, n)
	for _, m := range w.Messages[:n] {
		uuids[m.UUID] = true
	}
	return len(uuids)
}

// NewWorkload generates n messages of the embedded registry's tenants with
// bodies padded to about bodySize bytes.
func NewWorkload(n int, seed uint64, bodySize int) (*Workload, error) {
	reg, err := loadRegistry()
	if err != nil {
		return nil, fmt.Errorf("load the embedded registry: %w", err)
	}
	cat, err := producer.NewCatalog(reg, producer.FixtureSamples, bodySize)
	if err != nil {
		return nil, err
	}
	mix := producer.Mix{
		Invalid:    producer.SpreadInvalid(InvalidShare, producer.InvalidKinds...),
		Duplicates: DuplicateShare,
		Legacy:     LegacyShare,
		Epoch:      epoch,
		BodySize:   bodySize,
	}
	gen, err := producer.NewWorkload(seed, mix, cat)
	if err != nil {
		return nil, err
	}
	w := &Workload{Messages: gen.Take(n), Tenants: cat.Tenants(), EventTypes: cat.EventTypes()}
	total := 0
	for _, m := range w.Messages {
		total += len(m.Body)
	}
	w.MeanBody = total / max(n, 1)
	return w, nil
}

// Publish creates the queue name (as the processor would, with its
// dead-letter queue) and publishes msgs to it through watermill-aws's
// publisher, as the producers do. It returns what the database must hold
// once the queue is drained.
func Publish(ctx context.Context, awsCfg aws.Config, name string, msgs []producer.Message, concurrency int) (producer.Report, error) {
	if _, err := CreateQueue(ctx, awsCfg, name); err != nil {
		return producer.Report{}, err
	}
	return PublishTo(ctx, awsCfg, name, msgs, producer.PublishConfig{Concurrency: concurrency})
}

// PublishTo publishes msgs to the existing queue name with cfg (its Topic is
// set to name).
func PublishTo(ctx context.Context, awsCfg aws.Config, name string, msgs []producer.Message, cfg producer.PublishConfig) (producer.Report, error) {
	pub, err := producer.NewSQSPublisher(awsCfg, watermill.NopLogger{})
	if err != nil {
		return producer.Report{}, err
	}
	defer pub.Close()
	cfg.Topic = name
	report, err := producer.Publish(ctx, pub, slices.Values(msgs), cfg)
	if err != nil {
		return report, err
	}
	if report.Sent != len(msgs) {
		return report, fmt.Errorf("publish to %s: %d of %d messages sent (%d refused, %d unsent)",
			name, report.Sent, len(msgs), report.Failed, report.Unsent)
	}
	return report, nil
}

// CreateQueue creates the queue name and its dead-letter queue with the
// processor's default attributes, and returns its URL.
func CreateQueue(ctx context.Context, awsCfg aws.Config, name string) (string, error) {
	q, err := sqsqueue.EnsureQueues(ctx, sqs.NewFromConfig(awsCfg), sqsqueue.QueueSpec{
		Name: name, MaxReceiveCount: 10, VisibilityTimeout: 30 * time.Second,
	})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	return q.URL, nil
}
