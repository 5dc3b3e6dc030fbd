// Package producerauth checks that an event comes from the producer its body
// names. A tenant's body fields "tenant" and "source" are claims; each
// producer of a tenant file declares how it proves them (Declaration):
//
//   - "hmac-sha256": the message attribute event_signature (SignatureAttribute)
//     holds one or more space-separated "v1,<base64 HMAC-SHA256>" signatures,
//     Standard Webhooks style, of the signed content
//     "<tenant>.<event id>.<body>" (SignedContent) under a key of the
//     producer. Several keys may be active at once, so keys rotate without
//     downtime. Keys are given by reference ("env:NAME" or "file:/path"),
//     never in the tenant file, and written "whsec_<base64 of 24 to 64
//     bytes>" as webhook secrets.
//   - "aws-sender-id": the SQS system attribute SenderId (the AWS account
//     id, IAM user or role unique id that sent the message) is one of the
//     producer's sender_ids.
//   - "none": nothing is checked. Only for producers that cannot change,
//     declared explicitly; such events are counted as unauthenticated.
//
// A failed check is a *Failure naming the check; it never holds a key or a
// whole signature.
package producerauth

// Method is how a producer proves who it is.
type Method string

// The methods a tenant file may declare.
const (
	MethodHMAC     Method = "hmac-sha256"
	MethodSenderID Method = "aws-sender-id"
	MethodNone     Method = "none"
)

// SignatureAttribute is the SQS message attribute (Watermill metadata key)
// holding the signatures of an event: "v1,<base64>", several separated by
// spaces while keys rotate.
const SignatureAttribute = "event_signature"
