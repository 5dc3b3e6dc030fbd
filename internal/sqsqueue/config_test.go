package sqsqueue_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/sqsqueue"
)

func TestNewSubscriber_validates_config(t *testing.T) {
	t.Parallel()
	creds := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")}
	tests := []struct {
		name string
		cfg  sqsqueue.SubscriberConfig
		want string
	}{
		{"defaults", sqsqueue.SubscriberConfig{AWSConfig: creds}, ""},
		{"no client nor credentials", sqsqueue.SubscriberConfig{}, "neither Client nor AWSConfig.Credentials is set"},
		{"too many receivers", sqsqueue.SubscriberConfig{AWSConfig: creds, MaxReceivers: 101}, "MaxReceivers must be in [1, 100], got 101"},
		{"negative in flight", sqsqueue.SubscriberConfig{AWSConfig: creds, MaxInFlight: -1}, "MaxInFlight must be in [1, 100000], got -1"},
		{"wait too long", sqsqueue.SubscriberConfig{AWSConfig: creds, WaitTime: 21 * time.Second}, "WaitTime must be in [1s, 20s], got 21s"},
		{"visibility too short", sqsqueue.SubscriberConfig{AWSConfig: creds, VisibilityTimeout: time.Millisecond}, "VisibilityTimeout must be in [1s, 12h0m0s], got 1ms"},
		{"processing shorter than visibility", sqsqueue.SubscriberConfig{
			AWSConfig: creds, VisibilityTimeout: time.Minute, MaxProcessingTime: time.Second,
		}, "MaxProcessingTime must be in [1m0s, 12h0m0s], got 1s"},
		{"slow flush", sqsqueue.SubscriberConfig{AWSConfig: creds, AckFlushDelay: 2 * time.Second}, "AckFlushDelay must be in [1ms, 1s], got 2s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sub, err := sqsqueue.NewSubscriber(tt.cfg, nil)
			if tt.want == "" {
				require.NoError(t, err)
				require.NoError(t, sub.Close())
				return
			}
			require.ErrorContains(t, err, tt.want)
		})
	}
}
