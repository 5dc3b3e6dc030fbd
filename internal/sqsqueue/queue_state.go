package sqsqueue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// queueState is a queue that exists, with the attributes EnsureQueues
// compares.
type queueState struct {
	name, url, arn string
	attrs          map[string]string
}

// lookUpQueue returns the queue name with its attributes, or nil when it
// does not exist.
func lookUpQueue(ctx context.Context, client *sqs.Client, name string) (*queueState, error) {
	got, err := client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: &name})
	var missing *types.QueueDoesNotExist
	if errors.As(err, &missing) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up queue %s: %w", name, err)
	}
	return describeQueue(ctx, client, name, *got.QueueUrl)
}

func describeQueue(ctx context.Context, client *sqs.Client, name, url string) (*queueState, error) {
	out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       &url,
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameAll},
	})
	if err != nil {
		return nil, fmt.Errorf("get attributes of queue %s: %w", name, err)
	}
	return &queueState{name: name, url: url, arn: out.Attributes[string(types.QueueAttributeNameQueueArn)], attrs: out.Attributes}, nil
}

// createQueue creates the queue name with attrs. When someone else created
// it meanwhile with other attributes, it fails and asks to start again, which
// compares them.
func createQueue(ctx context.Context, client *sqs.Client, name string, attrs map[string]string) (*queueState, error) {
	created, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &name, Attributes: attrs})
	var exists *types.QueueNameExists
	if errors.As(err, &exists) {
		return nil, fmt.Errorf("create queue %s: it was created meanwhile with other attributes; start again to compare them: %w", name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("create queue %s: %w", name, err)
	}
	return describeQueue(ctx, client, name, *created.QueueUrl)
}

// redrivePolicy is SQS's RedrivePolicy attribute; maxReceiveCount comes as
// a string or a number.
type redrivePolicy struct {
	DeadLetterTargetArn string          `json:"deadLetterTargetArn"`
	MaxReceiveCount     json.RawMessage `json:"maxReceiveCount"`
}

// redrive returns q's redrive policy, the zero policy when it has none (or
// q is nil).
func (q *queueState) redrive() redrivePolicy {
	if q == nil {
		return redrivePolicy{}
	}
	return parseRedrive(q.attrs)
}

func parseRedrive(attrs map[string]string) redrivePolicy {
	var p redrivePolicy
	_ = json.Unmarshal([]byte(attrs[string(types.QueueAttributeNameRedrivePolicy)]), &p) // unreadable is none
	return p
}

// redriveTarget is the ARN of q's dead-letter queue, "" when it has none.
func (q *queueState) redriveTarget() string {
	return q.redrive().DeadLetterTargetArn
}

// DeadLetterTarget is the ARN of the dead-letter queue that the
// RedrivePolicy among a queue's attributes names, "" when it has none.
func DeadLetterTarget(attrs map[string]string) string {
	return parseRedrive(attrs).DeadLetterTargetArn
}

// maxReceiveCount is the redrive policy's count as text ("" when none).
func (p redrivePolicy) maxReceiveCount() string {
	return strings.Trim(string(p.MaxReceiveCount), `"`)
}

// QueueNameOfARN is the queue name of an SQS ARN (arn:aws:sqs:region:account:name).
func QueueNameOfARN(arn string) string {
	return arn[strings.LastIndex(arn, ":")+1:]
}

// withARNName is arn with its queue name replaced by name: the ARN a queue
// of that name has in the same account and region.
func withARNName(arn, name string) string {
	return arn[:strings.LastIndex(arn, ":")+1] + name
}
