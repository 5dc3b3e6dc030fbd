// Package deadletter moves messages from a dead-letter queue back to the
// queue they failed on (Redrive), for the poison command's dlq-redrive.
//
// It receives from the dead-letter queue and sends each message again, body
// and message attributes unchanged (each with its DataType), plus
// poison.OriginalMessageIDKey (the SQS MessageId the event first arrived
// with, the event id of bodies in the original system's format, unless the
// message already carries one) and RedrivenKey (how many times it was moved
// back). A message is deleted from the dead-letter queue only after SQS
// accepted the copy: a crash in between sends it twice, and the processor's
// idempotent store keeps one. A run stops when the dead-letter queue has no
// visible message left, so running it again resumes.
//
// SQS's own StartMessageMoveTask (which the emulator supports too) is not
// used: the copies it makes get new MessageIds and no attribute carrying the
// old one, so an event in the original format would be stored under a new
// id, and it adds no marker of the move.
package deadletter

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Defaults and limits of Options.
const (
	DefaultRate = 50.0
	MaxRate     = 10_000.0
	// RedrivenKey is the message attribute (Number) counting the moves back
	// of a message.
	RedrivenKey = "redriven_from_dlq"
	// holdTime is how long a received message stays hidden in the
	// dead-letter queue while it is moved; one that could not be moved (or
	// that a killed run held) is visible again after it.
	holdTime = 2 * time.Minute
	// waitTime is the long poll of each receive; an empty one ends the run.
	waitTime = 2
)

// Options of Redrive.
type Options struct {
	// Queue is the name of the queue messages are moved back to. Required.
	Queue string
	// DeadLetterQueue is the name of the queue they are taken from.
	// Default: the dead-letter queue of Queue's redrive policy.
	DeadLetterQueue string
	// Max caps the messages moved; 0 (the default) moves them all.
	Max int
	// Rate is the most messages moved a second. Default 50; at most 10000.
	Rate float64
	// DryRun only counts the messages in the dead-letter queue.
	DryRun bool
}

func (o Options) withDefaults() Options {
	o.Rate = cmp.Or(o.Rate, DefaultRate)
	return o
}

// Validate reports every option outside its limits.
func (o Options) Validate() error {
	var errs []error
	if o.Queue == "" {
		errs = append(errs, errors.New("Options.Queue is required"))
	}
	if o.Max < 0 {
		errs = append(errs, fmt.Errorf("Options.Max is %d, must be >= 0 (0 for no limit)", o.Max))
	}
	if !(o.Rate > 0 && o.Rate <= MaxRate) || math.IsNaN(o.Rate) {
		errs = append(errs, fmt.Errorf("Options.Rate is %g, must be in (0, %g] messages per second", o.Rate, MaxRate))
	}
	return errors.Join(errs...)
}

// Report counts what a Redrive did.
type Report struct {
	Queue, DeadLetterQueue string
	DryRun                 bool
	// Waiting and InFlight are the dead-letter queue's approximate counts
	// of visible and hidden messages when the run started.
	Waiting, InFlight int
	// Moved were sent to Queue and deleted from the dead-letter queue.
	Moved int
	// Failed could not be sent; they stay in the dead-letter queue.
	Failed int
	// Undeleted were sent but could not be deleted from the dead-letter
	// queue: a next run sends them again (the store keeps one copy).
	Undeleted int
	// Skipped came from another source queue (DeadLetterQueueSourceArn):
	// they stay in the dead-letter queue.
	Skipped int
}

// ErrNoRedrivePolicy means Options.DeadLetterQueue is needed: the queue
// names no dead-letter queue.
var ErrNoRedrivePolicy = errors.New("the queue has no redrive policy")

// QueueNotFoundError names a queue that does not exist.
type QueueNotFoundError struct {
	Name string
}

func (e *QueueNotFoundError) Error() string { return fmt.Sprintf("queue %q not found", e.Name) }

// Redrive moves messages from the dead-letter queue back to opts.Queue (see
// the package doc), at most opts.Rate a second, until the dead-letter queue
// has no visible message or opts.Max were moved. It returns the counts so
// far with any error; messages that failed make the error non-nil. When ctx
// ends, the batch in progress is finished and ctx's error returned.
func Redrive(ctx context.Context, client *sqs.Client, opts Options) (Report, error) {
	opts = opts.withDefaults()
	if err := opts.Validate(); err != nil {
		return Report{}, fmt.Errorf("redrive options: %w", err)
	}
	r, err := newRun(ctx, client, opts)
	if err != nil {
		return Report{}, err
	}
	if err := r.count(ctx); err != nil || opts.DryRun {
		return r.report, err
	}
	err = r.moveAll(ctx)
	return r.report, errors.Join(err, r.failure())
}
