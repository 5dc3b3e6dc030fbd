package processor

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

// Subscriber gets the processor's AckFlushDelay, AWS, and the two sqsqueue
// defaults the processor reads itself; its other zero fields are left to
// sqsqueue.NewSubscriber, and fields set are kept.
func TestConfig_withDefaults_fills_the_subscriber_fields_the_processor_reads(t *testing.T) {
	t.Parallel()
	awsCfg := aws.Config{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")}
	sub := Config{AWS: awsCfg}.withDefaults().Subscriber
	require.Equal(t, DefaultAckFlushDelay, sub.AckFlushDelay)
	require.Equal(t, sqsqueue.DefaultVisibilityTimeout, sub.VisibilityTimeout)
	require.Equal(t, sqsqueue.DefaultMaxProcessingTime, sub.MaxProcessingTime)
	require.Equal(t, "eu-west-1", sub.AWSConfig.Region)
	require.Zero(t, sub.MaxInFlight, "sqsqueue's default, applied by NewSubscriber")
	require.Zero(t, sub.NackVisibilityDelay, "zero means no delay")

	sub = Config{AWS: awsCfg, Subscriber: sqsqueue.SubscriberConfig{
		VisibilityTimeout: 10 * time.Minute, AckFlushDelay: time.Millisecond, AWSConfig: aws.Config{Region: "us-east-2"},
	}}.withDefaults().Subscriber
	require.Equal(t, 10*time.Minute, sub.MaxProcessingTime, "at least the visibility timeout")
	require.Equal(t, time.Millisecond, sub.AckFlushDelay)
	require.Equal(t, "eu-west-1", sub.AWSConfig.Region, "AWSConfig without credentials is AWS")
}
