package envconfig

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// LocalSQSEndpoint is the SQS endpoint used when AWS_ENDPOINT_URL_SQS and
// AWS_ENDPOINT_URL are both unset: the local emulator. Set
// AWS_ENDPOINT_URL_SQS to an empty string to use the real AWS endpoint.
const LocalSQSEndpoint = "http://127.0.0.1:4566"

// AWS loads the AWS SDK configuration the standard way (AWS_REGION,
// AWS_ENDPOINT_URL_SQS, credentials chain…), defaulting the region to
// us-east-1, and pointing at the local emulator with dummy credentials when
// no endpoint is configured at all.
func (r *Reader) AWS(ctx context.Context) (aws.Config, error) {
	opts := []func(*awsconfig.LoadOptions) error{awsconfig.WithRegion(r.String("AWS_REGION", r.String("AWS_DEFAULT_REGION", "us-east-1")))}
	if r.usesLocalEmulator() {
		opts = append(opts, awsconfig.WithBaseEndpoint(LocalSQSEndpoint))
		if _, ok := r.lookup("AWS_ACCESS_KEY_ID"); !ok {
			opts = append(opts, awsconfig.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("local", "local", "")))
		}
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	return cfg, nil
}

func (r *Reader) usesLocalEmulator() bool {
	_, sqsSet := r.lookup("AWS_ENDPOINT_URL_SQS")
	_, anySet := r.lookup("AWS_ENDPOINT_URL")
	return !sqsSet && !anySet
}
