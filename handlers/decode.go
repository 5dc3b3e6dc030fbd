package handlers

import (
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/internal/sqsqueue"
)

// decode reads msg's envelope (envelope.Decode). A legacy body has no id:
// its id is fallbackID. A message the subscriber could not decode
// (sqsqueue.Undecodable) is envelope_invalid before its body is read.
func decode(msg *message.Message) (*envelope.Event, error) {
	if err := sqsqueue.Undecodable(msg); err != nil {
		return nil, &rejection.Error{Class: rejection.ClassEnvelope, Err: err}
	}
	ev, err := envelope.Decode(msg.Payload, fallbackID(msg))
	if err != nil {
		return nil, fmt.Errorf("decode message %s: %w", msg.UUID, err)
	}
	return ev, nil
}

// fallbackID is the event id of bodies that carry none (the original
// system's format): the SQS MessageId the event first arrived with. A replay
// from the poison queue carries that id in poison.OriginalMessageIDKey, so a
// replayed event keeps its id and the store stays idempotent. Without
// either, the message UUID.
func fallbackID(msg *message.Message) string {
	if id := msg.Metadata.Get(poison.OriginalMessageIDKey); id != "" {
		return id
	}
	if id := msg.Metadata.Get(sqsqueue.MetadataMessageID); id != "" {
		return id
	}
	return msg.UUID
}
