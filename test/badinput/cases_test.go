package badinput_test

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/rejection"
)

// badCase is one message and what must become of it.
type badCase struct {
	name  string
	body  []byte
	id    string            // the event id, for cases stored
	attrs map[string]string // extra String message attributes
	bin   map[string][]byte // extra Binary message attributes
	// unsigned: no event_signature. Otherwise a body naming a signing
	// producer carries its signature, unless attrs sets one.
	unsigned bool
	// stored is the tenant the event must be stored for; otherwise the
	// message must be poisoned with class.
	stored string
	class  rejection.Class
	// refusable: SQS itself may refuse the message (empty, oversize,
	// characters SQS does not allow); the case then passes at the door.
	refusable bool
	// escapes: the body carries terminal escape sequences that the poison
	// tool must not print raw.
	escapes bool
}

const (
	envelope = rejection.ClassEnvelope
	unknown  = rejection.ClassTenantUnknown
)

func poisoned(name string, class rejection.Class, body []byte) badCase {
	return badCase{name: name, body: body, class: class}
}

func stored(name string, body []byte, id string) badCase {
	return badCase{name: name, body: body, id: id, stored: "acme-shop"}
}

func ceOf(overrides ...string) []byte {
	body, _ := ce(overrides...)
	return body
}

const escape = "\x1b[2J\x1b[31mPWNED\x1b]0;title\x07\x1b[0m"

// cases are the bad inputs, at least 30, and a few good ones that look bad.
// remoteBase is the URL of a server counting requests, that a dataschema
// attribute points to; the processor must never fetch it.
func cases(remoteBase string) []badCase {
	long := strings.Repeat("x", 10_000)
	valid, _ := ce()
	big, bigID := padded(256 * 1024)
	huge, hugeID := padded(256*1024 + 1)
	bigNumber, bigNumberID := ce("bignumber", "123456789012345678901234567890123456789")
	remoteSchema, remoteSchemaID := ce("dataschema", quote(remoteBase+"/acme-shop/customer-registered/v1"))
	contradicted, contradictedID := ce()
	cs := []badCase{
		{name: "empty body", body: nil, class: envelope, refusable: true},
		poisoned("whitespace only", envelope, []byte("  \n\t ")),
		poisoned("not JSON", envelope, []byte("bad message 42")),
		poisoned("truncated JSON", envelope, valid[:len(valid)/2]),
		poisoned("JSON array", envelope, []byte(`[`+string(valid)+`]`)),
		poisoned("JSON string", envelope, []byte(`"`+strings.ReplaceAll(string(valid), `"`, `\"`)+`"`)),
		poisoned("JSON null", envelope, []byte(`null`)),
		poisoned("invalid UTF-8 in tenant", envelope, ceOf("tenant", "\"acme\xff\xfe-shop\"")),
		{name: "raw NUL bytes", body: append([]byte("{\x00"), valid[1:]...), class: envelope, refusable: true},
		poisoned("escaped NUL in data", envelope, ceOf("data", `{"customer_id":"\u0000"}`)),
		{name: "256 KB body (the SQS limit)", body: big, id: bigID, stored: "acme-shop"},
		{name: "256 KB + 1 byte body", body: huge, id: hugeID, stored: "acme-shop", refusable: true},
		poisoned("10,000 levels of nesting", envelope, ceOf("data", nested(10_000))),
		poisoned("number beyond float64", envelope, ceOf("data", `{"n":1e999999}`)),
		poisoned("number literal of 5,000 digits", envelope, ceOf("data", `{"n":`+strings.Repeat("9", 5000)+`}`)),
		stored("number beyond int64 in an extension", bigNumber, bigNumberID),
		poisoned("duplicate keys", envelope, []byte(strings.Replace(string(valid), `"tenant":"acme-shop"`, `"tenant":"acme-shop","tenant":"nordlys-bank"`, 1))),
	}
	for _, field := range []string{"specversion", "id", "source", "type", "tenant", "data"} {
		class := envelope
		if field == "data" {
			class = rejection.ClassSchema // any JSON value but null passes the envelope; the schema refuses these
		}
		cs = append(cs,
			poisoned(field+" missing", envelope, ceOf(field, omit)),
			poisoned(field+" empty", class, ceOf(field, `""`)),
			poisoned(field+" of the wrong type", class, ceOf(field, `{"x":1}`)),
			poisoned(field+" absurdly long", class, ceOf(field, quote(long))),
		)
	}
	cs = append(cs, forged()...)
	return append(cs, hostile(remoteSchema, remoteSchemaID, contradicted, contradictedID)...)
}

