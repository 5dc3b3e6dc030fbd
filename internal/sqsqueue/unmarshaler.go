package sqsqueue

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// UUIDAttribute is the message attribute carrying the Watermill UUID, as
// watermill-aws's Marshaler sends it.
const UUIDAttribute = wsqs.UUIDAttribute

// The base data types of SQS message attributes; a custom type appends a
// dot and a label ("String.uuid", "Number.int", "Binary.gz").
const (
	stringType = "String"
	numberType = "Number"
	binaryType = "Binary"
)

// Unmarshaler decodes SQS messages as watermill-aws's
// DefaultMarshalerUnmarshaler does (the UUID from the _watermill_message_uuid
// attribute, else the SQS MessageId; the body as payload; the other message
// attributes as metadata), with these differences:
//   - It never panics. A UUID attribute that holds no string value (a Binary
//     one) is an error; watermill-aws dereferences a nil pointer there.
//   - It keeps attributes of every data type, custom ones included (String.app,
//     Number.int, Binary.gz; watermill-aws drops them), and records their
//     DataType, and the exact bytes of a Binary value that is not text, under
//     MetadataAttributeTypes and MetadataBinaryAttributes, so Marshaler sends
//     them again as they came.
//   - Metadata keys and values are text: invalid UTF-8 and NUL become U+FFFD.
//
// An attribute named like one of the subscriber's own metadata keys
// (MetadataMessageID, MetadataAttributeTypes, …) is left out.
type Unmarshaler struct{}

var _ wsqs.Unmarshaler = Unmarshaler{}

// Unmarshal decodes raw, or reports why its UUID attribute is unusable.
func (Unmarshaler) Unmarshal(raw *types.Message) (*message.Message, error) {
	uuid := aws.ToString(raw.MessageId)
	if v, ok := raw.MessageAttributes[UUIDAttribute]; ok {
		var err error
		if uuid, err = uuidValue(v); err != nil {
			return nil, err
		}
	}
	msg := message.NewMessage(uuid, []byte(aws.ToString(raw.Body)))
	decodeAttributes(msg.Metadata, raw.MessageAttributes, UUIDAttribute)
	return msg, nil
}

// uuidValue is the Watermill UUID v carries: the value of a String or
// Number attribute (custom types included), as watermill-aws reads it.
func uuidValue(v types.MessageAttributeValue) (string, error) {
	dataType := aws.ToString(v.DataType)
	if base := baseType(dataType); (base == stringType || base == numberType) && v.StringValue != nil {
		return textValue(*v.StringValue), nil
	}
	return "", fmt.Errorf("message attribute %s has DataType %q and no string value: the Watermill UUID must be a String",
		UUIDAttribute, textValue(dataType))
}

// decodeAttributes copies attrs, but skip and the reserved names, into md
// as text, with the DataTypes and exact bytes Marshaler needs to send them
// again. It never fails: any attribute, well-formed or not, becomes text.
func decodeAttributes(md message.Metadata, attrs map[string]types.MessageAttributeValue, skip string) {
	var dataTypes, exact map[string]string
	for name, v := range attrs {
		key := textValue(name)
		if name == skip || reservedKeys[key] {
			continue
		}
		text, raw := attributeText(v)
		md[key] = text
		if dataType := aws.ToString(v.DataType); dataType != stringType && dataType != "" {
			dataTypes = put(dataTypes, key, dataType)
		}
		if raw != nil {
			exact = put(exact, key, base64.StdEncoding.EncodeToString(raw))
		}
	}
	setJSON(md, MetadataAttributeTypes, dataTypes)
	setJSON(md, MetadataBinaryAttributes, exact)
}

// attributeText is v's value as text, and its exact bytes when it is Binary
// and not text. A Binary value is read from BinaryValue, any other from
// StringValue (whichever is set, should a malformed value set the other).
func attributeText(v types.MessageAttributeValue) (string, []byte) {
	binary := baseType(aws.ToString(v.DataType)) == binaryType || v.StringValue == nil
	if !binary || v.BinaryValue == nil {
		return textValue(aws.ToString(v.StringValue)), nil
	}
	text := textValue(string(v.BinaryValue))
	if text == string(v.BinaryValue) {
		return text, nil
	}
	return text, v.BinaryValue
}

// baseType is String, Number or Binary for a valid DataType.
func baseType(dataType string) string {
	base, _, _ := strings.Cut(dataType, ".")
	return base
}

func put(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = make(map[string]string, 1)
	}
	m[k] = v
	return m
}

// setJSON sets md[key] to the JSON object m, unless m is empty.
func setJSON(md message.Metadata, key string, m map[string]string) {
	if len(m) == 0 {
		return
	}
	b, _ := json.Marshal(m) // a map of strings always encodes
	md[key] = string(b)
}
