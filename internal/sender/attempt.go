package sender

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/eventmesh/processor/internal/delivery"
	"github.com/eventmesh/processor/internal/egress"
	"github.com/eventmesh/processor/internal/subscription"
	"github.com/eventmesh/processor/internal/webhook"
)

// maxResponse is how much of a response body an attempt records.
const maxResponse = 64 << 10

// contentType of the body: a structured CloudEvent in JSON.
const contentType = "application/cloudevents+json"

// post sends claimed delivery c to sub's URL as a Standard Webhook and
// returns the attempt and the Retry-After it may carry. It never returns
// an error: every failure is an attempt's outcome.
func post(ctx context.Context, client *http.Client, sub *subscription.Subscription, c delivery.Claimed, cfg Config) (*delivery.Attempt, time.Duration) {
	start := time.Now()
	a := &delivery.Attempt{At: start}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.URL.String(), bytes.NewReader(c.Body))
	if err != nil {
		a.Outcome, a.Error = OutcomeError, err.Error()
		return a, 0
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("User-Agent", "eventmesh-sender/1")
	webhook.SetHeaders(req.Header, sub.Secrets, c.WebhookID, start, c.Body)
	resp, err := client.Do(req)
	if err != nil {
		a.Latency = time.Since(start)
		a.Outcome, a.Error = classifyError(err), err.Error()
		return a, 0
	}
	a.StatusCode = resp.StatusCode
	a.Response, err = io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse)) // let the connection be reused
	_ = resp.Body.Close()
	a.Latency = time.Since(start)
	if err != nil && (resp.StatusCode < 200 || resp.StatusCode > 299) {
		a.Error = err.Error()
	}
	return a, classifyStatus(a, resp.Header, c, cfg)
}

// classifyStatus sets the outcome of an answered attempt and returns the
// bounded Retry-After of a throttling answer: 429, 502, 503 or 504 with a
// Retry-After, while the delivery has had fewer than cfg.MaxThrottles.
func classifyStatus(a *delivery.Attempt, h http.Header, c delivery.Claimed, cfg Config) time.Duration {
	switch code := a.StatusCode; {
	case code >= 200 && code <= 299:
		a.Outcome = OutcomeDelivered
	case code == http.StatusGone:
		a.Outcome = OutcomeGone
	case throttleStatus(code):
		a.Outcome = OutcomeRejected
		if d, ok := retryAfter(h, time.Now(), cfg.MaxRetryAfter); ok && c.Throttles < cfg.MaxThrottles {
			a.Outcome = OutcomeThrottled
			return d
		}
	default:
		a.Outcome = OutcomeRejected
	}
	return 0
}

func classifyError(err error) string {
	var forbidden *egress.ForbiddenAddressError
	var netErr net.Error
	switch {
	case errors.As(err, &forbidden):
		return OutcomeForbidden
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		errors.As(err, &netErr) && netErr.Timeout():
		return OutcomeTimeout
	case errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET):
		return OutcomeRefused
	}
	return OutcomeError
}
