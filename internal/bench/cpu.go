package bench

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/eventmesh/processor/internal/testbed"
)

// CPUSplit is the CPU time the parts of the pipeline used during a phase:
// every process on the machine that pipeline runs on shares its two cores.
type CPUSplit struct {
	Postgres time.Duration // every postgres process (the server's backends, WAL writer, …)
	SQS      time.Duration // the private SQS emulator (0 when an external one is used)
	Harness  time.Duration // this process: the proxy, the baseline, the polling
}

// cpuSampler takes per-process CPU times at the start of a phase, so that
// the end can tell what each part used in between.
type cpuSampler struct {
	emulator int // pid, 0 if none
	postgres map[int]time.Duration
	sqs      time.Duration
	harness  time.Duration
}

func newCPUSampler(emulatorPid int) *cpuSampler {
	s := &cpuSampler{emulator: emulatorPid, postgres: postgresCPU()}
	s.sqs = pidCPU(emulatorPid)
	s.harness = selfCPU()
	return s
}

// since returns the CPU used since the sampler was made. Postgres
// processes that started in between count in full; those that exited in
// between are missed.
func (s *cpuSampler) since() CPUSplit {
	var split CPUSplit
	for pid, cpu := range postgresCPU() {
		split.Postgres += cpu - s.postgres[pid]
	}
	split.SQS = pidCPU(s.emulator) - s.sqs
	split.Harness = selfCPU() - s.harness
	return split
}

// postgresCPU returns the CPU time of every process named postgres.
func postgresCPU() map[int]time.Duration {
	out := map[int]time.Duration{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if comm, _ := os.ReadFile("/proc/" + e.Name() + "/comm"); strings.TrimSpace(string(comm)) == "postgres" {
			out[pid] = pidCPU(pid)
		}
	}
	return out
}

func pidCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	u, _ := testbed.ReadUsage(pid)
	return u.CPU
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
