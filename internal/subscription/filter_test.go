package subscription_test

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/subscription"
)

func TestFilter_operators_on_attributes_and_data(t *testing.T) {
	t.Parallel()
	event := `{"type":"order-placed","source":"checkout-api","tenant":"acme-shop",
		"data":{"total":"12.50","amount":100.10,"big":1e400,"items":[{"sku":"A-1"}],"tags":{"a/b":true,"m~n":null}}}`
	doc, err := subscription.DecodeDocument([]byte(event))
	require.NoError(t, err)
	tests := []struct {
		cond string
		want bool
	}{
		{`{"pointer":"/source","op":"eq","value":"checkout-api"}`, true},
		{`{"pointer":"/source","op":"ne","value":"checkout-api"}`, false},
		{`{"pointer":"/missing","op":"ne","value":"x"}`, true},
		{`{"pointer":"/source","op":"in","values":["crm","checkout-api"]}`, true},
		{`{"pointer":"/data/amount","op":"eq","value":100.1}`, true},
		{`{"pointer":"/data/amount","op":"eq","value":1.001e2}`, true},
		{`{"pointer":"/data/amount","op":"gt","value":100.09999999999999999999}`, true},
		{`{"pointer":"/data/amount","op":"lte","value":100.1}`, true},
		{`{"pointer":"/data/amount","op":"lt","value":100.1}`, false},
		{`{"pointer":"/data/total","op":"gt","value":1}`, false},
		{`{"pointer":"/data/big","op":"gt","value":1}`, true},
		{`{"pointer":"/data/items/0/sku","op":"prefix","value":"A-"}`, true},
		{`{"pointer":"/data/items/01/sku","op":"exists"}`, false},
		{`{"pointer":"/data/tags/a~1b","op":"eq","value":true}`, true},
		{`{"pointer":"/data/tags/m~0n","op":"eq","value":null}`, true},
		{`{"pointer":"/data/tags/m~0n","op":"exists"}`, true},
		{`{"pointer":"/data/nope","op":"not_exists"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			t.Parallel()
			file := `{"id":"x","url":"https://h.example/x","event_types":["*"],"enabled":true,"secrets":["env:S"],"filter":[` + tt.cond + `]}`
			set, err := subscription.Load(fstest.MapFS{"acme-shop/_subscriptions/x.jsonc": {Data: []byte(file)}},
				shippedRegistry(t), subscription.Options{Lookup: env(map[string]string{"S": testSecret})})
			require.NoError(t, err)
			sub, _ := set.Get("acme-shop", "x")
			require.Equal(t, tt.want, sub.Filter.Matches(doc))
		})
	}
}
