package producerauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
)

// Policy is a producer's resolved Declaration: what Check requires of its
// events. The zero Policy has no method and fails every check.
type Policy struct {
	Method Method
	// SenderIDs allowed, for MethodSenderID.
	SenderIDs []string
	keys      []key
}

// Keys is the number of keys of an hmac-sha256 policy.
func (p Policy) Keys() int { return len(p.keys) }

// Fingerprint is a SHA-256 of the policy's keys, to tell whether a reload
// changed them without ever showing them.
func (p Policy) Fingerprint() []byte {
	h := sha256.New()
	for _, k := range p.keys {
		h.Write([]byte{byte(len(k))})
		h.Write(k)
	}
	return h.Sum(nil)
}

// Claim is what a message claims and carries to prove it.
type Claim struct {
	Tenant  string
	EventID string
	Body    []byte
	// Signature is the SignatureAttribute's value; "" when absent.
	Signature string
	// SenderID is the SQS SenderId system attribute; "" when absent.
	SenderID string
}

// Check reports whether the claim proves the producer under p: nil, or a
// *Failure naming the check that failed.
func (p Policy) Check(c Claim) error {
	switch p.Method {
	case MethodNone:
		return nil
	case MethodHMAC:
		return p.checkSignature(c)
	case MethodSenderID:
		return p.checkSender(c.SenderID)
	}
	return &Failure{Check: CheckMethod, Detail: "the producer declares no authentication method"}
}

func (p Policy) checkSignature(c Claim) error {
	if c.Signature == "" {
		return &Failure{Check: CheckSignature, Detail: "message attribute " + SignatureAttribute + " is missing"}
	}
	var sigs [][]byte
	for _, field := range strings.Fields(c.Signature) {
		b64, ok := strings.CutPrefix(field, signatureVersion)
		if !ok {
			continue
		}
		if sig, err := base64.StdEncoding.DecodeString(b64); err == nil && len(sig) == sha256.Size {
			sigs = append(sigs, sig)
		}
	}
	if len(sigs) == 0 {
		return &Failure{Check: CheckSignature, Detail: SignatureAttribute + ` holds no "v1,<base64 HMAC-SHA256>" signature`}
	}
	for _, k := range p.keys {
		want := k.mac(c.Tenant, c.EventID, c.Body)
		for _, sig := range sigs {
			if hmac.Equal(sig, want) {
				return nil
			}
		}
	}
	return &Failure{Check: CheckSignature, Detail: fmt.Sprintf(
		"none of the %d v1 signature(s) of %s matches the producer's %d key(s) over tenant %q, event id %q and the %d-byte body",
		len(sigs), SignatureAttribute, len(p.keys), c.Tenant, c.EventID, len(c.Body))}
}

func (p Policy) checkSender(senderID string) error {
	if senderID == "" {
		return &Failure{Check: CheckSenderID, Detail: "the message has no SenderId system attribute"}
	}
	if !slices.Contains(p.SenderIDs, senderID) {
		return &Failure{Check: CheckSenderID, Detail: fmt.Sprintf("SenderId %q is not one of the producer's %d sender_ids", senderID, len(p.SenderIDs))}
	}
	return nil
}
