package sqsqueue

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// ErrClosed is returned by Subscribe after Close.
var ErrClosed = errors.New("sqsqueue: subscriber closed")

// Subscriber is a message.Subscriber reading SQS queues. See the package
// documentation for its delivery guarantees and SubscriberConfig for its knobs.
type Subscriber struct {
	cfg       SubscriberConfig
	client    *sqs.Client
	closeIdle func()
	logger    watermill.LoggerAdapter
	stats     counters

	mu      sync.Mutex
	closed  bool
	closing chan struct{}
	subs    sync.WaitGroup
}

var _ message.Subscriber = (*Subscriber)(nil)

// NewSubscriber applies the defaults to cfg, validates it and returns a
// Subscriber. A nil logger discards logs.
func NewSubscriber(cfg SubscriberConfig, logger watermill.LoggerAdapter) (*Subscriber, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("sqsqueue subscriber config: %w", err)
	}
	if logger == nil {
		logger = watermill.NopLogger{}
	}
	client, closeIdle := cfg.newClient()
	return &Subscriber{cfg: cfg, client: client, closeIdle: closeIdle, logger: logger, closing: make(chan struct{})}, nil
}

// newClient returns Client, or a client built from AWSConfig whose idle
// connections the returned func closes.
func (c SubscriberConfig) newClient() (*sqs.Client, func()) {
	if c.Client != nil {
		return c.Client, func() {}
	}
	awsCfg := c.AWSConfig.Copy()
	closeIdle := func() {}
	if awsCfg.HTTPClient == nil {
		transport := awshttp.NewBuildableClient().GetTransport()
		transport.MaxIdleConnsPerHost = c.MaxReceivers + 2*c.BatchConcurrency
		transport.MaxIdleConns = max(transport.MaxIdleConns, transport.MaxIdleConnsPerHost)
		awsCfg.HTTPClient = &http.Client{Transport: transport}
		closeIdle = transport.CloseIdleConnections
	}
	return sqs.NewFromConfig(awsCfg, c.OptFns...), closeIdle
}

// Subscribe starts receiving from the queue named topic (or, when topic is an
// http(s) URL, from the queue at that URL). The channel is closed once the
// receivers stopped, when ctx ends or on Close. Messages already handed out
// stay valid after that: their acks still delete them until CloseTimeout.
// Each message has its own context, which carries ctx's values but is not
// cancelled with ctx: it is cancelled once the message is acked or nacked (its
// SQS call queued), or when CloseTimeout expires with the message unsettled.
func (s *Subscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	queueURL, err := s.resolveQueueURL(ctx, topic)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	s.subs.Add(1)
	sub := newSubscription(s, queueURL)
	return sub.start(ctx, s.closing, s.subs.Done), nil
}

func (s *Subscriber) resolveQueueURL(ctx context.Context, topic string) (string, error) {
	if strings.HasPrefix(topic, "https://") || strings.HasPrefix(topic, "http://") {
		return topic, nil
	}
	out, err := s.client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: &topic})
	if err != nil {
		return "", fmt.Errorf("resolve SQS queue %q: %w", topic, err)
	}
	return *out.QueueUrl, nil
}

// Close stops every receiver at once, waits up to CloseTimeout for in-flight
// messages to be acked or nacked, sends the pending deletes and visibility
// changes, and returns. It is safe to call more than once and concurrently;
// every call waits for the shutdown to finish. Watermill's router calls Close
// when it closes but does not wait for it: call Close again after
// Router.Close to be sure the last deletes were sent. Messages left in flight
// after CloseTimeout are not an error (SQS delivers them again): they are
// logged and counted in Stats.Abandoned, and Close returns nil.
func (s *Subscriber) Close() error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.closing)
	}
	s.mu.Unlock()
	s.subs.Wait()
	s.closeIdle()
	return nil
}

// Stats returns the subscriber's counters.
func (s *Subscriber) Stats() Stats {
	return s.stats.snapshot()
}
