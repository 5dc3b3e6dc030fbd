package envelope_test

import (
	"fmt"
	"time"

	"github.com/eventmesh/processor/internal/envelope"
)

func ExampleMarshal() {
	ev, err := envelope.NewCloudEvent("acme", "billing-api", "order-created", map[string]any{"order_id": 42})
	if err != nil {
		panic(err)
	}
	ev.ID = "order-42-created" // producers may choose their own ids
	ev.Time = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ev.SchemaVersion = "v2"
	body, err := envelope.Marshal(*ev)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(body))
	// Output:
	// {"specversion":"1.0","id":"order-42-created","source":"billing-api","type":"order-created","tenant":"acme","time":"2026-03-01T12:00:00Z","schemaversion":"v2","datacontenttype":"application/json","data":{"order_id":42}}
}

func ExampleDecode() {
	body := []byte(`{"event_type":"monitor-app","client_id":"client-1","message":{"status":"up"}}`)
	ev, err := envelope.Decode(body, "sqs-message-id-1")
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.ID, ev.Tenant, ev.Producer, ev.Type, ev.Format, string(ev.Data))
	// Output:
	// sqs-message-id-1 client-1 legacy monitor-app legacy {"status":"up"}
}
