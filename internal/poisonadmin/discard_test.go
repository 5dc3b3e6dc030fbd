package poisonadmin_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/poisonadmin"
	"github.com/eventmesh/processor/internal/rejection"
)

func TestDiscard_marks_records_and_keeps_them(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	m := poisonMix(t, b)
	selection := poisonadmin.Filter{Class: rejection.ClassEnvelope}

	dry, err := b.admin.Discard(ctx, poisonadmin.DiscardOptions{Filter: selection, Reason: "junk", DryRun: true})
	require.NoError(t, err)
	require.Len(t, dry.Discarded, 2)
	page, err := b.admin.List(ctx, poisonadmin.ListOptions{Filter: poisonadmin.Filter{Status: poisonadmin.StatusDiscarded}})
	require.NoError(t, err)
	require.Empty(t, page.Records, "a dry run records nothing")

	report, err := b.admin.Discard(ctx, poisonadmin.DiscardOptions{Filter: selection, Reason: "junk from a broken producer"})
	require.NoError(t, err)
	require.ElementsMatch(t, dry.Discarded, report.Discarded)
	require.Contains(t, report.Discarded, m.binary)

	page, err = b.admin.List(ctx, poisonadmin.ListOptions{Filter: poisonadmin.Filter{Status: poisonadmin.StatusDiscarded}})
	require.NoError(t, err)
	require.ElementsMatch(t, report.Discarded, uuids(page.Records))
	all, err := b.admin.List(ctx, poisonadmin.ListOptions{})
	require.NoError(t, err)
	require.Len(t, all.Records, len(m.all), "nothing is deleted")

	again, err := b.admin.Discard(ctx, poisonadmin.DiscardOptions{Filter: selection, Reason: "again"})
	require.NoError(t, err)
	require.Empty(t, again.Discarded)
	require.Equal(t, 2, again.Settled)

	replay, err := b.admin.Replay(ctx, poisonadmin.ReplayOptions{Filter: selection, Force: true})
	require.NoError(t, err)
	require.Zero(t, replay.Sent, "discarded records are not replayed")
}

func TestActions_refuse_bad_options_before_doing_anything(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	id := b.put(t, poisoned{body: order(uuid.NewString(), false)})

	replays := []struct {
		name string
		opts poisonadmin.ReplayOptions
		want errKind
	}{
		{"no selection", poisonadmin.ReplayOptions{}, errUsage},
		{"unknown class", poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{Class: "nope"}}, errUsage},
		{"bad rate", poisonadmin.ReplayOptions{All: true, Rate: -1}, errUsage},
		{"unknown id", poisonadmin.ReplayOptions{Filter: poisonadmin.Filter{IDs: []string{uuid.NewString()}}}, errNotFound},
	}
	for _, tt := range replays {
		_, err := b.admin.Replay(ctx, tt.opts)
		require.Equal(t, tt.want, kindOf(err), "%s: %v", tt.name, err)
	}
	discards := []struct {
		name string
		opts poisonadmin.DiscardOptions
		want errKind
	}{
		{"no reason", poisonadmin.DiscardOptions{Filter: poisonadmin.Filter{IDs: []string{id}}}, errUsage},
		{"no selection", poisonadmin.DiscardOptions{Reason: "r"}, errUsage},
		{"unknown id", poisonadmin.DiscardOptions{Filter: poisonadmin.Filter{IDs: []string{uuid.NewString()}}, Reason: "r"}, errNotFound},
	}
	for _, tt := range discards {
		_, err := b.admin.Discard(ctx, tt.opts)
		require.Equal(t, tt.want, kindOf(err), "%s: %v", tt.name, err)
	}
	require.Empty(t, b.drain(t))
}

func TestReplay_to_a_missing_queue_is_not_found(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	b.put(t, poisoned{body: order(uuid.NewString(), false)})
	admin, err := poisonadmin.New(ctx, poisonadmin.Config{
		Pool: b.pool, Registry: b.processor, AWS: b.awsConfig(t), QueueName: "no-such-queue-" + uuid.NewString()[:8],
	})
	require.NoError(t, err)

	_, err = admin.Replay(ctx, poisonadmin.ReplayOptions{All: true})
	var notFound *poisonadmin.NotFoundError
	require.ErrorAs(t, err, &notFound)
	require.Equal(t, "queue", notFound.What)
}

func TestReplay_while_another_replay_runs_is_refused(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	b.put(t, poisoned{body: order(uuid.NewString(), false)})
	conn, err := b.pool.Acquire(ctx)
	require.NoError(t, err)
	defer conn.Release()
	_, err = conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext('poison_actions.lock.' || current_schema()))`)
	require.NoError(t, err)
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock_all()`) //nolint:errcheck

	_, err = b.admin.Replay(ctx, poisonadmin.ReplayOptions{All: true})
	require.ErrorIs(t, err, poisonadmin.ErrBusy)
	require.Empty(t, b.drain(t))
}
