package poisonadmin_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
	"github.com/eventmesh/processor/internal/poison"
	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/producerauth"
	"github.com/eventmesh/processor/internal/rejection"
)

func TestReplay_bad_signature_fails_again_unless_re_signed(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	forged := "v1," + base64.StdEncoding.EncodeToString(make([]byte, 32))
	body := order(uuid.NewString(), true)
	record := b.put(t, poisoned{body: body, attrs: map[string]string{producerauth.SignatureAttribute: forged}})
	only := poisonadmin.Filter{IDs: []string{record}}

	report, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: only, Rate: 1000})
	require.NoError(t, err)
	require.Equal(t, map[poisonadmin.Verdict]int{poisonadmin.VerdictFail: 1}, report.Verdicts)
	require.Equal(t, rejection.ClassUnauthenticated, report.Results[0].Class)
	require.Zero(t, report.Sent, "the record keeps its bad signature: it would fail again")
	require.Empty(t, b.drain(t))

	report, err = b.admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: only, Rate: 1000, ReSign: true})
	require.NoError(t, err)
	require.Equal(t, 1, report.Sent)
	sent := b.drain(t)
	require.Len(t, sent, 1)
	require.Equal(t, body, sent[0].body, "the body is sent byte for byte")
	require.NotEqual(t, forged, sent[0].attrs[producerauth.SignatureAttribute])
	ev, err := envelope.Decode([]byte(body), "")
	require.NoError(t, err)
	require.NoError(t, authenticate(b.processor, ev, []byte(body), sent[0].attrs), "the new signature verifies")
	require.Equal(t, record, sent[0].attrs[poison.ReplayOfKey])

	var reason string
	require.NoError(t, b.pool.QueryRow(ctx, `SELECT reason FROM poison_actions WHERE record_uuid = $1 AND state = 'sent'`, record).Scan(&reason))
	require.Equal(t, poisonadmin.ReSignReason, reason, "the re-signing is recorded")
}

func TestReplay_keeps_a_valid_signature(t *testing.T) {
	t.Parallel()
	b := setup(t)
	body := order(uuid.NewString(), false) // signed by checkout-api, refused by the shipped schema, passes the fixed one
	record := b.put(t, poisoned{body: body})
	report, err := b.admin.Replay(context.Background(), poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{record}}, Rate: 1000})
	require.NoError(t, err)
	require.Equal(t, 1, report.Sent)
	sent := b.drain(t)
	require.Len(t, sent, 1)
	require.True(t, strings.HasPrefix(sent[0].attrs[producerauth.SignatureAttribute], "v1,"))
	ev, err := envelope.Decode([]byte(body), "")
	require.NoError(t, err)
	require.NoError(t, authenticate(b.processor, ev, []byte(body), sent[0].attrs), "the original signature still verifies")
}
