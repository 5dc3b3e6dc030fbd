package poisonadmin

import (
	"context"
	"errors"
	"fmt"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

// publisher sends replayed messages to the queue with watermill-aws, the
// marshaling the processor's subscriber expects (the Watermill UUID and the
// metadata as message attributes).
type publisher struct {
	queue string
	pub   *wsqs.Publisher
}

// newPublisher checks that the queue exists (a replay never creates one: a
// misspelt name must not swallow the events) and returns its publisher.
func (a *Admin) newPublisher(ctx context.Context) (*publisher, error) {
	client := sqs.NewFromConfig(a.cfg.AWS)
	_, err := client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(a.cfg.QueueName)})
	var missing *types.QueueDoesNotExist
	if errors.As(err, &missing) {
		return nil, &NotFoundError{What: "queue", Name: a.cfg.QueueName}
	}
	if err != nil {
		return nil, fmt.Errorf("reach SQS queue %s: %w", a.cfg.QueueName, err)
	}
	pub, err := wsqs.NewPublisher(wsqs.PublisherConfig{
		AWSConfig:                   a.cfg.AWS,
		DoNotCreateQueueIfNotExists: true,
		Marshaler:                   sqsqueue.Marshaler{}, // each attribute with the DataType it came with
	}, a.watermillLogger())
	if err != nil {
		return nil, fmt.Errorf("sqs publisher: %w", err)
	}
	return &publisher{queue: a.cfg.QueueName, pub: pub}, nil
}

// send publishes one message (watermill-aws sends with a background
// context: a send in progress is never cut short).
func (p *publisher) send(msg *message.Message) error {
	if err := p.pub.Publish(p.queue, msg); err != nil {
		return fmt.Errorf("send to SQS queue %s: %w", p.queue, err)
	}
	return nil
}
