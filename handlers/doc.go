// Package handlers holds the router's handling of a message, read top to
// bottom in Event: decode the envelope, authenticate the producer, validate
// the event against its tenant's registry, store it (Store). What wraps
// every handler (correlation ids, failure logging, holding while the store
// is unavailable, the poison queue, retries, panic recovery) is in
// middleware.
package handlers
