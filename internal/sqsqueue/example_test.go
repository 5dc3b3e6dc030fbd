package sqsqueue_test

import (
	"context"
	"log/slog"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

// A router reads a queue created with its dead-letter queue. The subscriber
// is closed after the router, so the last acks are deleted before exit.
func ExampleNewSubscriber() {
	ctx := context.Background()
	var awsCfg aws.Config // from config.LoadDefaultConfig in a real program
	logger := watermill.NewSlogLogger(slog.Default())

	queues, err := sqsqueue.EnsureQueues(ctx, sqs.NewFromConfig(awsCfg), sqsqueue.QueueSpec{
		Name: "events", MaxReceiveCount: 5, VisibilityTimeout: 30 * time.Second,
	})
	if err != nil {
		panic(err)
	}
	sub, err := sqsqueue.NewSubscriber(sqsqueue.SubscriberConfig{
		AWSConfig:         awsCfg,
		MaxInFlight:       256,
		VisibilityTimeout: 30 * time.Second, // the queue's, extended while handlers run
		// A nacked message comes back after 5s; zero (the default) brings it back at once.
		NackVisibilityDelay: 5 * time.Second,
	}, logger)
	if err != nil {
		panic(err)
	}
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 30 * time.Second}, logger)
	if err != nil {
		panic(err)
	}
	router.AddConsumerHandler("store", queues.URL, sub, func(msg *message.Message) error {
		return nil // store the event; returning nil acks, and the ack deletes it
	})
	if err := router.Run(ctx); err != nil {
		panic(err)
	}
	// Sends the last deletes; messages left in flight are logged and counted
	// in Stats().Abandoned, SQS delivers them again.
	if err := sub.Close(); err != nil {
		logger.Error("close subscriber", err, nil)
	}
}
