// Package harness runs the real processor binary as a subprocess against real
// services, for the crash, fault and bad-input tests under test/. It holds
// what those tests share about the processor: its test environment (Env),
// a process that fails the test (Start, on internal/testbed's
// StartProcessor, with Binary built once per test binary), a throwaway
// Postgres cluster a test may restart without disturbing anyone
// (StartCluster), a queue of the test's own with batched sends
// (NewQueue), workloads, and what the processor stored and poisoned
// (ReadOutcome, Expect, Compare).
//
// The services themselves (a database of the test's own, skip or fail when
// one is missing, addresses and fault proxies) are internal/testenv's.
package harness
