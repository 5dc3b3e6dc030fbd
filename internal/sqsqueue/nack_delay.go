package sqsqueue

import (
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
)

// MetadataNackDelay, set on a message by its handler before it Nacks it (see
// SetNackDelay), replaces SubscriberConfig.NackVisibilityDelay for that
// message: a Go duration, between 0 and 12h. Only the handler sets it: a
// message attribute of this name is never copied into the metadata.
const MetadataNackDelay = "sqs_nack_delay"

// SetNackDelay asks that msg, if it is Nacked, become visible again only
// after d (clamped to 0–12h) instead of the subscriber's
// NackVisibilityDelay: for a failure known to last (a tenant whose table is
// locked), so that its redeliveries neither hold in-flight slots nor spend
// its receives quickly.
func SetNackDelay(msg *message.Message, d time.Duration) {
	msg.Metadata.Set(MetadataNackDelay, min(max(d, 0), maxVisibility).String())
}

// nackDelay is msg's own Nack delay, or def.
func nackDelay(msg *message.Message, def time.Duration) time.Duration {
	d, err := time.ParseDuration(msg.Metadata.Get(MetadataNackDelay))
	if err != nil || d < 0 || d > maxVisibility {
		return def
	}
	return d
}
