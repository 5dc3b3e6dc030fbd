package sqsqueue

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// Defaults of QueueSpec.
const (
	DefaultMaxReceiveCount      = 5
	DefaultMessageRetention     = 4 * 24 * time.Hour
	DefaultDeadLetterRetention  = 14 * 24 * time.Hour
	DefaultDeadLetterNameSuffix = "-dlq"
)

// QueueSpec describes a standard queue and its dead-letter queue.
type QueueSpec struct {
	// Name of the main queue: 1 to 80 letters, digits, '-' or '_'. Required.
	Name string
	// DeadLetterName is the name of the dead-letter queue. Default: Name + "-dlq".
	DeadLetterName string
	// MaxReceiveCount is how many receives a message gets before SQS moves it
	// to the dead-letter queue. Default 5; between 1 and 1000.
	MaxReceiveCount int
	// VisibilityTimeout of the main queue, in whole seconds. Default 30s; at most 12h.
	VisibilityTimeout time.Duration
	// MessageRetention of the main queue. Default 4 days; between 1 minute and 14 days.
	MessageRetention time.Duration
	// DeadLetterRetention of the dead-letter queue. Default 14 days (the
	// maximum), to leave operators time; at least 1 minute.
	DeadLetterRetention time.Duration
}

// Queues are the URLs and ARNs of a queue and its dead-letter queue.
type Queues struct {
	URL, ARN                     string
	DeadLetterURL, DeadLetterARN string
}

var queueName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

func (s QueueSpec) withDefaults() QueueSpec {
	s.DeadLetterName = cmp.Or(s.DeadLetterName, s.Name+DefaultDeadLetterNameSuffix)
	s.MaxReceiveCount = cmp.Or(s.MaxReceiveCount, DefaultMaxReceiveCount)
	s.VisibilityTimeout = cmp.Or(s.VisibilityTimeout, DefaultVisibilityTimeout)
	s.MessageRetention = cmp.Or(s.MessageRetention, DefaultMessageRetention)
	s.DeadLetterRetention = cmp.Or(s.DeadLetterRetention, DefaultDeadLetterRetention)
	return s
}

// Validate reports every field outside its limits.
func (s QueueSpec) Validate() error {
	const maxRetention = 14 * 24 * time.Hour
	var errs []error
	for field, name := range map[string]string{"Name": s.Name, "DeadLetterName": s.DeadLetterName} {
		if !queueName.MatchString(name) {
			errs = append(errs, fmt.Errorf("%s is %q, must be 1 to 80 letters, digits, '-' or '_'", field, name))
		}
	}
	if s.Name == s.DeadLetterName {
		errs = append(errs, fmt.Errorf("DeadLetterName is %q, must differ from Name", s.DeadLetterName))
	}
	return errors.Join(append(errs,
		intBetween("MaxReceiveCount", s.MaxReceiveCount, 1, 1000),
		durationBetween("VisibilityTimeout", s.VisibilityTimeout, 0, maxVisibility),
		durationBetween("MessageRetention", s.MessageRetention, time.Minute, maxRetention),
		durationBetween("DeadLetterRetention", s.DeadLetterRetention, time.Minute, maxRetention),
	)...)
}

// EnsureQueues creates the dead-letter queue and then the main queue with a
// redrive policy to it, or, for queues that exist already, sets the same
// attributes on them. It is idempotent and returns both queues.
func EnsureQueues(ctx context.Context, client *sqs.Client, spec QueueSpec) (Queues, error) {
	spec = spec.withDefaults()
	if err := spec.Validate(); err != nil {
		return Queues{}, fmt.Errorf("queue spec: %w", err)
	}
	var q Queues
	var err error
	q.DeadLetterURL, q.DeadLetterARN, err = ensureQueue(ctx, client, spec.DeadLetterName, map[string]string{
		string(types.QueueAttributeNameMessageRetentionPeriod): secondsString(spec.DeadLetterRetention),
	})
	if err != nil {
		return Queues{}, err
	}
	redrive, err := json.Marshal(map[string]string{
		"deadLetterTargetArn": q.DeadLetterARN,
		"maxReceiveCount":     strconv.Itoa(spec.MaxReceiveCount),
	})
	if err != nil {
		return Queues{}, fmt.Errorf("encode redrive policy: %w", err)
	}
	q.URL, q.ARN, err = ensureQueue(ctx, client, spec.Name, map[string]string{
		string(types.QueueAttributeNameVisibilityTimeout):      secondsString(spec.VisibilityTimeout),
		string(types.QueueAttributeNameMessageRetentionPeriod): secondsString(spec.MessageRetention),
		string(types.QueueAttributeNameRedrivePolicy):          string(redrive),
	})
	return q, err
}

// ensureQueue creates the queue name with attrs, or sets attrs on it when it
// exists, and returns its URL and ARN.
func ensureQueue(ctx context.Context, client *sqs.Client, name string, attrs map[string]string) (url, arn string, err error) {
	url, err = createOrUpdate(ctx, client, name, attrs)
	if err != nil {
		return "", "", err
	}
	out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       &url,
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return "", "", fmt.Errorf("get ARN of queue %s: %w", name, err)
	}
	return url, out.Attributes[string(types.QueueAttributeNameQueueArn)], nil
}

func createOrUpdate(ctx context.Context, client *sqs.Client, name string, attrs map[string]string) (string, error) {
	got, err := client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: &name})
	var missing *types.QueueDoesNotExist
	if errors.As(err, &missing) {
		created, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &name, Attributes: attrs})
		if err != nil {
			return "", fmt.Errorf("create queue %s: %w", name, err)
		}
		return *created.QueueUrl, nil
	}
	if err != nil {
		return "", fmt.Errorf("look up queue %s: %w", name, err)
	}
	_, err = client.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: got.QueueUrl, Attributes: attrs})
	if err != nil {
		return "", fmt.Errorf("set attributes of queue %s: %w", name, err)
	}
	return *got.QueueUrl, nil
}

func secondsString(d time.Duration) string {
	return strconv.Itoa(int(seconds(d)))
}
