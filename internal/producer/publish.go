package producer

import (
	"context"
	"iter"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
)

// Publish publishes msgs to cfg.Topic until they end, cfg.Count or
// cfg.Duration is reached, or ctx is cancelled, and reports what SQS
// accepted with the database outcome to expect.
//
// A send that fails transiently (see Permanent) is retried with backoff
// until it succeeds or ctx is cancelled; it never stops the run. A send
// refused permanently is counted in Report.Failed and skipped. Cancelling
// ctx stops taking new messages and retrying; sends already in progress
// complete. The only error is an invalid cfg.
func Publish(ctx context.Context, pub message.Publisher, msgs iter.Seq[Message], cfg PublishConfig) (Report, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return Report{}, err
	}
	r := &run{cfg: cfg, pub: pub, tally: newTally()}
	started := time.Now()
	r.start(ctx, msgs)
	report := r.tally.report()
	report.Started, report.Elapsed = started, time.Since(started)
	report.PerSecond = float64(report.Sent) / report.Elapsed.Seconds()
	report.Retries, report.Failed, report.Unsent = int(r.retries.Load()), int(r.failed.Load()), int(r.unsent.Load())
	return report, nil
}

// run is one Publish call: a feeder paces messages to cfg.Concurrency senders.
type run struct {
	cfg                     PublishConfig
	pub                     message.Publisher
	tally                   *tally
	retries, failed, unsent atomic.Int64
}

func (r *run) start(ctx context.Context, msgs iter.Seq[Message]) {
	queue := make(chan Message)
	var senders sync.WaitGroup
	for range r.cfg.Concurrency {
		senders.Go(func() {
			for m := range queue {
				r.send(ctx, m)
			}
		})
	}
	stopProgress := r.progress()
	r.feed(ctx, msgs, queue)
	close(queue)
	senders.Wait()
	stopProgress()
}

// feed hands messages to the senders at most at cfg.Rate, until the
// workload, the count or the duration ends, or ctx is cancelled.
func (r *run) feed(ctx context.Context, msgs iter.Seq[Message], queue chan<- Message) {
	ctx, cancel := r.deadline(ctx)
	defer cancel()
	pace := newPacer(r.cfg.Rate)
	taken := 0
	for m := range msgs {
		if r.cfg.Count > 0 && taken == r.cfg.Count || !pace.wait(ctx) {
			return
		}
		select {
		case queue <- m:
			taken++
		case <-ctx.Done():
			return
		}
	}
}

func (r *run) deadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if r.cfg.Duration > 0 {
		return context.WithTimeout(ctx, r.cfg.Duration)
	}
	return context.WithCancel(ctx)
}

// progress logs the number of messages sent every ProgressInterval until
// the returned function is called.
func (r *run) progress() (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		ticker := time.NewTicker(r.cfg.ProgressInterval)
		defer ticker.Stop()
		for {
			select {
			case <-ticker.C:
				r.cfg.Logger.Info("progress", "sent", r.tally.count(), "retries", r.retries.Load(), "failed", r.failed.Load())
			case <-done:
				return
			}
		}
	})
	return func() { close(done); wg.Wait() }
}
