// Command bench measures the event processor against the fastest
// hand-written SQS-to-Postgres pipeline on the same machine, in one run:
// drain throughput, SQS requests, CPU, memory, latency under an open-loop
// load, with added SQS latency and with two instances. See
// docs/benchmarks.md; `make bench` runs it. Every flag is checked before
// any work (exit code 2, naming each bad flag and its range).
package main

import "github.com/eventmesh/processor/internal/exitcode"

func main() { exitcode.Main("bench", run) }
