package producer

import (
	"fmt"

	"github.com/ThreeDotsLabs/watermill"
	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/aws/aws-sdk-go-v2/aws"
)

// NewSQSPublisher returns watermill-aws's SQS publisher on awsCfg, whose
// topics are queue names. It never creates a queue: the processor creates
// its queue with the redrive policy to the dead-letter queue, and a send to
// a queue that does not exist yet is a transient failure that Publish
// retries until it does.
func NewSQSPublisher(awsCfg aws.Config, logger watermill.LoggerAdapter) (*wsqs.Publisher, error) {
	pub, err := wsqs.NewPublisher(wsqs.PublisherConfig{
		AWSConfig:                   awsCfg,
		DoNotCreateQueueIfNotExists: true,
	}, logger)
	if err != nil {
		return nil, fmt.Errorf("create SQS publisher: %w", err)
	}
	return pub, nil
}
