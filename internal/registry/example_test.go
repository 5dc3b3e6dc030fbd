package registry_test

import (
	"fmt"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/internal/rejection"
	"github.com/eventmesh/processor/schemas"
)

func ExampleRegistry_Validate() {
	reg, err := registry.Load(schemas.FS)
	if err != nil {
		panic(err)
	}
	body := []byte(`{"specversion":"1.0","id":"a-1","source":"gateway-eu","type":"device-alert","tenant":"skyline-iot",
		"data":{"alert_id":"f47ac10b-58cc-4372-a567-0e02b2c3d479","device_id":"dev-0a1b2c3d4e5f",
		"severity":"fatal","code":"TMP-101","raised_at":"yesterday"}}`)
	ev, err := envelope.Decode(body, "")
	if err != nil {
		panic(err)
	}
	err = reg.Validate(ev)
	if rejected, ok := rejection.As(err); ok {
		fmt.Println(rejected.Class, rejected.SchemaVersion)
		for _, v := range rejected.Violations {
			fmt.Printf("%s: %s\n", v.Path, v.Message)
		}
	}
	// Output:
	// schema_violation v1
	// /raised_at: 'yesterday' is not valid date-time: less than 20 characters long
	// /severity: value must be one of 'info', 'warning', 'critical'
}
