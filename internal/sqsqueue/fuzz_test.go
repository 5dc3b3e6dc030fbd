package sqsqueue

import (
	"testing"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"
)

// FuzzDecodeSQSMessage turns arbitrary SQS messages (a body, and two
// attributes of any name, data type and value, well-formed or not) into
// Watermill messages, with the subscriber's default Unmarshaler and with
// watermill-aws's (its panics guarded). Neither may panic; the message keeps
// the body and every attribute, as text Postgres can store; it is marked
// undecodable exactly when the Watermill UUID attribute holds no string;
// and an attribute SQS could have sent is marshaled back as it came. Seeds:
// testdata/fuzz/FuzzDecodeSQSMessage. Shape bits, per attribute (attribute
// 2's shifted by 3): 1 the value in both fields, 2 the value in the other
// field only, 4 no DataType; 64 no MessageId.
func FuzzDecodeSQSMessage(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte, shape uint8, name1, type1 string, value1 []byte, name2, type2 string, value2 []byte) {
		attrs := map[string]types.MessageAttributeValue{
			name1: fuzzAttribute(type1, value1, shape),
			name2: fuzzAttribute(type2, value2, shape>>3),
		}
		raw := &types.Message{MessageId: aws.String("fuzz-id"), Body: aws.String(string(body)), MessageAttributes: attrs}
		if shape&64 != 0 {
			raw.MessageId = nil
		}
		_ = decode(wsqs.DefaultMarshalerUnmarshaler{}, raw)
		msg := decode(Unmarshaler{}, raw)

		require.Equal(t, string(body), string(msg.Payload))
		requireText(t, msg)
		uuidAttr, hasUUID := attrs[UUIDAttribute]
		_, uuidErr := uuidValue(uuidAttr)
		require.Equal(t, hasUUID && uuidErr != nil, Undecodable(msg) != nil, "marked undecodable")
		for name, v := range attrs {
			if reservedKeys[textValue(name)] || name == UUIDAttribute && Undecodable(msg) == nil {
				continue
			}
			require.Contains(t, msg.Metadata, textValue(name), "attribute %q kept", name)
			if sendable(name, v) && len(attrs) == 2 && textValue(name1) != textValue(name2) {
				out, err := Marshaler{}.Marshal(msg)
				require.NoError(t, err)
				require.Equal(t, v, out.MessageAttributes[name], "attribute %q marshaled back", name)
			}
		}
	})
}

// fuzzAttribute is an attribute of dataType with value in the field its
// type reads, the other one or both, as shape says.
func fuzzAttribute(dataType string, value []byte, shape uint8) types.MessageAttributeValue {
	v := types.MessageAttributeValue{DataType: aws.String(dataType)}
	binary := baseType(dataType) == binaryType
	if binary == (shape&2 == 0) || shape&1 != 0 {
		v.BinaryValue = value
	}
	if binary != (shape&2 == 0) || shape&1 != 0 {
		v.StringValue = aws.String(string(value))
	}
	if shape&4 != 0 {
		v.DataType = nil
	}
	return v
}

// sendable: an attribute SQS can deliver, which Marshaler must send again
// as it came: a String, Number or Binary type, its value in its own field
// only, a string value, a name and a DataType of text (UTF-8 without NUL).
func sendable(name string, v types.MessageAttributeValue) bool {
	if v.DataType == nil || textValue(*v.DataType) != *v.DataType || textValue(name) != name || name == UUIDAttribute {
		return false
	}
	switch baseType(*v.DataType) {
	case stringType, numberType:
		return v.BinaryValue == nil && v.StringValue != nil && textValue(*v.StringValue) == *v.StringValue
	case binaryType:
		return v.StringValue == nil && v.BinaryValue != nil
	}
	return false
}
