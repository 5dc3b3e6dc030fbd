// Package bench is the benchmark behind make bench (cmd/bench): it runs a
// hand-written baseline pipeline (32 workers: receive 10, one multi-row
// idempotent insert, DeleteMessageBatch) and the real processor binary on
// identical pre-filled queues, each on a private SQS emulator behind a
// request-counting, delay-adding proxy and a fresh database, and reports
// events/s, SQS requests per event, CPU per event of each process, peak RSS
// and latency under open-loop load, with a correctness check of every phase
// (docs/benchmarks.md).
package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/eventmesh/processor/internal/testbed"
)

// ErrIncorrect is returned when a phase's database does not hold exactly
// what its workload must produce.
var ErrIncorrect = errors.New("bench: correctness check failed")

// runner is one benchmark run: the services, the workload and the results.
type runner struct {
	cfg      Config
	workload *Workload
	emulator *Emulator
	// emulatorFresh is set while the emulator started at setup is unused.
	emulatorFresh bool
	proxy         *Proxy
	endpoint      string      // SQS
	direct        aws.Config  // straight to SQS: filling, polling
	viaProxy      aws.Config  // through the counting proxy: the measured pipelines
	sqs           *sqs.Client // direct
	bin           string
	runID         string
	results       []Result // the median round of each phase
	rounds        []Result // every round of every phase
	round         int      // the round in progress, from 1
	// profileTop is `go tool pprof -top` of the processor's drain.
	profileTop string
}

// Run runs the configured phases and writes the report to cfg.Out. It
// returns ErrIncorrect (joined with the details) when a phase's database is
// not exactly what the workload must produce.
func Run(ctx context.Context, cfg Config) (_ []Result, err error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, runID: time.Now().UTC().Format("150405")}
	defer r.close()
	if err := r.setup(ctx); err != nil {
		return nil, err
	}
	r.header()
	var failures []error
	for r.round = 1; r.round <= cfg.Rounds; r.round++ {
		for _, phase := range cfg.roundPhases(r.round) {
			res, err := r.phase(ctx, phase)
			if err != nil {
				return r.results, fmt.Errorf("phase %s (round %d): %w", phase, r.round, err)
			}
			res.Round = r.round
			r.rounds = append(r.rounds, res)
			cfg.Logger.Info("phase done", "phase", phase, "round", r.round, "result", res.String())
			if res.Check != nil {
				failures = append(failures, fmt.Errorf("%s (round %d): %w", phase, r.round, res.Check))
			}
		}
	}
	r.results = medians(r.rounds)
	r.report()
	if len(failures) > 0 {
		return r.results, errors.Join(append([]error{ErrIncorrect}, failures...)...)
	}
	return r.results, nil
}

func (r *runner) setup(ctx context.Context) error {
	if err := os.MkdirAll(r.cfg.WorkDir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", r.cfg.WorkDir, err)
	}
	r.cfg.Logger.Info("generating workload", "events", r.cfg.Events, "seed", r.cfg.Seed)
	w, err := NewWorkload(max(r.cfg.Events, r.cfg.latencyEvents()), r.cfg.Seed, r.cfg.BodySize)
	if err != nil {
		return err
	}
	r.workload = w
	if err := r.startSQS(ctx); err != nil {
		return err
	}
	if r.cfg.runsProcessor() {
		return r.buildProcessor(ctx)
	}
	return nil
}

// startSQS starts the counting proxy, in front of SQSEndpoint or of the
// private emulator each phase starts (see useSQS).
func (r *runner) startSQS(ctx context.Context) error {
	if r.cfg.SQSEndpoint == "" {
		if err := r.useSQS(ctx, "setup"); err != nil {
			return err
		}
	} else {
		r.setEndpoint(r.cfg.SQSEndpoint)
	}
	proxy, err := StartProxy(r.endpoint)
	if err != nil {
		return err
	}
	r.proxy = proxy
	r.viaProxy = awsConfig(proxy.URL())
	return nil
}

