// Package middleware holds the processor's cross-cutting Watermill handler
// middleware, one per file, each wrapping a message.HandlerFunc, in the
// router's order (outermost first): stack growth (GrowStack), correlation
// ids (CorrelationID), one log line per failed message (LogFailures),
// holding messages while the store is unavailable (HoldWhileUnavailable),
// the poison queue for permanent failures (PoisonQueue), retries of
// transient ones (Retry) and panic recovery (Recoverer). The handling of
// an event itself (decode, authenticate, validate, store) is
// handlers.Event.
package middleware
