package sqsqueue

import (
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"
)

// DecodeError is why the subscriber could not turn a received SQS message
// into a Watermill message with its Unmarshaler. It is permanent: the same
// message fails the same way every time it is received.
type DecodeError struct {
	MessageID string // the SQS MessageId
	Reason    string
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("decode SQS message %s: %s", e.MessageID, e.Reason)
}

// Undecodable returns the *DecodeError of a message the subscriber could not
// decode (it carries MetadataDecodeError), or nil. Such a message carries
// the SQS body as payload and every message attribute as metadata, and the
// SQS MessageId as UUID; a consumer must reject it rather than process it.
func Undecodable(msg *message.Message) error {
	reason, ok := msg.Metadata[MetadataDecodeError]
	if !ok {
		return nil
	}
	return &DecodeError{MessageID: msg.Metadata.Get(MetadataMessageID), Reason: reason}
}
