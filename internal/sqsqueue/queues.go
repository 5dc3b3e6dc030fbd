package sqsqueue

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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
	DefaultOnMismatch           = KeepExisting
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
	// OnMismatch says what to do with a queue that exists with other
	// attributes than these: KeepExisting (the default) or RefuseMismatch.
	// Existing queues are never modified.
	OnMismatch MismatchPolicy
	// Logger receives a warning per differing attribute. Default slog.Default().
	Logger *slog.Logger
}

// Queues are the URLs and ARNs of a queue and its dead-letter queue: the one
// the existing queue's redrive policy names, if it has one.
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
	s.OnMismatch = cmp.Or(s.OnMismatch, DefaultOnMismatch)
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
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
	if s.OnMismatch != KeepExisting && s.OnMismatch != RefuseMismatch {
		errs = append(errs, fmt.Errorf("OnMismatch is %q, must be %q or %q", s.OnMismatch, KeepExisting, RefuseMismatch))
	}
	return errors.Join(append(errs,
		intBetween("MaxReceiveCount", s.MaxReceiveCount, 1, 1000),
		durationBetween("VisibilityTimeout", s.VisibilityTimeout, 0, maxVisibility),
		durationBetween("MessageRetention", s.MessageRetention, time.Minute, maxRetention),
		durationBetween("DeadLetterRetention", s.DeadLetterRetention, time.Minute, maxRetention),
	)...)
}

// EnsureQueues creates whichever of the dead-letter queue and the main queue
// (with a redrive policy to it) is missing, with the spec's attributes.
// Queues that exist are never modified: each attribute that differs from the
// spec is logged as a warning and, with RefuseMismatch, EnsureQueues returns
// a *QueueMismatchError naming them all before it creates anything. When the
// existing main queue has a redrive policy, its dead-letter queue is the one
// returned. EnsureQueues is idempotent.
func EnsureQueues(ctx context.Context, client *sqs.Client, spec QueueSpec) (Queues, error) {
	spec = spec.withDefaults()
	if err := spec.Validate(); err != nil {
		return Queues{}, fmt.Errorf("queue spec: %w", err)
	}
	main, err := lookUpQueue(ctx, client, spec.Name)
	if err != nil {
		return Queues{}, err
	}
	deadLetterName := spec.DeadLetterName
	if target := main.redriveTarget(); target != "" {
		deadLetterName = QueueNameOfARN(target)
	}
	dlq, err := lookUpQueue(ctx, client, deadLetterName)
	if err != nil {
		return Queues{}, err
	}
	mismatches := append(spec.mainMismatches(main), spec.deadLetterMismatches(dlq)...)
	if err := spec.report(mismatches); err != nil {
		return Queues{}, err
	}
	if dlq == nil {
		if dlq, err = createQueue(ctx, client, deadLetterName, spec.deadLetterAttributes()); err != nil {
			return Queues{}, err
		}
	}
	if main == nil {
		if main, err = createQueue(ctx, client, spec.Name, spec.mainAttributes(dlq.arn)); err != nil {
			return Queues{}, err
		}
	}
	return Queues{URL: main.url, ARN: main.arn, DeadLetterURL: dlq.url, DeadLetterARN: dlq.arn}, nil
}

// mainAttributes are those a missing main queue is created with.
func (s QueueSpec) mainAttributes(deadLetterARN string) map[string]string {
	redrive, _ := json.Marshal(map[string]string{ // strings cannot fail to encode
		"deadLetterTargetArn": deadLetterARN,
		"maxReceiveCount":     strconv.Itoa(s.MaxReceiveCount),
	})
	return map[string]string{
		string(types.QueueAttributeNameVisibilityTimeout):      secondsString(s.VisibilityTimeout),
		string(types.QueueAttributeNameMessageRetentionPeriod): secondsString(s.MessageRetention),
		string(types.QueueAttributeNameRedrivePolicy):          string(redrive),
	}
}

// deadLetterAttributes are those a missing dead-letter queue is created with.
func (s QueueSpec) deadLetterAttributes() map[string]string {
	return map[string]string{
		string(types.QueueAttributeNameMessageRetentionPeriod): secondsString(s.DeadLetterRetention),
	}
}

func secondsString(d time.Duration) string {
	return strconv.Itoa(int(seconds(d)))
}
