package bench

import (
	"context"
	"time"

	"github.com/eventmesh/processor/internal/producer"
)

// latencySenders is the producers' concurrency in the latency phase: enough
// that a slow send never holds back the 500/s schedule (open loop).
const latencySenders = 16

// latency runs one processor on an empty queue, publishes Rate events per
// second for LatencyDuration while it consumes them, and reads the
// distribution of the SQS-sent-to-commit time from the processor's own
// histogram (the difference of two scrapes, before and after the load).
func (r *runner) latency(ctx context.Context, db *Database) (Result, error) {
	name := r.queueName(PhaseLatency)
	url, err := CreateQueue(ctx, r.direct, name)
	if err != nil {
		return Result{}, err
	}
	procs, err := r.startProcessors(db, PhaseLatency, false, name, 1)
	defer stopAll(procs)
	if err != nil {
		return Result{}, err
	}
	p := procs[0]
	if err := p.WaitReady(ctx, time.Minute); err != nil {
		return Result{}, err
	}
	before, err := ScrapeHistogram(ctx, p.URL()+"/metrics", LatencyMetric)
	if err != nil {
		return Result{}, err
	}
	usage, err := p.Usage()
	if err != nil {
		return Result{}, err
	}
	r.startMeasure(0)
	cpu := newCPUSampler(r.emulatorPid())
	msgs := r.workload.Messages[:r.cfg.latencyEvents()]
	r.cfg.Logger.Info("open-loop load", "rate", r.cfg.Rate, "events", len(msgs))
	report, err := PublishTo(ctx, r.direct, name, msgs, producer.PublishConfig{Rate: r.cfg.Rate, Concurrency: latencySenders})
	if err != nil {
		return Result{}, err
	}
	_, err = r.waitDrained(ctx, url, len(msgs), procs)
	res := Result{Phase: PhaseLatency, Events: len(msgs), Instances: 1, Elapsed: report.Elapsed, Requests: r.endMeasure(), Split: cpu.since()}
	if err != nil {
		return res, err
	}
	after, err := ScrapeHistogram(ctx, p.URL()+"/metrics", LatencyMetric)
	if err != nil {
		return res, err
	}
	res.Latency = after.Sub(before)
	end, _ := p.Usage()
	res.CPU, res.PeakRSS = end.CPU-usage.CPU, end.PeakRSS
	if err := stopAll(procs); err != nil {
		return res, err
	}
	res.Check = r.check(ctx, db, name, report.Expected)
	return res, nil
}
