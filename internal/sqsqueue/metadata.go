package sqsqueue

// Metadata keys the subscriber sets on every Watermill message it emits, from
// the SQS message and its system attributes.
const (
	// MetadataMessageID is the SQS MessageId.
	MetadataMessageID = "sqs_message_id"
	// MetadataReceiveCount is ApproximateReceiveCount, as a decimal string.
	MetadataReceiveCount = "sqs_receive_count"
	// MetadataSentTimestamp is SentTimestamp, in Unix milliseconds.
	MetadataSentTimestamp = "sqs_sent_timestamp"
	// MetadataFirstReceiveTimestamp is ApproximateFirstReceiveTimestamp, in Unix milliseconds.
	MetadataFirstReceiveTimestamp = "sqs_first_receive_timestamp"
)

// Metadata keys the Unmarshaler sets only when they apply. They describe the
// message attributes, so that Marshaler can send them again as they came.
const (
	// MetadataAttributeTypes is a JSON object of attribute name to DataType,
	// for every message attribute whose DataType is not "String" ("Number",
	// "Binary", "String.uuid", "Binary.gz", …). Absent when there is none.
	MetadataAttributeTypes = "sqs_attribute_types"
	// MetadataBinaryAttributes is a JSON object of attribute name to the
	// standard base64 of its exact bytes, for every Binary attribute whose
	// bytes are not text (not UTF-8, or holding NUL): its metadata value is
	// then the text with U+FFFD in their place. Absent when there is none.
	MetadataBinaryAttributes = "sqs_binary_attributes"
	// MetadataDecodeError is set on a message the Unmarshaler could not
	// decode (it failed or panicked): the message carries the SQS body and
	// every attribute, and this key holds why. Undecodable reports it.
	MetadataDecodeError = "sqs_decode_error"
)

// reservedKeys are the metadata keys only the subscriber sets: a message
// attribute of one of these names is not copied into the metadata.
var reservedKeys = map[string]bool{
	MetadataMessageID: true, MetadataReceiveCount: true, MetadataSentTimestamp: true,
	MetadataFirstReceiveTimestamp: true, MetadataSenderID: true, MetadataAttributeTypes: true,
	MetadataBinaryAttributes: true, MetadataDecodeError: true, MetadataNackDelay: true,
}
