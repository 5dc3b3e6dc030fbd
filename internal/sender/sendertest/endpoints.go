package sendertest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/subscription"
)

// Secret is the signing secret of every endpoint Subscribe declares: the
// value of its reference env:SECRET under SubscriptionOptions.
const Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// SubscriptionOptions resolve env:SECRET to Secret (no other variable is
// set) and allow http:// endpoints, as httptest servers are.
func SubscriptionOptions() subscription.Options {
	return subscription.Options{Lookup: func(name string) (string, bool) {
		return map[string]string{"SECRET": Secret}[name], name == "SECRET"
	}, AllowHTTP: true}
}

// Subscribe declares endpoint id of the world's tenant at url, receiving
// every event type, signed with env:SECRET; extra holds more fields of the
// subscription file, each after a comma (`,"rate_limit":20000`), or "".
func (w *World) Subscribe(t testing.TB, id, url, extra string) {
	t.Helper()
	dir := filepath.Join(w.SchemaDir, w.Tenant, subscription.Dir)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	file := fmt.Sprintf(`{"id":%q,"url":%q,"event_types":["*"],"enabled":true,"secrets":["env:SECRET"]%s}`, id, url, extra)
	require.NoError(t, os.WriteFile(filepath.Join(dir, id+subscription.Ext), []byte(file), 0o644))
}
