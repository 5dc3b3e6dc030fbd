package bench

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
)

// header prints the machine and the workload.
func (r *runner) header() {
	w := r.cfg.Out
	fmt.Fprintf(w, "machine: %s, %d cores, %s RAM, %s; %s; %s\n",
		cpuModel(), runtime.NumCPU(), memTotal(), kernel(), runtime.Version(), postgresVersion(r.cfg.DatabaseURL))
	fmt.Fprintf(w, "workload: %d events (seed %d), %d tenants, %d event types, mean body %d B, %.0f%% invalid over every kind, %.0f%% duplicates, %.0f%% of valid in the legacy format\n",
		r.cfg.Events, r.cfg.Seed, len(r.workload.Tenants), len(r.workload.EventTypes), r.workload.MeanBody,
		100*InvalidShare, 100*DuplicateShare, 100*LegacyShare)
	fmt.Fprintf(w, "baseline: %d workers, ReceiveMessage 10, one multi-row INSERT … ON CONFLICT DO NOTHING per batch, DeleteMessageBatch, no validation\n",
		r.cfg.BaselineWorkers)
	fmt.Fprintf(w, "processor: go build ./cmd/processor, configuration %s\n", describeEnv(r.cfg.ProcessorEnv))
	fmt.Fprintln(w, "a phase named <pipeline>-<delay> adds the delay to every SQS call; its ×baseline is over the baseline at the same delay")
	fmt.Fprintln(w, "in-flight: the highest in-flight limit the processor's subscriber set by Little's law (bounded by SQS_MAX_IN_FLIGHT)")
	if r.cfg.runsPipeline(PhaseCompare) {
		fmt.Fprintf(w, "processor-b: %s, configuration %s\n", cmp.Or(r.cfg.CompareBin, "the same build"), describeEnv(r.cfg.compareEnv()))
	}
	fmt.Fprintln(w)
}

// describeEnv is a processor's extra environment as the header shows it:
// "defaults" when there is none, else K=V, K=V sorted by key.
func describeEnv(env map[string]string) string {
	if len(env) == 0 {
		return "defaults"
	}
	vars := make([]string, 0, len(env))
	for _, k := range slices.Sorted(maps.Keys(env)) {
		vars = append(vars, k+"="+env[k])
	}
	return strings.Join(vars, ", ")
}

// report prints the table, the requests by operation, the goals and the profile.
func (r *runner) report() {
	w := tabwriter.NewWriter(r.cfg.Out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "phase\tinst\tevents\tseconds\tevents/s\t×baseline\tSQS req/event\tCPU µs/event\tpeak RSS MB\tin-flight\tp50 ms\tp99 ms\tcheck\t")
	for _, res := range r.results {
		ratio := "-"
		if res.Phase != PhaseLatency {
			ratio = orDash("%.2f", r.ratio(&res))
		}
		check := "ok"
		if res.Check != nil {
			check = "FAILED"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%.2f\t%.0f\t%s\t%.3f\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			res.Phase, orDash("%.0f", float64(res.Instances)), res.Events, res.Elapsed.Seconds(), res.Rate(), ratio,
			res.RequestsPerEvent(), orDash("%.1f", res.CPUPerEvent()), orDash("%.1f", mb(res.PeakRSS)), orDash("%.0f", res.InFlightPeak),
			orDash("%.1f", res.P50()), orDash("%.1f", res.P99()), check)
	}
	_ = w.Flush()
	r.roundsTable()
	r.requestsTable()
	r.cpuTable()
	r.goals()
	for _, res := range r.results {
		if res.Check != nil {
			fmt.Fprintf(r.cfg.Out, "\nCORRECTNESS FAILED in %s: %v\n", res.Phase, res.Check)
		}
	}
	if r.profileTop != "" {
		fmt.Fprintf(r.cfg.Out, "\nCPU profile of the processor during its drain (go tool pprof -top):\n%s", r.profileTop)
	}
}

// roundsTable shows the events/s of every round, the table above holding
// each phase's median round.
func (r *runner) roundsTable() {
	if r.cfg.Rounds < 2 {
		return
	}
	fmt.Fprintf(r.cfg.Out, "\nevents/s of each round (the table above shows each phase's median round):\n")
	w := tabwriter.NewWriter(r.cfg.Out, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, res := range r.results {
		row := []string{res.Phase}
		for _, round := range r.rounds {
			if round.Phase == res.Phase {
				row = append(row, fmt.Sprintf("%.0f", round.Rate()))
			}
		}
		fmt.Fprintf(w, "%s\t\n", strings.Join(row, "\t"))
	}
	_ = w.Flush()
}

func (r *runner) requestsTable() {
	ops := map[string]bool{}
	for _, res := range r.results {
		for op := range res.Requests {
			ops[op] = true
		}
	}
	names := slices.Sorted(maps.Keys(ops))
	fmt.Fprintln(r.cfg.Out, "\nSQS requests by operation (counted by the proxy):")
	w := tabwriter.NewWriter(r.cfg.Out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "phase\t%s\t\n", strings.Join(names, "\t"))
	for _, res := range r.results {
		row := []string{res.Phase}
		for _, op := range names {
			row = append(row, fmt.Sprint(res.Requests[op]))
		}
		fmt.Fprintf(w, "%s\t\n", strings.Join(row, "\t"))
	}
	_ = w.Flush()
}

// cpuTable splits the CPU of each phase over the processes that share the
// machine's cores. The latency phase counts its publishing producers in
// the harness.
func (r *runner) cpuTable() {
	fmt.Fprintln(r.cfg.Out, "\nCPU µs per event by process (all share the machine's cores):")
	w := tabwriter.NewWriter(r.cfg.Out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "phase\tprocessor\tpostgres\tsqs emulator\tharness\ttotal\tcores busy\t")
	for _, res := range r.results {
		s := res.Split
		total := res.CPU + s.Postgres + s.SQS + s.Harness
		fmt.Fprintf(w, "%s\t%s\t%.0f\t%.0f\t%.0f\t%.0f\t%.2f\t\n", res.Phase, orDash("%.0f", res.CPUPerEvent()),
			res.perEvent(s.Postgres), res.perEvent(s.SQS), res.perEvent(s.Harness), res.perEvent(total),
			total.Seconds()/res.Elapsed.Seconds())
	}
	_ = w.Flush()
}

func (r *runner) find(phase string) *Result {
	for i := range r.results {
		if r.results[i].Phase == phase {
			return &r.results[i]
		}
	}
	return nil
}

func cpuModel() string {
	data, _ := os.ReadFile("/proc/cpuinfo")
	for line := range strings.Lines(string(data)) {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		}
	}
	return runtime.GOARCH
}

func memTotal() string {
	data, _ := os.ReadFile("/proc/meminfo")
	var kb int64
	fmt.Sscanf(string(data), "MemTotal: %d kB", &kb)
	return fmt.Sprintf("%.0f GB", float64(kb)/(1<<20))
}

func kernel() string {
	data, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return "Linux " + strings.TrimSpace(string(data))
}

func postgresVersion(url string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "PostgreSQL (version unknown)"
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "PostgreSQL (version unknown)"
	}
	return "PostgreSQL " + strings.Fields(v)[0]
}
