package sqsqueue

import (
	"encoding/json"
	"errors"
	"testing"

	wsqs "github.com/ThreeDotsLabs/watermill-aws/sqs"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"
)

// attributeNames are the names the processor reads or keeps: the Watermill
// UUID, the correlation id, the keys a poison replay sets, a producer's own,
// and one of the subscriber's reserved keys.
var attributeNames = []string{
	UUIDAttribute, "correlation_id", "original_sqs_message_id", "replay_of", "origin", MetadataMessageID,
}

// attributeValues are one value of each data type, custom ones included.
var attributeValues = []types.MessageAttributeValue{
	{DataType: aws.String("String"), StringValue: aws.String("v-1")},
	{DataType: aws.String("Number"), StringValue: aws.String("42")},
	{DataType: aws.String("Binary"), BinaryValue: []byte("bin-1")},
	{DataType: aws.String("Binary"), BinaryValue: []byte{0x1f, 0x8b, 0x00, 0xff}},
	{DataType: aws.String("String.uuid"), StringValue: aws.String("0b8d6a52-7d0e-4b8e-a5a4-9f0a4f7f3c11")},
	{DataType: aws.String("Number.int"), StringValue: aws.String("-7")},
	{DataType: aws.String("Binary.gz"), BinaryValue: []byte{0x1f, 0x8b, 0x08, 0x00}},
	{DataType: aws.String("Binary.txt"), BinaryValue: []byte("plain")},
}

func rawMessage(attrs map[string]types.MessageAttributeValue) *types.Message {
	return &types.Message{
		MessageId: aws.String("sqs-id-1"), ReceiptHandle: aws.String("rh-1"), Body: aws.String(`{"a":1}`),
		MessageAttributes: attrs,
		Attributes:        map[string]string{"ApproximateReceiveCount": "1"},
	}
}

// TestDecode_every_data_type_on_every_name_decodes_or_is_marked is the
// table of data types × names: no panic, the payload and the SQS keys
// always, and either the value in the metadata with its DataType recorded,
// or (a UUID attribute without a string value) a decode error with the
// attribute kept.
func TestDecode_every_data_type_on_every_name_decodes_or_is_marked(t *testing.T) {
	t.Parallel()
	for _, name := range attributeNames {
		for _, v := range attributeValues {
			t.Run(name+"/"+*v.DataType+"/"+textValue(string(v.BinaryValue))+aws.ToString(v.StringValue), func(t *testing.T) {
				t.Parallel()
				raw := rawMessage(map[string]types.MessageAttributeValue{name: v})
				msg := decode(Unmarshaler{}, raw)
				require.Equal(t, `{"a":1}`, string(msg.Payload))
				require.Equal(t, "sqs-id-1", msg.Metadata.Get(MetadataMessageID))
				require.Equal(t, "1", msg.Metadata.Get(MetadataReceiveCount))
				requireText(t, msg)
				text := textValue(aws.ToString(v.StringValue) + string(v.BinaryValue))
				base := baseType(*v.DataType)
				switch {
				case name == MetadataMessageID:
					require.NoError(t, Undecodable(msg))
					require.NotContains(t, dataTypes(t, msg), name, "a reserved name is not copied")
				case name == UUIDAttribute && base != binaryType:
					require.NoError(t, Undecodable(msg))
					require.Equal(t, text, msg.UUID)
					require.NotContains(t, msg.Metadata, name)
				case name == UUIDAttribute:
					err := Undecodable(msg)
					var decodeErr *DecodeError
					require.ErrorAs(t, err, &decodeErr)
					require.Equal(t, "sqs-id-1", decodeErr.MessageID)
					require.Contains(t, err.Error(), `DataType "`+*v.DataType+`"`)
					require.Equal(t, "sqs-id-1", msg.UUID)
					require.Equal(t, text, msg.Metadata.Get(name), "the attribute is kept")
					require.Equal(t, *v.DataType, dataTypes(t, msg)[name])
				default:
					require.NoError(t, Undecodable(msg))
					require.Equal(t, text, msg.Metadata.Get(name))
					want := map[string]string{}
					if *v.DataType != stringType {
						want[name] = *v.DataType
					}
					require.Equal(t, want, dataTypes(t, msg))
				}
			})
		}
	}
}

