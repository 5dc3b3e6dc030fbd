// Package sqsqueue is a Watermill message.Subscriber for Amazon SQS built for
// throughput: several concurrent long-poll receivers fetch up to ten messages
// per ReceiveMessage call, a bound on in-flight messages applies back-pressure,
// acks become batched DeleteMessageBatch calls, and nacks and visibility
// extensions become batched ChangeMessageVisibilityBatch calls.
//
// Delivery is at least once. A message is deleted from SQS only after its
// Watermill message was acked; a nacked message becomes visible again after
// SubscriberConfig.NackVisibilityDelay; a message the subscriber could not hand
// over or whose ack never came is left to SQS, which delivers it again after its
// visibility timeout. Consumers must therefore be idempotent.
//
// The package also creates a queue with its dead-letter queue (EnsureQueues)
// and counts SQS requests by operation (RequestCounter).
//
// Messages are decoded with watermill-aws's Unmarshaler, so messages published
// with watermill-aws's Publisher keep their UUID and metadata. The subscriber
// adds the SQS message id, receive count and timestamps under the Metadata*
// keys.
package sqsqueue
