package sqsqueue

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// MismatchPolicy says what EnsureQueues does when an existing queue differs
// from the QueueSpec. Either way the queue is left as it is.
type MismatchPolicy string

const (
	// KeepExisting logs a warning per differing attribute and uses the
	// queue as it is.
	KeepExisting MismatchPolicy = "keep"
	// RefuseMismatch fails with a *QueueMismatchError.
	RefuseMismatch MismatchPolicy = "refuse"
)

// AttributeMismatch is an attribute of an existing queue whose value differs
// from the one configured.
type AttributeMismatch struct {
	Queue      string // queue name
	Attribute  string // SQS attribute, e.g. "VisibilityTimeout", "RedrivePolicy.maxReceiveCount"
	Existing   string // the queue's value ("" when unset)
	Configured string // the value EnsureQueues would have created the queue with
}

func (m AttributeMismatch) String() string {
	return fmt.Sprintf("queue %s has %s %s, configured %s", m.Queue, m.Attribute, orNone(m.Existing), m.Configured)
}

// QueueMismatchError is returned with RefuseMismatch when existing queues
// differ from the configuration; it names every differing attribute.
type QueueMismatchError struct {
	Mismatches []AttributeMismatch
}

func (e *QueueMismatchError) Error() string {
	lines := make([]string, len(e.Mismatches))
	for i, m := range e.Mismatches {
		lines[i] = m.String()
	}
	return "existing queues differ from the configuration and are not modified: " + strings.Join(lines, "; ")
}

// mainMismatches compares the existing main queue (nil: none) with s.
func (s QueueSpec) mainMismatches(q *queueState) []AttributeMismatch {
	if q == nil {
		return nil
	}
	redrive := q.redrive()
	wantTarget := withARNName(q.arn, s.DeadLetterName)
	return q.differing([]AttributeMismatch{
		q.attribute(types.QueueAttributeNameVisibilityTimeout, secondsString(s.VisibilityTimeout)),
		q.attribute(types.QueueAttributeNameMessageRetentionPeriod, secondsString(s.MessageRetention)),
		{Attribute: "RedrivePolicy.deadLetterTargetArn", Existing: redrive.DeadLetterTargetArn, Configured: wantTarget},
		{Attribute: "RedrivePolicy.maxReceiveCount", Existing: redrive.maxReceiveCount(), Configured: fmt.Sprint(s.MaxReceiveCount)},
	})
}

// deadLetterMismatches compares the existing dead-letter queue (nil: none)
// with s.
func (s QueueSpec) deadLetterMismatches(q *queueState) []AttributeMismatch {
	if q == nil {
		return nil
	}
	return q.differing([]AttributeMismatch{
		q.attribute(types.QueueAttributeNameMessageRetentionPeriod, secondsString(s.DeadLetterRetention)),
	})
}

// attribute pairs q's value of the attribute name with the configured one.
func (q *queueState) attribute(name types.QueueAttributeName, configured string) AttributeMismatch {
	return AttributeMismatch{Attribute: string(name), Existing: q.attrs[string(name)], Configured: configured}
}

// differing returns the candidates whose values differ, naming q.
func (q *queueState) differing(candidates []AttributeMismatch) []AttributeMismatch {
	var out []AttributeMismatch
	for _, m := range candidates {
		m.Queue = q.name
		if m.Existing != m.Configured {
			out = append(out, m)
		}
	}
	return out
}

// report logs each mismatch and, with RefuseMismatch, returns them as an error.
func (s QueueSpec) report(mismatches []AttributeMismatch) error {
	if len(mismatches) == 0 {
		return nil
	}
	if s.OnMismatch == RefuseMismatch {
		return &QueueMismatchError{Mismatches: mismatches}
	}
	for _, m := range mismatches {
		s.Logger.Warn("existing SQS queue differs from the configuration; keeping the queue's value",
			"queue", m.Queue, "attribute", m.Attribute, "existing", orNone(m.Existing), "configured", m.Configured)
	}
	return nil
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}
