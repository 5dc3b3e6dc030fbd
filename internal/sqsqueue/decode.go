package sqsqueue

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
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

// toWatermill decodes raw with the configured Unmarshaler (decode).
func (s *subscription) toWatermill(raw *types.Message) *message.Message {
	return decode(s.cfg.Unmarshaler, raw)
}

// decode turns raw into a Watermill message with u and adds the SQS
// metadata. It always returns a message: one u cannot decode (an error, a
// panic, no message) carries its body, every attribute and
// MetadataDecodeError, for the consumer to reject like a bad body. A nack
// would bring it back until the dead-letter queue; a panic here would take
// the process down with it, every time it is received.
func decode(u wsqs.Unmarshaler, raw *types.Message) *message.Message {
	msg, err := unmarshal(u, raw)
	if err != nil {
		msg = undecodable(raw, err)
	}
	msg.Metadata.Set(MetadataMessageID, messageID(raw))
	delete(msg.Metadata, MetadataSenderID)
	for key, attr := range systemMetadata {
		if v, ok := raw.Attributes[string(attr)]; ok {
			msg.Metadata.Set(key, v)
		}
	}
	return msg
}

// unmarshal runs u, turning a panic or a missing message into an error, and
// makes the metadata text. Only the subscriber sets MetadataDecodeError.
func unmarshal(u wsqs.Unmarshaler, raw *types.Message) (msg *message.Message, err error) {
	defer func() {
		if p := recover(); p != nil {
			msg, err = nil, fmt.Errorf("unmarshaler panicked: %v", p)
		}
	}()
	msg, err = u.Unmarshal(raw)
	if err == nil && msg == nil {
		err = errors.New("unmarshaler returned no message")
	}
	if err != nil {
		return nil, err
	}
	if msg.Metadata == nil {
		msg.Metadata = make(message.Metadata, len(systemMetadata)+1)
	}
	for k, v := range msg.Metadata {
		msg.Metadata[k] = textValue(v)
	}
	delete(msg.Metadata, MetadataDecodeError)
	return msg, nil
}

// undecodable is the message of raw that the Unmarshaler failed on: its
// SQS MessageId as UUID, its body, every attribute (the UUID attribute
// too) and why it failed under MetadataDecodeError.
func undecodable(raw *types.Message, err error) *message.Message {
	msg := message.NewMessage(messageID(raw), []byte(aws.ToString(raw.Body)))
	decodeAttributes(msg.Metadata, raw.MessageAttributes, "")
	msg.Metadata.Set(MetadataDecodeError, textValue(err.Error()))
	return msg
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
