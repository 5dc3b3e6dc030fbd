package bench

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/eventmesh/processor/internal/producer"
	"github.com/eventmesh/processor/internal/testbed"
)

// stallTimeout fails a drain whose queue stops shrinking for this long.
const stallTimeout = 45 * time.Second

// fill publishes the run's workload to a fresh queue for phase.
func (r *runner) fill(ctx context.Context, phase string) (string, producer.Report, error) {
	name := r.queueName(phase)
	r.cfg.Logger.Info("filling queue", "queue", name, "events", r.cfg.Events)
	report, err := Publish(ctx, r.direct, name, r.workload.Messages[:r.cfg.Events], r.cfg.PublishConcurrency)
	if err != nil {
		return "", report, err
	}
	url, err := CreateQueue(ctx, r.direct, name)
	return url, report, err
}

// baseline drains a filled queue with the hand-written pipeline.
func (r *runner) baseline(ctx context.Context, db *Database, name string, delay time.Duration) (Result, error) {
	url, _, err := r.fill(ctx, name)
	if err != nil {
		return Result{}, err
	}
	b := &Baseline{Workers: r.cfg.BaselineWorkers, Client: sqs.NewFromConfig(r.viaProxy), Pool: db.Pool()}
	if err := b.Prepare(ctx); err != nil {
		return Result{}, err
	}
	r.startMeasure(delay)
	cpu := newCPUSampler(r.emulatorPid())
	runCtx, stop := context.WithCancel(ctx)
	var runErr error
	var wg sync.WaitGroup
	start := time.Now()
	wg.Go(func() { runErr = b.Run(runCtx, url) })
	drained, err := WaitDrained(ctx, r.sqs, url, r.proxy.Deleted, r.cfg.Events, r.cfg.PhaseTimeout, stallTimeout)
	stop()
	wg.Wait()
	res := Result{Phase: name, Events: r.cfg.Events, Elapsed: drained.Sub(start), Requests: r.endMeasure(), Delay: delay, Split: cpu.since()}
	if err = firstErr(err, runErr); err != nil {
		return res, err
	}
	rows, err := CountBaseline(ctx, db.Pool())
	if err != nil {
		return res, err
	}
	if rows != r.workload.distinctIn(r.cfg.Events) {
		res.Check = fmt.Errorf("baseline stored %d rows, want %d", rows, r.workload.distinctIn(r.cfg.Events))
	}
	return res, nil
}

// drain runs instances processors on a filled queue until it is empty.
func (r *runner) drain(ctx context.Context, db *Database, phase string, instances int, spec PhaseSpec) (Result, error) {
	url, report, err := r.fill(ctx, phase)
	if err != nil {
		return Result{}, err
	}
	delay := spec.delay
	r.startMeasure(delay)
	cpu := newCPUSampler(r.emulatorPid())
	procs, err := r.startProcessors(db, phase, spec.pipeline == PhaseCompare, r.queueName(phase), instances)
	defer stopAll(procs)
	if err != nil {
		return Result{}, err
	}
	profiled := r.maybeProfile(ctx, phase, procs[0])
	drained, err := r.waitDrained(ctx, url, r.cfg.Events, procs)
	res := Result{Phase: phase, Events: r.cfg.Events, Instances: instances, Elapsed: drained.Sub(procs[0].Started()), Delay: delay}
	res.CPU, res.PeakRSS = usageOf(procs)
	res.Requests, res.Split = r.endMeasure(), cpu.since()
	if err != nil {
		return res, err
	}
	<-profiled
	res.InFlightPeak, _ = testbed.MetricSum(r.saveMetrics(ctx, phase, procs[0]), "event_processor_sqs_in_flight_limit_peak")
	if err := stopAll(procs); err != nil {
		return res, err
	}
	res.Check = r.check(ctx, db, r.queueName(phase), report.Expected)
	return res, nil
}

func (r *runner) startProcessors(db *Database, phase string, compare bool, queue string, n int) ([]*testbed.Processor, error) {
	var procs []*testbed.Processor
	for i := range n {
		log := filepath.Join(r.cfg.WorkDir, fmt.Sprintf("%s-r%d-processor-%d.log", phase, r.round, i+1))
		bin, extra := r.bin, r.cfg.ProcessorEnv
		if compare {
			bin, extra = cmp.Or(r.cfg.CompareBin, r.bin), r.cfg.compareEnv()
		}
		p, err := testbed.StartProcessor(bin, log, r.processorEnv(db, queue, extra))
		if err != nil {
			return procs, err
		}
		procs = append(procs, p)
	}
	return procs, nil
}

// processorEnv is the production configuration (every default) pointed at
// the bench database, the proxy and the phase's queue, the run's producer
// keys, plus ProcessorEnv.
func (r *runner) processorEnv(db *Database, queue string, extra map[string]string) map[string]string {
	env := map[string]string{
		"DATABASE_URL":          db.URL(),
		"AWS_ENDPOINT_URL_SQS":  r.proxy.URL(),
		"AWS_REGION":            "us-east-1",
		"AWS_ACCESS_KEY_ID":     "bench",
		"AWS_SECRET_ACCESS_KEY": "bench",
		"SQS_QUEUE_NAME":        queue,
		"PPROF":                 "true",
	}
	withProducerKeys(env)
	for k, v := range extra {
		env[k] = v
	}
	return env
}

// usageOf sums the CPU time of procs and takes the largest peak RSS.
func usageOf(procs []*testbed.Processor) (cpu time.Duration, peak int64) {
	for _, p := range procs {
		u, err := p.Usage()
		if err != nil {
			continue
		}
		cpu += u.CPU
		peak = max(peak, u.PeakRSS)
	}
	return cpu, peak
}

func stopAll(procs []*testbed.Processor) error {
	var first error
	for _, p := range procs {
		if err := p.Stop(40 * time.Second); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (r *runner) check(ctx context.Context, db *Database, queue string, want producer.Expected) error {
	got, err := ReadOutcome(ctx, db.Pool())
	if err != nil {
		return err
	}
	if err := got.Check(want); err != nil {
		return err
	}
	dlq, err := r.sqs.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(deadLetterName(queue))})
	if err != nil {
		return fmt.Errorf("dead-letter queue of %s: %w", queue, err)
	}
	n, err := Depth(ctx, r.sqs, *dlq.QueueUrl)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%d messages in the dead-letter queue", n)
	}
	return nil
}

// startMeasure sets the proxy's delay and zeroes its counts.
func (r *runner) startMeasure(delay time.Duration) {
	r.proxy.SetDelay(delay)
	r.proxy.Reset()
}

// endMeasure returns the requests counted since startMeasure and removes the delay.
func (r *runner) endMeasure() Requests {
	r.proxy.SetDelay(0)
	return r.proxy.Reset()
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// saveMetrics keeps the processor's /metrics at the end of a drain in
// WorkDir, and returns them.
func (r *runner) saveMetrics(ctx context.Context, phase string, p *testbed.Processor) []byte {
	_, body, err := testbed.Get(ctx, p.URL()+"/metrics", scrapeTimeout)
	if err == nil {
		_ = os.WriteFile(filepath.Join(r.cfg.WorkDir, phase+"-metrics.txt"), body, 0o644)
	}
	return body
}
