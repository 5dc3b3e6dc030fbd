package sqsqueue

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// Defaults of SubscriberConfig.
const (
	DefaultMaxReceivers      = 64
	DefaultWaitTime          = 20 * time.Second
	DefaultMaxInFlight       = 1024
	DefaultVisibilityTimeout = 30 * time.Second
	// DefaultMaxProcessingTime is also the processor's default
	// (SQS_MAX_PROCESSING_TIME): its retries must fit in it.
	DefaultMaxProcessingTime   = 5 * time.Minute
	DefaultAckFlushDelay       = 5 * time.Millisecond
	DefaultBatchConcurrency    = 64
	DefaultBatchRetries        = 3
	DefaultBatchRetryBackoff   = 100 * time.Millisecond
	DefaultReceiveErrorBackoff = time.Second
	DefaultCloseTimeout        = 30 * time.Second
)

// maxVisibility is the longest visibility timeout SQS accepts (12 hours).
const maxVisibility = 12 * time.Hour

// minSet is the lower limit of the durations whose zero takes a default: a
// zero there never means zero, so Validate refuses one that reaches it.
const minSet = time.Millisecond

// SubscriberConfig configures a Subscriber. A zero field takes its default,
// except NackVisibilityDelay, whose zero means no delay. A zero never stands
// for both: every field whose zero takes a default has a lower limit above
// zero, which Validate checks (so Validate refuses a zero it is given, and
// NewSubscriber, which applies the defaults first, never sees one).
type SubscriberConfig struct {
	// Client is the SQS client to use. Default: a client built from AWSConfig
	// and OptFns, closed (idle connections) by Subscriber.Close.
	Client *sqs.Client
	// AWSConfig builds the client when Client is nil; its Credentials are then
	// required. When its HTTPClient is nil the subscriber uses a transport that
	// keeps enough idle connections for MaxReceivers and BatchConcurrency.
	AWSConfig aws.Config
	// OptFns are applied to the client built from AWSConfig.
	OptFns []func(*sqs.Options)

	// Unmarshaler turns SQS messages into Watermill messages. A message it
	// fails or panics on is handed out anyway, marked (Undecodable).
	// Default: Unmarshaler, watermill-aws's format without its panics.
	Unmarshaler wsqs.Unmarshaler

	// MaxReceivers bounds the concurrent ReceiveMessage loops per Subscribe
	// call; each asks for up to 10 messages. One loop always polls; more join
	// (doubling) while receives come back full of messages that were all
	// waiting before the call (a backlog, judged by their SentTimestamp), and
	// leave one by one when they don't. Each call holds 10 in-flight slots
	// (see MaxInFlight), so the in-flight limit bounds the receivers that
	// poll at once; MaxReceivers only needs to exceed what the limit allows
	// at the highest SQS latency (64 receivers cover 6,400 messages/s at
	// 100 ms a call). Default 64, at most 100.
	MaxReceivers int
	// WaitTime is the long-poll wait of ReceiveMessage, in whole seconds.
	// Default 20s (the SQS maximum); at least 1s.
	WaitTime time.Duration
	// MaxInFlight is the memory bound of the in-flight limit: per Subscribe
	// call, the messages received (or being received) and not yet acked,
	// nacked or returned to SQS. A receiver takes min(10, limit) slots
	// before it calls ReceiveMessage and asks only for that many, so receives
	// stay full. The limit follows Little's law (see sizer): each second it
	// is set to DefaultMinInFlight (for messages being processed) plus twice
	// the highest rate of settled messages times the lowest mean
	// ReceiveMessage latency of the last 10 s (for slots waiting on
	// receives), at most MaxInFlight. So a slower SQS gets more receives in
	// flight, while a saturated processor does not pile up messages.
	// Stats.InFlightLimit and InFlightLimitPeak report it. A message in
	// flight costs its body plus about 20 KB (goroutines and Watermill
	// message); 1024 of them about 25 MB with 1 KB bodies. Default 1024,
	// between 1 and 100,000.
	MaxInFlight int

	// VisibilityTimeout is sent with every ReceiveMessage, so it overrides the
	// queue's own, and is the length of each extension. Whole seconds.
	// Default 30s; between 1s and 12h.
	VisibilityTimeout time.Duration
	// MaxProcessingTime caps how long a message's visibility is extended after
	// it was received. Once half the visibility timeout has passed, a message
	// still in flight is extended by VisibilityTimeout, up to this cap; after it
	// the message becomes visible again and SQS redelivers it, possibly to this
	// subscriber, which then hands the new copy out too.
	// Default 5m; between VisibilityTimeout and 12h.
	MaxProcessingTime time.Duration
	// NackVisibilityDelay is the visibility a nacked message gets, so SQS
	// delivers it again that much later. Whole seconds, at most 12h. Zero, the
	// default, means no delay: the message is visible again at once, which is
	// what Watermill's Nack asks for. Set it to spread redeliveries of
	// messages that fail for a while.
	NackVisibilityDelay time.Duration

	// AckFlushDelay is how long an ack (or nack, or extension) waits for others
	// to fill a batch of 10 before a partial batch is sent. Default 5ms;
	// between 1ms and 1s.
	AckFlushDelay time.Duration
	// BatchConcurrency is the number of concurrent DeleteMessageBatch calls, and
	// separately of ChangeMessageVisibilityBatch calls, per Subscribe call:
	// by Little's law, deletes at a rate R with calls of latency L need
	// R × L / 10 of them (64 cover 6,400 messages/s at 100 ms a call).
	// Default 64, at most 256.
	BatchConcurrency int
	// BatchRetries is how many times a failed batch call, or its entries that
	// failed for a reason other than the request itself, is retried before it is
	// logged and given up (the message then reappears after its visibility
	// timeout). Default 3; between 1 and 20.
	BatchRetries int
	// BatchRetryBackoff is the wait before the first retry; it doubles with
	// every further retry. Default 100ms; between 1ms and 1m.
	BatchRetryBackoff time.Duration
	// ReceiveErrorBackoff is the wait after a failed ReceiveMessage; it doubles
	// with every consecutive failure, up to 30s. Default 1s; between 1ms and 30s.
	ReceiveErrorBackoff time.Duration

	// ReceiveGate, when set, is called before each ReceiveMessage call and
	// blocks while receiving should pause (the store is unavailable: see
	// backpressure.Gate.Wait); it returns an error only when its context
	// ends. Messages already in flight are not affected. Default: none.
	ReceiveGate func(ctx context.Context) error

	// CloseTimeout is how long Close (or the end of Subscribe's context) waits
	// for in-flight messages to be acked or nacked. Their acks still delete
	// them. Messages still in flight afterwards are left to SQS and their
	// context is cancelled; pending batches then get up to 5s more to be sent.
	// Default 30s; between 1ms and 1h.
	CloseTimeout time.Duration
}