// hostile are look-alike tenants, injection attempts, unknown versions,
// remote schemas, contradicting attributes and terminal escapes.
func hostile(remoteSchema []byte, remoteSchemaID string, contradicted []byte, contradictedID string) []badCase {
	return []badCase{
		poisoned("unknown tenant", unknown, ceOf("tenant", `"nobody-shop"`)),
		poisoned("suspended tenant", rejection.ClassTenantInactive,
			ceOf("tenant", `"orbit-saas"`, "source", `"web-app"`, "type", `"user-signed-up"`, "data", `{}`)),
		poisoned("tenant in upper case", envelope, ceOf("tenant", `"Acme-Shop"`)),
		poisoned("tenant with a Cyrillic a", envelope, ceOf("tenant", `"аcme-shop"`)),
		poisoned("tenant in fullwidth letters", envelope, ceOf("tenant", `"ａｃｍｅ-shop"`)),
		poisoned("tenant with trailing space", envelope, ceOf("tenant", `"acme-shop "`)),
		poisoned("tenant with a zero-width space", envelope, ceOf("tenant", `"acme\u200b-shop"`)),
		poisoned("tenant with underscore for dash", unknown, ceOf("tenant", `"acme_shop"`)),
		poisoned("SQL in tenant", envelope, ceOf("tenant", `"acme-shop'; DROP TABLE watermill_poison; --"`)),
		poisoned("SQL in source", rejection.ClassProducer, ceOf("source", `"crm';DROP/**/TABLE/**/watermill_poison;--"`)),
		poisoned("SQL in type", rejection.ClassEventType, ceOf("type", `"x\"};DROP/**/TABLE/**/x;--"`)),
		poisoned("path traversal in tenant", envelope, ceOf("tenant", `"../acme-shop"`)),
		poisoned("path traversal in type", rejection.ClassEventType, ceOf("type", `"../../../etc/passwd"`)),
		poisoned("path traversal in source", rejection.ClassProducer, ceOf("source", `"..%2f..%2fcrm"`)),
		poisoned("table-name trick: quote in tenant", envelope, ceOf("tenant", `"acme-shop\" CASCADE"`)),
		poisoned("table-name trick: tenant poison", unknown, ceOf("tenant", `"poison"`)),
		poisoned("table-name trick: tenant events_acme-shop", unknown, ceOf("tenant", `"events_acme-shop"`)),
		poisoned("unknown schema version", rejection.ClassSchemaVersion, ceOf("schemaversion", `"v99"`)),
		poisoned("schema violation", rejection.ClassSchema, ceOf("data", `{"customer_id":42}`)),
		poisoned("data_base64", envelope, ceOf("data", omit, "data_base64", `"aGVsbG8="`)),
		poisoned("extension of object type", envelope, ceOf("extra", `{"a":1}`)),
		stored("remote dataschema is never fetched", remoteSchema, remoteSchemaID),
		{name: "attributes contradict the body", body: contradicted, id: contradictedID, stored: "acme-shop",
			attrs: map[string]string{"tenant": "nordlys-bank", "event_type": "transfer-initiated", "_watermill_message_uuid": "not-the-id", "id": "other"}},
		{name: "binary correlation id with NUL and escapes", body: ceOf("tenant", `"nobody-shop"`), class: unknown,
			bin: map[string][]byte{"correlation_id": []byte("corr\x00\x1b[31m\xff")}, escapes: true},
		{name: "terminal escapes in source", body: ceOf("source", quote(escape)), class: envelope, escapes: true},
		{name: "terminal escapes in data", body: ceOf("data", `{"customer_id":`+quote(escape)+`}`), class: rejection.ClassSchema, escapes: true},
		{name: "terminal escapes in plain text", body: []byte("bad " + escape + " message"), class: envelope, escapes: true, refusable: true},
		{name: "terminal escapes in an attribute", body: []byte("bad message"), class: envelope,
			attrs: map[string]string{"note": escape}, escapes: true, refusable: true},
		// watermill-aws's unmarshaler panicked on these in the subscriber's
		// receive goroutine: the processor crashed on every delivery.
		{name: "Binary _watermill_message_uuid on a valid event", body: ceOf(), class: envelope,
			bin: map[string][]byte{"_watermill_message_uuid": []byte("0b8d6a52-7d0e-4b8e-a5a4-9f0a4f7f3c11")}},
		{name: "Binary _watermill_message_uuid, not text", body: ceOf(), class: envelope,
			bin: map[string][]byte{"_watermill_message_uuid": {0x1f, 0x8b, 0x00, 0xff}, "origin": []byte("checkout")}},
		{name: "legacy body", body: []byte(`{"event_type":"user-app","client_id":"client-1","message":{"user":"ada"}}`), stored: "client-1"},
		poisoned("legacy body of an unknown client", unknown, []byte(`{"event_type":"user-app","client_id":"client-9","message":"x"}`)),
		// issue 9: the original producers' body (a Go struct whose MessageId
		// has no JSON tag) is stored with the SQS MessageId as id.
		{name: "legacy body of the original producers, with MessageId", stored: "client-1",
			body: []byte(`{"event_type":"monitor-app","client_id":"client-1","message":"SALVE O CORINTHIANS! 0","MessageId":""}`)},
		{name: "legacy body with a MessageId value and keys in other cases", stored: "client-2",
			body: []byte(`{"EVENT_TYPE":"user-app","Client_Id":"client-2","message":"x","MessageId":"not-the-id","host":"web-01"}`)},
		// issue 9: time by the RFC 3339 grammar, not Go's parser.
		storedCE("time in lower-case t and z (RFC 3339 5.6 NOTE)", "time", `"2026-11-26t09:00:00z"`),
		poisoned("time with the offset +24:01", envelope, ceOf("time", `"2026-11-26T09:00:00+24:01"`)),
	}
}

// storedCE is a CloudEvents body, ce with overrides, that must be stored.
func storedCE(name string, overrides ...string) badCase {
	body, id := ce(overrides...)
	return stored(name, body, id)
}

// attributes are the case's message attributes, its correlation id and the
// signature of the producer its body names (see unsigned).
func (c badCase) attributes(correlationID string) map[string]types.MessageAttributeValue {
	attrs := map[string]types.MessageAttributeValue{
		"correlation_id": {DataType: aws.String("String"), StringValue: aws.String(correlationID)},
	}
	if sig := signature(c.body, "", "", ""); sig != "" && !c.unsigned {
		attrs[producerauth.SignatureAttribute] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(sig)}
	}
	for k, v := range c.attrs {
		attrs[k] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	for k, v := range c.bin {
		attrs[k] = types.MessageAttributeValue{DataType: aws.String("Binary"), BinaryValue: v}
	}
	return attrs
}
