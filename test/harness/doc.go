// Package harness runs the real processor binary as a subprocess against real
// services, for the crash, fault and bad-input tests under test/: it builds
// cmd/processor, starts and kills processes, gives each test its own
// database (or its own throwaway Postgres cluster, which a test may restart
// without disturbing anyone), sends workloads to SQS in batches and reads
// back what the processor stored and poisoned.
package harness
