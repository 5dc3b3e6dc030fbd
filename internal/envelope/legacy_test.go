package envelope_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
)

// originalBody is the struct the original processor decoded bodies into
// with encoding/json (issue 9): MessageId has no JSON tag, and the processor
// overwrote it with the SQS MessageId.
type originalBody struct {
	EventType string          `json:"event_type"`
	ClientID  string          `json:"client_id"`
	Message   json.RawMessage `json:"message"`
	MessageId string          // the original field, untagged
}

// The original producers marshal originalBody, so each body they send has
// "MessageId":"". Every body the original decoder read is stored, with the
// SQS MessageId as its id whatever MessageId it carries.
func TestDecode_legacy_accepts_what_the_original_decoder_read(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, wantType, wantTenant, wantData string
	}{
		{"original producer body", `{"event_type":"monitor-app","client_id":"client-1","message":"SALVE O CORINTHIANS! 0","MessageId":""}`, "monitor-app", "client-1", `"SALVE O CORINTHIANS! 0"`},
		{"MessageId with a value is ignored", `{"event_type":"user-app","client_id":"client-2","message":"x","MessageId":"spoofed-id"}`, "user-app", "client-2", `"x"`},
		{"MessageId lower case", `{"event_type":"user-app","client_id":"client-2","message":"x","messageid":"a"}`, "user-app", "client-2", `"x"`},
		{"MessageId upper case first", `{"MESSAGEID":"a","event_type":"user-app","client_id":"client-2","message":"x"}`, "user-app", "client-2", `"x"`},
		{"MessageId in camel case", `{"event_type":"user-app","client_id":"client-2","message":"x","messageId":"a"}`, "user-app", "client-2", `"x"`},
		{"known keys in other cases", `{"Event_Type":"transaction-app","CLIENT_ID":"client-3","Message":{"amount":10}}`, "transaction-app", "client-3", `{"amount":10}`},
		{"key folded from U+017F long s", `{"event_type":"user-app","client_id":"client-1","meſſage":"x"}`, "user-app", "client-1", `"x"`},
		{"escaped key", `{"\u0065vent_type":"user-app","client_id":"client-1","message":"x"}`, "user-app", "client-1", `"x"`},
		{"unknown members are ignored", `{"event_type":"user-app","client_id":"client-1","message":"x","host":"web-01","tags":["a"],"meta":{"n":1}}`, "user-app", "client-1", `"x"`},
		{"specversion in another case is an unknown member", `{"SpecVersion":"1.0","event_type":"user-app","client_id":"client-1","message":"x"}`, "user-app", "client-1", `"x"`},
		{"MessageId of any type", `{"event_type":"user-app","client_id":"client-1","message":"x","MessageId":{"a":[1]}}`, "user-app", "client-1", `"x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := envelope.Decode([]byte(tt.body), sqsID)
			require.NoError(t, err)
			require.Equal(t, envelope.Event{
				ID: sqsID, Tenant: tt.wantTenant, Producer: envelope.LegacyProducer, Type: tt.wantType,
				Format: envelope.FormatLegacy, Data: json.RawMessage(tt.wantData),
			}, *got)
			var original originalBody
			if json.Unmarshal([]byte(tt.body), &original) == nil { // a non-string MessageId failed there
				require.Equal(t, original.EventType, got.Type, "as the original decoder")
				require.Equal(t, original.ClientID, got.Tenant, "as the original decoder")
				require.JSONEq(t, string(original.Message), string(got.Data), "as the original decoder")
			}
		})
	}
}

func TestDecode_legacy_rejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		paths      []string
	}{
		{"two spellings of event_type", `{"event_type":"user-app","EVENT_TYPE":"monitor-app","client_id":"client-1","message":"x"}`, []string{"/EVENT_TYPE"}},
		{"two spellings of client_id", `{"event_type":"user-app","client_id":"client-1","Client_Id":"client-2","message":"x"}`, []string{"/Client_Id"}},
		{"two spellings of message", `{"event_type":"user-app","client_id":"client-1","message":"x","MESSAGE":"y"}`, []string{"/MESSAGE"}},
		{"exact duplicate key", `{"event_type":"user-app","client_id":"client-1","message":"x","message":"y"}`, []string{"/message"}},
		{"only MessageId", `{"MessageId":""}`, []string{"/event_type", "/client_id", "/message"}},
		{"null message", `{"event_type":"user-app","client_id":"client-1","message":null,"MessageId":""}`, []string{"/message"}},
		{"upper-case tenant value", `{"event_type":"user-app","CLIENT_ID":"CLIENT-1","message":"x"}`, []string{"/CLIENT_ID"}},
		{"specversion makes it CloudEvents", `{"specversion":"1.0","event_type":"user-app","client_id":"client-1","message":"x"}`, []string{"/event_type", "/client_id", "/id", "/source", "/type", "/tenant", "/data"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev, err := envelope.Decode([]byte(tt.body), sqsID)
			require.Nil(t, ev)
			requireViolations(t, err, tt.paths...)
		})
	}
}
