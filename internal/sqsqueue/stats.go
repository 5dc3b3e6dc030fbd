package sqsqueue

import "sync/atomic"

// Stats are counters of a Subscriber since it was created, summed over its
// subscriptions.
type Stats struct {
	// ReceiveCalls counts ReceiveMessage calls, failed ones included.
	ReceiveCalls int64
	// ReceiveErrors counts failed ReceiveMessage calls.
	ReceiveErrors int64
	// Received counts messages received, duplicates included.
	Received int64
	// Duplicates counts received copies of a message already in flight; they
	// are not handed out again.
	Duplicates int64
	// DeleteBatchCalls counts DeleteMessageBatch calls, retries included.
	DeleteBatchCalls int64
	// Deleted counts messages deleted.
	Deleted int64
	// VisibilityBatchCalls counts ChangeMessageVisibilityBatch calls, retries included.
	VisibilityBatchCalls int64
	// Nacked counts nacked messages.
	Nacked int64
	// Extended counts visibility extensions.
	Extended int64
	// Returned counts messages handed back to SQS unprocessed when closing.
	Returned int64
	// Abandoned counts messages handed out and still unsettled when
	// CloseTimeout expired; SQS delivers them again.
	Abandoned int64
	// Failed counts batch entries given up after their retries.
	Failed int64

	// InFlightLimit is the in-flight limit the sizer set last (in any
	// subscription): between min(DefaultMinInFlight, MaxInFlight) and
	// MaxInFlight, sized by Little's law (see SubscriberConfig.MaxInFlight).
	// 0 before the first Subscribe call.
	InFlightLimit int64
	// InFlightLimitPeak is the highest InFlightLimit so far; equal to
	// MaxInFlight when the memory bound was reached.
	InFlightLimitPeak int64
}

// counters are the live, atomic form of Stats.
type counters struct {
	receiveCalls, receiveErrors, received, duplicates atomic.Int64
	deleteBatchCalls, deleted                         atomic.Int64
	visibilityBatchCalls, nacked, extended            atomic.Int64
	returned, abandoned, failed                       atomic.Int64
	inFlightLimit, inFlightLimitPeak                  atomic.Int64
}

// setInFlightLimit records the in-flight limit a subscription now has.
func (c *counters) setInFlightLimit(limit int) {
	c.inFlightLimit.Store(int64(limit))
	for {
		peak := c.inFlightLimitPeak.Load()
		if int64(limit) <= peak || c.inFlightLimitPeak.CompareAndSwap(peak, int64(limit)) {
			return
		}
	}
}

func (c *counters) snapshot() Stats {
	return Stats{
		ReceiveCalls:         c.receiveCalls.Load(),
		ReceiveErrors:        c.receiveErrors.Load(),
		Received:             c.received.Load(),
		Duplicates:           c.duplicates.Load(),
		DeleteBatchCalls:     c.deleteBatchCalls.Load(),
		Deleted:              c.deleted.Load(),
		VisibilityBatchCalls: c.visibilityBatchCalls.Load(),
		Nacked:               c.nacked.Load(),
		Extended:             c.extended.Load(),
		Returned:             c.returned.Load(),
		Abandoned:            c.abandoned.Load(),
		Failed:               c.failed.Load(),
		InFlightLimit:        c.inFlightLimit.Load(),
		InFlightLimitPeak:    c.inFlightLimitPeak.Load(),
	}
}
