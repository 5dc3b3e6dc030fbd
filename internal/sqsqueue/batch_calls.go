package sqsqueue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// batchCallTimeout bounds one batch request, so a connection that hangs
// without being closed cannot hold a batch worker for ever; the attempt then
// counts as failed and is retried.
const batchCallTimeout = 20 * time.Second

// batchCall sends one batch request and returns the entries SQS rejected.
// Entry ids in the request are the indexes of entries.
type batchCall func(ctx context.Context, entries []entry) ([]types.BatchResultErrorEntry, error)

// sendWithRetry sends entries with call, retrying the whole batch when the
// request fails and the rejected entries that are not the sender's fault,
// with doubling backoff, then logs and gives up.
func (s *subscription) sendWithRetry(ctx context.Context, op string, entries []entry, call batchCall) {
	backoff := s.cfg.BatchRetryBackoff
	for attempt := 0; ; attempt++ {
		callCtx, cancel := context.WithTimeout(ctx, batchCallTimeout)
		failed, err := call(callCtx, entries)
		cancel()
		entries, err = s.retryable(op, entries, failed, err)
		if len(entries) == 0 {
			return
		}
		if attempt == s.cfg.BatchRetries || !sleep(ctx, backoff) {
			s.stats.failed.Add(int64(len(entries)))
			s.logger.Error("Giving up SQS batch entries; the messages reappear after their visibility timeout", err,
				watermill.LogFields{"operation": op, "entries": len(entries), "attempts": attempt + 1})
			return
		}
		backoff *= 2
	}
}

// retryable returns the entries to send again and the error that explains why.
// Entries rejected as the sender's fault are logged and dropped.
func (s *subscription) retryable(op string, entries []entry, failed []types.BatchResultErrorEntry, err error) ([]entry, error) {
	if err != nil {
		return entries, err
	}
	var retry []entry
	var errs []error
	for _, f := range failed {
		i, convErr := strconv.Atoi(aws.ToString(f.Id))
		if convErr != nil || i < 0 || i >= len(entries) {
			continue
		}
		fErr := fmt.Errorf("%s entry for message %s: %s: %s", op, entries[i].id, aws.ToString(f.Code), aws.ToString(f.Message))
		if f.SenderFault {
			s.logRejected(op, entries[i], fErr)
			continue
		}
		retry = append(retry, entries[i])
		errs = append(errs, fErr)
	}
	return retry, errors.Join(errs...)
}

// logRejected logs an entry SQS will never accept, typically because the
// message was deleted already or its receipt handle expired.
func (s *subscription) logRejected(op string, e entry, err error) {
	fields := watermill.LogFields{"operation": op, "sqs_message_id": e.id}
	if op == opDelete {
		s.stats.failed.Add(1)
		s.logger.Error("SQS rejected delete; the message may be delivered again", err, fields)
		return
	}
	s.logger.Debug("SQS rejected visibility change: "+err.Error(), fields)
}

const (
	opDelete     = "DeleteMessageBatch"
	opVisibility = "ChangeMessageVisibilityBatch"
)

func (s *subscription) deleteBatch(ctx context.Context, entries []entry) ([]types.BatchResultErrorEntry, error) {
	s.stats.deleteBatchCalls.Add(1)
	req := make([]types.DeleteMessageBatchRequestEntry, len(entries))
	for i, e := range entries {
		req[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: aws.String(e.receipt)}
	}
	out, err := s.client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: &s.queueURL, Entries: req})
	if err != nil {
		return nil, fmt.Errorf("delete %d messages: %w", len(entries), err)
	}
	s.stats.deleted.Add(int64(len(out.Successful)))
	return out.Failed, nil
}

func (s *subscription) changeVisibilityBatch(ctx context.Context, entries []entry) ([]types.BatchResultErrorEntry, error) {
	s.stats.visibilityBatchCalls.Add(1)
	req := make([]types.ChangeMessageVisibilityBatchRequestEntry, len(entries))
	for i, e := range entries {
		req[i] = types.ChangeMessageVisibilityBatchRequestEntry{
			Id: aws.String(strconv.Itoa(i)), ReceiptHandle: aws.String(e.receipt), VisibilityTimeout: e.timeout,
		}
	}
	out, err := s.client.ChangeMessageVisibilityBatch(ctx, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: &s.queueURL, Entries: req})
	if err != nil {
		return nil, fmt.Errorf("change visibility of %d messages: %w", len(entries), err)
	}
	return out.Failed, nil
}

// sleep waits d and reports whether ctx was still alive.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