// useSQS starts a fresh private emulator, unless SQSEndpoint is set, and
// points the run at it. The emulator keeps every queue in memory and slows
// down as a run goes on, so each phase gets a new one: no phase inherits
// another's state, whatever the order of the phases.
func (r *runner) useSQS(ctx context.Context, phase string) error {
	if r.cfg.SQSEndpoint != "" {
		return nil
	}
	if r.emulator != nil && r.emulatorFresh {
		r.emulatorFresh = false
		return nil
	}
	if r.emulator != nil {
		r.emulator.Stop()
	}
	e, err := StartEmulator(ctx, r.cfg.EmulatorDir, filepath.Join(r.cfg.WorkDir, "sqs-emulator-"+phase+".log"))
	if err != nil {
		return err
	}
	r.emulator, r.emulatorFresh = e, phase == "setup"
	r.setEndpoint(e.URL())
	if r.proxy != nil {
		return r.proxy.SetTarget(e.URL())
	}
	return nil
}

func (r *runner) setEndpoint(endpoint string) {
	r.endpoint = endpoint
	r.direct = awsConfig(endpoint)
	r.sqs = sqs.NewFromConfig(r.direct)
}

func (r *runner) emulatorPid() int {
	if r.emulator == nil {
		return 0
	}
	return r.emulator.Pid()
}

func (r *runner) buildProcessor(ctx context.Context) error {
	if r.cfg.ProcessorBin != "" {
		r.bin = r.cfg.ProcessorBin
		return nil
	}
	r.cfg.Logger.Info("building cmd/processor")
	bin, err := testbed.Build(ctx, r.cfg.WorkDir, testbed.ProcessorPackage)
	r.bin = bin
	return err
}

func (c Config) runsProcessor() bool {
	for _, p := range c.Phases {
		if spec, err := ParsePhase(p); err == nil && spec.pipeline != PhaseBaseline {
			return true
		}
	}
	return false
}

func awsConfig(endpoint string) aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("bench", "bench", ""),
		BaseEndpoint: aws.String(endpoint),
	}
}

func (r *runner) close() {
	if r.proxy != nil {
		_ = r.proxy.Close()
	}
	if r.emulator != nil {
		r.emulator.Stop()
	}
}

// phase runs one phase on a fresh database and fresh queues.
func (r *runner) phase(ctx context.Context, name string) (Result, error) {
	r.cfg.Logger.Info("phase", "phase", name)
	if err := r.useSQS(ctx, name); err != nil {
		return Result{}, err
	}
	defer r.deleteQueues(ctx, name)
	dbName := r.cfg.DatabaseName
	if r.cfg.KeepDatabases {
		dbName += "_" + strings.ReplaceAll(identifier(name), "-", "_")
	}
	db, err := NewDatabase(ctx, r.cfg.DatabaseURL, dbName)
	if err != nil {
		return Result{}, err
	}
	if r.cfg.KeepDatabases {
		defer db.Pool().Close()
	} else {
		defer func() { _ = db.Drop(context.WithoutCancel(ctx)) }()
	}
	spec, err := ParsePhase(name)
	if err != nil {
		return Result{}, err
	}
	switch spec.pipeline {
	case PhaseBaseline:
		return r.baseline(ctx, db, name, spec.delay)
	case PhaseProcessor, PhaseCompare:
		return r.drain(ctx, db, name, 1, spec)
	case PhaseScaleOut:
		return r.drain(ctx, db, name, 2, spec)
	default:
		return r.latency(ctx, db)
	}
}

// queueName is a fresh queue for a phase: a queue a killed consumer
// long-polled may hold messages invisible for the visibility timeout.
func (r *runner) queueName(phase string) string {
	return fmt.Sprintf("bench-%s-%s-r%d", identifier(phase), r.runID, r.round)
}