func TestDecode_keeps_custom_typed_attributes_and_marshals_them_back_as_they_came(t *testing.T) {
	t.Parallel()
	in := map[string]types.MessageAttributeValue{
		"origin":         {DataType: aws.String("String.app"), StringValue: aws.String("checkout")},
		"retries":        {DataType: aws.String("Number.int"), StringValue: aws.String("3")},
		"blob":           {DataType: aws.String("Binary.gz"), BinaryValue: []byte{0x1f, 0x8b, 0x00, 0xff}},
		"note":           {DataType: aws.String("Binary"), BinaryValue: []byte("text")},
		"correlation_id": {DataType: aws.String("String"), StringValue: aws.String("corr-1")},
		UUIDAttribute:    {DataType: aws.String("String"), StringValue: aws.String("uuid-1")},
	}
	msg := decode(Unmarshaler{}, rawMessage(in))
	require.NoError(t, Undecodable(msg))
	require.Equal(t, "uuid-1", msg.UUID)
	require.Equal(t, "checkout", msg.Metadata.Get("origin"))
	require.Equal(t, "3", msg.Metadata.Get("retries"))
	require.Equal(t, "\x1f\uFFFD\uFFFD\uFFFD", msg.Metadata.Get("blob"))
	require.Equal(t, map[string]string{"origin": "String.app", "retries": "Number.int", "blob": "Binary.gz", "note": "Binary"},
		dataTypes(t, msg))

	out, err := Marshaler{}.Marshal(msg)
	require.NoError(t, err)
	for name, v := range in {
		require.Equal(t, v, out.MessageAttributes[name], name)
	}
	require.NotContains(t, out.MessageAttributes, MetadataAttributeTypes)
	require.NotContains(t, out.MessageAttributes, MetadataBinaryAttributes)
}

func TestMarshaler_sends_the_changed_text_of_a_binary_attribute(t *testing.T) {
	t.Parallel()
	msg := decode(Unmarshaler{}, rawMessage(map[string]types.MessageAttributeValue{
		"blob": {DataType: aws.String("Binary.gz"), BinaryValue: []byte{0xff}},
	}))
	msg.Metadata.Set("blob", "edited")
	out, err := Marshaler{}.Marshal(msg)
	require.NoError(t, err)
	require.Equal(t, []byte("edited"), out.MessageAttributes["blob"].BinaryValue)
	require.Equal(t, "Binary.gz", *out.MessageAttributes["blob"].DataType)
}

// TestDecode_guards_any_unmarshaler: watermill-aws's own, which panics on
// a Binary UUID, and unmarshalers that panic, fail or return nothing.
func TestDecode_guards_any_unmarshaler(t *testing.T) {
	t.Parallel()
	binaryUUID := rawMessage(map[string]types.MessageAttributeValue{
		UUIDAttribute: {DataType: aws.String("Binary"), BinaryValue: []byte("x")},
		"origin":      {DataType: aws.String("String.app"), StringValue: aws.String("checkout")},
	})
	for name, u := range map[string]wsqs.Unmarshaler{
		"watermill-aws": wsqs.DefaultMarshalerUnmarshaler{},
		"panics":        unmarshalerFunc(func(*types.Message) (*message.Message, error) { panic("boom") }),
		"fails":         unmarshalerFunc(func(*types.Message) (*message.Message, error) { return nil, errors.New("bad") }),
		"nil message":   unmarshalerFunc(func(*types.Message) (*message.Message, error) { return nil, nil }),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			msg := decode(u, binaryUUID)
			require.Error(t, Undecodable(msg))
			require.Equal(t, `{"a":1}`, string(msg.Payload))
			require.Equal(t, "x", msg.Metadata.Get(UUIDAttribute))
			require.Equal(t, "checkout", msg.Metadata.Get("origin"))
			require.Equal(t, map[string]string{UUIDAttribute: "Binary", "origin": "String.app"}, dataTypes(t, msg))
		})
	}
}

func TestDecode_an_attribute_cannot_forge_the_decode_error(t *testing.T) {
	t.Parallel()
	msg := decode(Unmarshaler{}, rawMessage(map[string]types.MessageAttributeValue{
		MetadataDecodeError: {DataType: aws.String("String"), StringValue: aws.String("forged")},
	}))
	require.NoError(t, Undecodable(msg))
	msg = decode(wsqs.DefaultMarshalerUnmarshaler{}, rawMessage(map[string]types.MessageAttributeValue{
		MetadataDecodeError: {DataType: aws.String("String"), StringValue: aws.String("forged")},
	}))
	require.NoError(t, Undecodable(msg))
}

type unmarshalerFunc func(*types.Message) (*message.Message, error)

func (f unmarshalerFunc) Unmarshal(raw *types.Message) (*message.Message, error) { return f(raw) }

func dataTypes(t *testing.T, msg *message.Message) map[string]string {
	t.Helper()
	m := map[string]string{}
	if s, ok := msg.Metadata[MetadataAttributeTypes]; ok {
		require.NoError(t, json.Unmarshal([]byte(s), &m))
	}
	return m
}

// requireText checks that every metadata key and value can be stored as
// Postgres JSON text: UTF-8 without NUL.
func requireText(t *testing.T, msg *message.Message) {
	t.Helper()
	for k, v := range msg.Metadata {
		require.Equal(t, textValue(k), k)
		require.Equal(t, textValue(v), v, k)
	}
}
