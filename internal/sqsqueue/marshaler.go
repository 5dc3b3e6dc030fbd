package sqsqueue

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// Marshaler encodes Watermill messages for SQS as watermill-aws's
// DefaultMarshalerUnmarshaler does (the payload as body, the UUID in the
// String attribute _watermill_message_uuid, each metadata entry as a message
// attribute), and sends each attribute with the DataType recorded in
// MetadataAttributeTypes (String when none is), a Binary one with the exact
// bytes recorded in MetadataBinaryAttributes as long as its metadata value
// is still the text the Unmarshaler made of them. MetadataAttributeTypes,
// MetadataBinaryAttributes and MetadataDecodeError are not sent: what
// Unmarshaler decoded, Marshaler sends again as it came.
type Marshaler struct{}

var _ wsqs.Marshaler = Marshaler{}

// Marshal encodes msg, or fails when a recorded DataType or bytes key is
// not a JSON object of strings.
func (Marshaler) Marshal(msg *message.Message) (*types.Message, error) {
	dataTypes, err := jsonObject(msg.Metadata, MetadataAttributeTypes)
	if err != nil {
		return nil, err
	}
	exact, err := jsonObject(msg.Metadata, MetadataBinaryAttributes)
	if err != nil {
		return nil, err
	}
	attrs := make(map[string]types.MessageAttributeValue, len(msg.Metadata)+1)
	for k, v := range msg.Metadata {
		if k != MetadataAttributeTypes && k != MetadataBinaryAttributes && k != MetadataDecodeError {
			attrs[k] = attributeValue(v, cmp.Or(dataTypes[k], stringType), exact[k])
		}
	}
	attrs[UUIDAttribute] = types.MessageAttributeValue{DataType: aws.String(stringType), StringValue: aws.String(msg.UUID)}
	return &types.Message{MessageAttributes: attrs, Body: aws.String(string(msg.Payload))}, nil
}

func attributeValue(text, dataType, exact string) types.MessageAttributeValue {
	if baseType(dataType) != binaryType {
		return types.MessageAttributeValue{DataType: aws.String(dataType), StringValue: aws.String(text)}
	}
	b := []byte(text)
	if raw, err := base64.StdEncoding.DecodeString(exact); exact != "" && err == nil && textValue(string(raw)) == text {
		b = raw
	}
	return types.MessageAttributeValue{DataType: aws.String(dataType), BinaryValue: b}
}

func jsonObject(md message.Metadata, key string) (map[string]string, error) {
	s, ok := md[key]
	if !ok {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("metadata %s is not a JSON object of strings: %w", key, err)
	}
	return m, nil
}
