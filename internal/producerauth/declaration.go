package producerauth

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/eventmesh/processor/internal/secretref"
	"github.com/eventmesh/processor/internal/webhook"
)

// Declaration is a producer's "authentication" entry in its tenant file:
//
//	{"method": "hmac-sha256", "keys": ["env:PRODUCER_KEY_ACME_SHOP_CRM"]}
//	{"method": "aws-sender-id", "sender_ids": ["AIDAEXAMPLEUSERID1234", "123456789012"]}
//	{"method": "none"}
type Declaration struct {
	Method Method `json:"method"`
	// Keys are references to the producer's keys, "env:NAME" (an
	// environment variable) or "file:/absolute/path" (a file, surrounding
	// white space ignored). A referenced value may hold several keys
	// separated by white space. hmac-sha256 only; at least one.
	Keys []string `json:"keys,omitempty"`
	// SenderIDs are the SQS SenderId values allowed. aws-sender-id only; at
	// least one.
	SenderIDs []string `json:"sender_ids,omitempty"`
}

// Check reports the first problem of the declaration's shape, without
// resolving its keys.
func (d Declaration) Check() error {
	switch d.Method {
	case MethodHMAC:
		if len(d.Keys) == 0 || len(d.SenderIDs) > 0 {
			return errors.New(`method hmac-sha256 needs "keys" (env:NAME or file:/path) and no "sender_ids"`)
		}
		for _, ref := range d.Keys {
			if err := checkReference(ref); err != nil {
				return err
			}
		}
	case MethodSenderID:
		if len(d.SenderIDs) == 0 || len(d.Keys) > 0 || slices.Contains(d.SenderIDs, "") {
			return errors.New(`method aws-sender-id needs non-empty "sender_ids" and no "keys"`)
		}
	case MethodNone:
		if len(d.Keys) > 0 || len(d.SenderIDs) > 0 {
			return errors.New(`method none takes no "keys" or "sender_ids"`)
		}
	default:
		return fmt.Errorf("method %q must be hmac-sha256, aws-sender-id or none", d.Method)
	}
	return nil
}

// checkReference is secretref.Check, its error naming a key reference.
func checkReference(ref string) error {
	if err := secretref.Check(ref); err != nil {
		return fmt.Errorf("key reference %w", err)
	}
	return nil
}

// KeySource reads the values key references name: LookupEnv resolves
// env:NAME, ReadFile file:/path (secretref.Environment: the process's).
type KeySource = secretref.Source

// Resolve checks the declaration and resolves its keys into a Policy. A
// reference that is missing (unset variable, unreadable file), empty, or
// holds something other than whsec_ secrets is an error naming the
// reference, never its value.
func (d Declaration) Resolve(src KeySource) (Policy, error) {
	if err := d.Check(); err != nil {
		return Policy{}, err
	}
	p := Policy{Method: d.Method, SenderIDs: slices.Clone(d.SenderIDs)}
	for _, ref := range d.Keys {
		keys, err := resolveKeys(src, ref)
		if err != nil {
			return Policy{}, err
		}
		p.keys = append(p.keys, keys...)
	}
	return p, nil
}

// resolveKeys reads the keys ref names: one or more whsec_ secrets
// separated by white space.
func resolveKeys(src KeySource, ref string) ([]key, error) {
	value, err := src.Read(ref)
	if err != nil {
		return nil, fmt.Errorf("key reference %w", err)
	}
	fields := strings.Fields(value)
	keys := make([]key, 0, len(fields))
	for i, f := range fields {
		k, err := parseKey(f)
		if err != nil {
			return nil, fmt.Errorf("key reference %s, key %d: %w", ref, i+1, err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// parseKey decodes a "whsec_<base64>" secret; the format is the webhook
// package's (webhook.ParseSecret), whose error never holds the value.
func parseKey(s string) (key, error) {
	if _, err := webhook.ParseSecret(s); err != nil {
		return nil, err
	}
	return decodeSecret(s), nil
}
