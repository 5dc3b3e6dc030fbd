package producer

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/eventmesh/processor/internal/envelope"
)

const filler = " lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua "

// pad grows sample so that tg's events weigh about bodySize bytes, where its
// schema lets it (see growers), each place as far as the schema accepts,
// found by validating. It returns the sample as it is when it is big enough
// or nothing fits. When ctx is done it stops early; the caller checks ctx.
func (c *Catalog) pad(ctx context.Context, tg target, sample []byte, bodySize int) []byte {
	want := bodySize - envelopeOverhead(tg)
	if bodySize == 0 || len(sample) >= want {
		return sample
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(sample))
	dec.UseNumber()
	if dec.Decode(&doc) != nil {
		return sample
	}
	for _, grow := range growers(&doc) {
		need := want - len(grow0(&doc))
		if need <= 0 || ctx.Err() != nil {
			break
		}
		n := sort.Search(need+1, func(n int) bool { return ctx.Err() != nil || !c.valid0(tg, grow(n)) }) - 1
		grow(max(n, 0))
	}
	return c.bestOf(tg, sample, grow0(&doc))
}

// bestOf returns padded if it is valid, else sample.
func (c *Catalog) bestOf(tg target, sample, padded []byte) []byte {
	if c.valid0(tg, padded) {
		return padded
	}
	return sample
}

// grower sets n bytes of padding at one place of the document and returns
// the document encoded; each call replaces the previous padding there.
type grower func(n int) []byte

// growers returns the places padding can go: more elements in every array
// (copies of its last one), a new member of the root object, then every
// string of free text, in document order.
func growers(doc *any) []grower {
	gs := arrayGrowers(doc)
	if obj, ok := (*doc).(map[string]any); ok {
		gs = append(gs, func(n int) []byte {
			obj["padding"] = fill(n)
			if n == 0 {
				delete(obj, "padding")
			}
			return grow0(doc)
		})
	}
	walkStrings(*doc, func(nv any) { *doc = nv }, func(orig string, set func(string)) {
		if !freeText(orig) {
			return
		}
		gs = append(gs, func(n int) []byte {
			set(orig + fill(n))
			return grow0(doc)
		})
	})
	return gs
}

// arrayGrowers returns a grower per array of the document that appends
// copies of its last element, as many as fit in n bytes.
func arrayGrowers(doc *any) []grower {
	var gs []grower
	walk(*doc, func(nv any) { *doc = nv }, func(v any, set func(any)) {
		arr, ok := v.([]any)
		if !ok || len(arr) == 0 {
			return
		}
		last := arr[len(arr)-1]
		size := len(mustJSON(last)) + 1
		gs = append(gs, func(n int) []byte {
			grown := slices.Clone(arr)
			for range n / size {
				grown = append(grown, last)
			}
			set(grown)
			return grow0(doc)
		})
	})
	return gs
}

// freeText reports whether s looks like text that can take more words:
// not an address, URL, timestamp or code.
func freeText(s string) bool {
	return !strings.ContainsAny(s, "@/:") && strings.ContainsFunc(s, unicode.IsLower)
}

// walk calls visit for every value of v (v included), depth first in a fixed
// order, with a function that replaces it.
func walk(v any, set func(any), visit func(v any, set func(any))) {
	visit(v, set)
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			walk(x[k], func(nv any) { x[k] = nv }, visit)
		}
	case []any:
		for i := range x {
			walk(x[i], func(nv any) { x[i] = nv }, visit)
		}
	}
}

// walkStrings calls visit for every string of v, in a fixed order, with a
// function that replaces it; set replaces v itself.
func walkStrings(v any, set func(any), visit func(orig string, set func(string))) {
	walk(v, set, func(v any, set func(any)) {
		if s, ok := v.(string); ok {
			visit(s, func(ns string) { set(ns) })
		}
	})
}

func grow0(doc *any) []byte {
	return mustJSON(*doc)
}

func fill(n int) string {
	return strings.Repeat(filler, n/len(filler)+1)[:n]
}

// envelopeOverhead is the size of tg's CloudEvents body less its data.
func envelopeOverhead(tg target) int {
	ev := envelope.Event{
		ID: "00000000-0000-4000-8000-000000000000", Tenant: tg.tenant, Producer: tg.producer,
		Type: tg.eventType, Time: time.Now(), Data: json.RawMessage(`{}`),
	}
	if tg.explicitVersion {
		ev.SchemaVersion = tg.version
	}
	body, err := envelope.Marshal(ev)
	if err != nil {
		return 0
	}
	return len(body) - 2
}
