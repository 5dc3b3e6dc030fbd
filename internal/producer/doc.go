// Package producer generates and publishes fake event workloads: the
// producers of cmd/producers, the benchmark and the crash tests share it.
//
// A Workload is a reproducible sequence of messages (body, Watermill UUID,
// metadata) for the tenants, producers and event types of a Catalog: valid
// CloudEvents, bodies in the original system's format, exact duplicates, and
// every kind of invalid event the processor must poison. Publish sends them
// through any Watermill publisher (watermill-aws's SQS publisher in
// production) at a given rate, retries transient failures with backoff, and
// returns a Report of what was sent, with the outcome the database should
// show once the processor has consumed it: events stored per tenant,
// duplicates absorbed and poison records per reason class.
package producer
