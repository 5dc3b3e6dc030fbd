package sqsqueue

import (
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// systemMetadata maps metadata keys to the SQS system attributes they copy.
var systemMetadata = map[string]types.MessageSystemAttributeName{
	MetadataReceiveCount:          types.MessageSystemAttributeNameApproximateReceiveCount,
	MetadataSentTimestamp:         types.MessageSystemAttributeNameSentTimestamp,
	MetadataFirstReceiveTimestamp: types.MessageSystemAttributeNameApproximateFirstReceiveTimestamp,
}

var systemAttributeNames = []types.MessageSystemAttributeName{
	types.MessageSystemAttributeNameApproximateReceiveCount,
	types.MessageSystemAttributeNameSentTimestamp,
	types.MessageSystemAttributeNameApproximateFirstReceiveTimestamp,
}

var legacyAttributeNames = []types.QueueAttributeName{
	types.QueueAttributeName(types.MessageSystemAttributeNameApproximateReceiveCount),
	types.QueueAttributeName(types.MessageSystemAttributeNameSentTimestamp),
	types.QueueAttributeName(types.MessageSystemAttributeNameApproximateFirstReceiveTimestamp),
}

// toWatermill decodes raw with the configured Unmarshaler, adds the SQS
// metadata and sets the subscription's message context.
func (s *subscription) toWatermill(raw *types.Message) (*message.Message, error) {
	msg, err := s.cfg.Unmarshaler.Unmarshal(raw)
	if err != nil {
		return nil, fmt.Errorf("unmarshal SQS message %s: %w", messageID(raw), err)
	}
	if msg.Metadata == nil {
		msg.Metadata = make(message.Metadata, len(systemMetadata)+1)
	}
	msg.Metadata.Set(MetadataMessageID, messageID(raw))
	for key, attr := range systemMetadata {
		if v, ok := raw.Attributes[string(attr)]; ok {
			msg.Metadata.Set(key, v)
		}
	}
	msg.SetContext(s.msgCtx)
	return msg, nil
}
