package deadletter

import (
	"fmt"
	"maps"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/eventmesh/processor/internal/poison"
)

// maxAttributes is the most message attributes SQS accepts on a message.
const maxAttributes = 10

// sendInput is the SendMessage of m to the queue at url: m's body and
// message attributes, the MessageId m first arrived with
// (poison.OriginalMessageIDKey, unless m has it already) and RedrivenKey
// counting the moves back (left out when the attributes are full). It fails
// when m has no room left for the MessageId: sent without it, an event in the
// original format would get a new id.
func sendInput(url string, m types.Message) (*sqs.SendMessageInput, error) {
	attrs := maps.Clone(m.MessageAttributes)
	if attrs == nil {
		attrs = map[string]types.MessageAttributeValue{}
	}
	if _, ok := attrs[poison.OriginalMessageIDKey]; !ok {
		if len(attrs) >= maxAttributes {
			return nil, fmt.Errorf("has %d message attributes, no room for %s", len(attrs), poison.OriginalMessageIDKey)
		}
		attrs[poison.OriginalMessageIDKey] = stringValue("String", aws.ToString(m.MessageId))
	}
	if _, ok := attrs[RedrivenKey]; ok || len(attrs) < maxAttributes {
		attrs[RedrivenKey] = stringValue("Number", strconv.Itoa(redriven(m)+1))
	}
	input := &sqs.SendMessageInput{QueueUrl: &url, MessageBody: m.Body, MessageAttributes: attrs}
	if trace := m.Attributes[string(traceHeader)]; trace != "" {
		input.MessageSystemAttributes = map[string]types.MessageSystemAttributeValue{
			string(types.MessageSystemAttributeNameForSendsAWSTraceHeader): {DataType: aws.String("String"), StringValue: &trace},
		}
	}
	return input, nil
}

// redriven is how many times m was moved back already.
func redriven(m types.Message) int {
	n, _ := strconv.Atoi(aws.ToString(m.MessageAttributes[RedrivenKey].StringValue))
	return n
}

func stringValue(dataType, v string) types.MessageAttributeValue {
	return types.MessageAttributeValue{DataType: &dataType, StringValue: &v}
}