// WithDefaults returns c with every zero field that has a default set to
// it (see the field docs); NewSubscriber applies it before Validate.
func (c SubscriberConfig) WithDefaults() SubscriberConfig {
	c.Unmarshaler = cmp.Or[wsqs.Unmarshaler](c.Unmarshaler, Unmarshaler{})
	c.MaxReceivers = cmp.Or(c.MaxReceivers, DefaultMaxReceivers)
	c.WaitTime = cmp.Or(c.WaitTime, DefaultWaitTime)
	c.MaxInFlight = cmp.Or(c.MaxInFlight, DefaultMaxInFlight)
	c.VisibilityTimeout = cmp.Or(c.VisibilityTimeout, DefaultVisibilityTimeout)
	c.MaxProcessingTime = cmp.Or(c.MaxProcessingTime, max(DefaultMaxProcessingTime, c.VisibilityTimeout))
	c.AckFlushDelay = cmp.Or(c.AckFlushDelay, DefaultAckFlushDelay)
	c.BatchConcurrency = cmp.Or(c.BatchConcurrency, DefaultBatchConcurrency)
	c.BatchRetries = cmp.Or(c.BatchRetries, DefaultBatchRetries)
	c.BatchRetryBackoff = cmp.Or(c.BatchRetryBackoff, DefaultBatchRetryBackoff)
	c.ReceiveErrorBackoff = cmp.Or(c.ReceiveErrorBackoff, DefaultReceiveErrorBackoff)
	c.CloseTimeout = cmp.Or(c.CloseTimeout, DefaultCloseTimeout)
	return c
}

// Validate reports every field outside its limits.
func (c SubscriberConfig) Validate() error {
	var errs []error
	if c.Client == nil && c.AWSConfig.Credentials == nil {
		errs = append(errs, errors.New("neither Client nor AWSConfig.Credentials is set: set one"))
	}
	if c.Unmarshaler == nil {
		errs = append(errs, errors.New("nil Unmarshaler: leave it unset for the default"))
	}
	errs = append(errs,
		intBetween("MaxReceivers", c.MaxReceivers, 1, 100),
		intBetween("MaxInFlight", c.MaxInFlight, 1, 100_000),
		intBetween("BatchConcurrency", c.BatchConcurrency, 1, 256),
		intBetween("BatchRetries", c.BatchRetries, 1, 20),
		durationBetween("WaitTime", c.WaitTime, time.Second, 20*time.Second),
		durationBetween("VisibilityTimeout", c.VisibilityTimeout, time.Second, maxVisibility),
		durationBetween("MaxProcessingTime", c.MaxProcessingTime, c.VisibilityTimeout, maxVisibility),
		durationBetween("NackVisibilityDelay", c.NackVisibilityDelay, 0, maxVisibility),
		durationBetween("AckFlushDelay", c.AckFlushDelay, minSet, time.Second),
		durationBetween("BatchRetryBackoff", c.BatchRetryBackoff, minSet, time.Minute),
		durationBetween("ReceiveErrorBackoff", c.ReceiveErrorBackoff, minSet, maxReceiveErrorBackoff),
		durationBetween("CloseTimeout", c.CloseTimeout, minSet, time.Hour),
	)
	return errors.Join(errs...)
}

func intBetween(field string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s must be in [%d, %d], got %d", field, lo, hi, v)
	}
	return nil
}

func durationBetween(field string, v, lo, hi time.Duration) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s must be in [%s, %s], got %s", field, lo, hi, v)
	}
	return nil
}

// seconds converts d to whole seconds for the SQS API, rounding up.
func seconds(d time.Duration) int32 {
	return int32((d + time.Second - 1) / time.Second)
}
