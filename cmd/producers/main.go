// Command producers publishes a fake workload to the processor's SQS queue
// through Watermill: valid CloudEvents events of every tenant, producer and
// event type of the registry, events in the original system's format,
// duplicates and every kind of invalid event, at a given rate. At the end it
// prints what it sent and what the database should then hold. Flags and
// their environment variables: producers -h; see docs/producers.md. Every
// flag is checked before any work (exit code 2), and Ctrl-C stops every
// stage: building the workload (exit code 130) or publishing (the report of
// what was sent).
package main

import "github.com/eventmesh/processor/internal/exitcode"

func main() { exitcode.Main("producers", run) }
