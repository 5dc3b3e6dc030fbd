package sqsqueue

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// MetadataSenderID is the SenderId system attribute: the AWS account id, or
// the unique id of the IAM user or role, that sent the message. Only SQS
// sets it: a message attribute of this name never reaches the metadata.
const MetadataSenderID = "sqs_sender_id"

// systemMetadata maps metadata keys to the SQS system attributes they copy.
var systemMetadata = map[string]types.MessageSystemAttributeName{
	MetadataReceiveCount:          types.MessageSystemAttributeNameApproximateReceiveCount,
	MetadataSentTimestamp:         types.MessageSystemAttributeNameSentTimestamp,
	MetadataFirstReceiveTimestamp: types.MessageSystemAttributeNameApproximateFirstReceiveTimestamp,
	MetadataSenderID:              types.MessageSystemAttributeNameSenderId,
}

var systemAttributeNames = []types.MessageSystemAttributeName{
	types.MessageSystemAttributeNameApproximateReceiveCount,
	types.MessageSystemAttributeNameSentTimestamp,
	types.MessageSystemAttributeNameApproximateFirstReceiveTimestamp,
	types.MessageSystemAttributeNameSenderId,
}

var legacyAttributeNames = []types.QueueAttributeName{
	types.QueueAttributeName(types.MessageSystemAttributeNameApproximateReceiveCount),
	types.QueueAttributeName(types.MessageSystemAttributeNameSentTimestamp),
	types.QueueAttributeName(types.MessageSystemAttributeNameApproximateFirstReceiveTimestamp),
	types.QueueAttributeName(types.MessageSystemAttributeNameSenderId),
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
	for k, v := range msg.Metadata {
		msg.Metadata[k] = textValue(v)
	}
	msg.Metadata.Set(MetadataMessageID, messageID(raw))
	delete(msg.Metadata, MetadataSenderID)
	for key, attr := range systemMetadata {
		if v, ok := raw.Attributes[string(attr)]; ok {
			msg.Metadata.Set(key, v)
		}
	}
	msg.SetContext(s.msgCtx)
	return msg, nil
}

// textValue makes a message attribute value storable as JSON text: invalid
// UTF-8 and NUL (possible in Binary attributes) become U+FFFD. Metadata ends
// up in Postgres json columns, where a single \u0000 makes every ->> query
// on the row fail, so one hostile attribute could break the queries of a
// whole table (found by the bad-input tests).
func textValue(v string) string {
	if utf8.ValidString(v) && !strings.ContainsRune(v, 0) {
		return v
	}
	return strings.ReplaceAll(strings.ToValidUTF8(v, "\uFFFD"), "\x00", "\uFFFD")
}
