package badinput_test

import (
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"github.com/eventmesh/processor/internal/fixtures"
)

// ceKeys is the order of the members of the bodies built here.
var ceKeys = []string{"specversion", "id", "source", "type", "tenant", "time", "datacontenttype", "data"}

// omit removes a member from a body built by ce.
const omit = "\x00omit"

// ce returns a valid CloudEvents body of acme-shop's customer-registered v1
// with a fresh id, then applies overrides: key, raw JSON value pairs (omit
// removes the member; keys not in ceKeys are appended in order).
func ce(overrides ...string) (body []byte, id string) {
	id = uuid.NewString()
	sample, _ := fixtures.Lookup("acme-shop", "customer-registered", "v1")
	values := map[string]string{
		"specversion": `"1.0"`, "id": quote(id), "source": `"crm"`, "type": `"customer-registered"`,
		"tenant": `"acme-shop"`, "time": `"2026-11-26T09:00:00Z"`, "datacontenttype": `"application/json"`,
		"data": string(sample.Valid[0]),
	}
	keys := append([]string(nil), ceKeys...)
	for i := 0; i+1 < len(overrides); i += 2 {
		k, v := overrides[i], overrides[i+1]
		if _, known := values[k]; !known {
			keys = append(keys, k)
		}
		values[k] = v
		if k == "id" {
			id = unquote(v)
		}
	}
	var b strings.Builder
	b.WriteString("{")
	first := true
	for _, k := range keys {
		if values[k] == omit {
			continue
		}
		if !first {
			b.WriteString(",")
		}
		first = false
		b.WriteString(quote(k) + ":" + values[k])
	}
	b.WriteString("}")
	return []byte(b.String()), id
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func unquote(raw string) string {
	var s string
	if json.Unmarshal([]byte(raw), &s) != nil {
		return ""
	}
	return s
}

// nested returns data nested depth levels deep in arrays.
func nested(depth int) string {
	return `{"deep":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`
}

// padded returns a valid body of exactly size bytes: whitespace between
// members is insignificant.
func padded(size int) ([]byte, string) {
	body, id := ce()
	pad := size - len(body)
	return append([]byte("{"+strings.Repeat(" ", pad)), body[1:]...), id
}
