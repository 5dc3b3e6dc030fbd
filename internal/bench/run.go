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
)

// ErrIncorrect is returned when a phase's database does not hold exactly
// what its workload must produce.
var ErrIncorrect = errors.New("bench: correctness check failed")

// runner is one benchmark run: the services, the workload and the results.
type runner struct {
	cfg      Config
	workload *Workload
	emulator *Emulator
	proxy    *Proxy
	direct   aws.Config  // straight to SQS: filling, polling
	viaProxy aws.Config  // through the counting proxy: the measured pipelines
	sqs      *sqs.Client // direct
	bin      string
	runID    string
	results  []Result
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
	for _, phase := range AllPhases {
		if !cfg.runs(phase) {
			continue
		}
		res, err := r.phase(ctx, phase)
		if err != nil {
			return r.results, fmt.Errorf("phase %s: %w", phase, err)
		}
		r.results = append(r.results, res)
		cfg.Logger.Info("phase done", "phase", phase, "result", res.String())
		if res.Check != nil {
			failures = append(failures, fmt.Errorf("%s: %w", phase, res.Check))
		}
	}
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

func (r *runner) startSQS(ctx context.Context) error {
	endpoint := r.cfg.SQSEndpoint
	if endpoint == "" {
		e, err := StartEmulator(ctx, r.cfg.EmulatorDir, filepath.Join(r.cfg.WorkDir, "sqs-emulator.log"))
		if err != nil {
			return err
		}
		r.emulator, endpoint = e, e.URL()
	}
	proxy, err := StartProxy(endpoint)
	if err != nil {
		return err
	}
	r.proxy = proxy
	r.direct, r.viaProxy = awsConfig(endpoint), awsConfig(proxy.URL())
	r.sqs = sqs.NewFromConfig(r.direct)
	return nil
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
	bin, err := BuildProcessor(ctx, r.cfg.WorkDir)
	r.bin = bin
	return err
}

func (c Config) runsProcessor() bool {
	return c.runs(PhaseProcessor) || c.runs(PhaseCompare) || c.runs(PhaseDelay) || c.runs(PhaseScaleOut) || c.runs(PhaseLatency)
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
	dbName := r.cfg.DatabaseName
	if r.cfg.KeepDatabases {
		dbName += "_" + strings.ReplaceAll(name, "-", "_")
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
	switch name {
	case PhaseBaseline:
		return r.baseline(ctx, db, 0)
	case PhaseBaselineDelay:
		return r.baseline(ctx, db, r.cfg.Delay)
	case PhaseProcessor:
		return r.drain(ctx, db, name, 1, 0)
	case PhaseCompare:
		return r.drain(ctx, db, name, 1, 0)
	case PhaseDelay:
		return r.drain(ctx, db, name, 1, r.cfg.Delay)
	case PhaseScaleOut:
		return r.drain(ctx, db, name, 2, 0)
	case PhaseLatency:
		return r.latency(ctx, db)
	}
	return Result{}, fmt.Errorf("unknown phase %q", name)
}

// queueName is a fresh queue for a phase: a queue a killed consumer
// long-polled may hold messages invisible for the visibility timeout.
func (r *runner) queueName(phase string) string {
	return fmt.Sprintf("bench-%s-%s", phase, r.runID)
}
