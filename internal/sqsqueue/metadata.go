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
