package processor

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/eventmesh/processor/internal/logging"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// The start-up steps on the SQS side, in New's order.

// ensureQueues creates the queue and its dead-letter queue where missing,
// and compares them with the configuration where they exist (queueSpec).
func (s *Service) ensureQueues(ctx context.Context) error {
	s.sqs = sqs.NewFromConfig(s.cfg.AWS)
	queues, err := sqsqueue.EnsureQueues(ctx, s.sqs, s.cfg.queueSpec())
	if err != nil {
		return fmt.Errorf("create queues: %w", err)
	}
	s.queues = queues
	return nil
}

// newSubscriber creates the subscriber of Config.Subscriber, which pauses
// receiving while the store gate is closed and drains for CloseTimeout less
// the shutdown reserve. It builds its own client from AWSConfig: a
// transport with idle connections for every receiver and batch call, which
// the default one lacks.
func (s *Service) newSubscriber(context.Context) error {
	cfg := s.cfg.Subscriber
	cfg.ReceiveGate = s.gate.Wait
	cfg.CloseTimeout = s.cfg.drainTimeout()
	sub, err := sqsqueue.NewSubscriber(cfg, logging.WatermillLogger(s.cfg.Logger))
	if err != nil {
		return fmt.Errorf("create sqs subscriber: %w", err)
	}
	// The router closes the subscriber without waiting for it; this waits
	// until the last deletes and visibility changes were sent. Messages
	// left in flight at CloseTimeout are the subscriber's to log (Close
	// returns nil for them): only an unexpected error is logged here.
	s.closers = append(s.closers, func() {
		if err := sub.Close(); err != nil {
			s.cfg.Logger.Error("close SQS subscriber", "error", err.Error())
		}
	})
	s.subscriber = sub
	return nil
}

// pingQueue is the readiness check of SQS: the queue answers.
func (s *Service) pingQueue(ctx context.Context) error {
	_, err := s.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(s.queues.URL),
		AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameApproximateNumberOfMessages},
	})
	if err != nil {
		return fmt.Errorf("queue %s: %w", s.cfg.QueueName, err)
	}
	return nil
}
