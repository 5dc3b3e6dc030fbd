// Package testbed sets up the real pieces that the benchmark
// (internal/bench, run by cmd/bench) and the binary-level tests
// (test/harness, test/senderkill) run against:
//
//   - Build builds a command of this module as production does;
//   - Start runs a binary as a child process (its whole environment given,
//     its output to a log file, SIGKILLed if this process dies) and
//     StartProcessor runs the processor with its ops endpoints on a free
//     port, waits for /readyz and stops it with SIGTERM;
//   - ReadUsage reads a process's CPU time and peak memory from /proc;
//   - FreeAddr finds a port to listen on, Get gets a URL and WaitHTTP
//     polls one until it answers;
//   - CreateDatabase and DropDatabase make throwaway databases.
//
// It never imports testing, so that production commands can use it;
// internal/testenv adapts it to tests (skip or fail when a service is
// missing, clean-up when the test ends).
package testbed
