package sqsqueue

import (
	"testing"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// BenchmarkDecode decodes a message as watermill-aws's publisher sends one
// (the UUID and a correlation id), with its three system attributes, with
// this package's Unmarshaler and with watermill-aws's.
func BenchmarkDecode(b *testing.B) {
	raw := &types.Message{
		MessageId: aws.String("0b8d6a52-7d0e-4b8e-a5a4-9f0a4f7f3c11"), Body: aws.String(`{"specversion":"1.0","id":"x"}`),
		MessageAttributes: map[string]types.MessageAttributeValue{
			UUIDAttribute:    {DataType: aws.String("String"), StringValue: aws.String("01J0000000000000000000000")},
			"correlation_id": {DataType: aws.String("String"), StringValue: aws.String("corr-1")},
		},
		Attributes: map[string]string{
			"ApproximateReceiveCount": "1", "SentTimestamp": "1767225600000", "ApproximateFirstReceiveTimestamp": "1767225600001",
		},
	}
	for name, u := range map[string]wsqs.Unmarshaler{"sqsqueue": Unmarshaler{}, "watermill-aws": wsqs.DefaultMarshalerUnmarshaler{}} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				decode(u, raw)
			}
		})
	}
}
