package groupcommit_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/groupcommit"
	"github.com/eventmesh/processor/internal/testenv"
)

func TestMain(m *testing.M) { testenv.CheckLeaks(m) }

type row struct{ n int }

func setupTable(t *testing.T) (string, func(ctx context.Context, tx pgx.Tx, rows []*row) error, *atomic.Int64) {
	t.Helper()
	pool := testenv.Postgres(t)
	table := fmt.Sprintf("groupcommit_test_%d", time.Now().UnixNano())
	_, err := pool.Exec(context.Background(), "CREATE TABLE "+table+" (n int PRIMARY KEY)")
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := pool.Exec(context.WithoutCancel(context.Background()), "DROP TABLE "+table)
		require.NoError(t, err)
	})
	batches := &atomic.Int64{}
	flush := func(ctx context.Context, tx pgx.Tx, rows []*row) error {
		batches.Add(1)
		ns := make([]int, len(rows))
		for i, r := range rows {
			ns[i] = r.n
		}
		_, err := tx.Exec(ctx, "INSERT INTO "+table+" SELECT unnest($1::int[])", ns)
		return err
	}
	return table, flush, batches
}

func TestCommitter_concurrent_writes_share_transactions(t *testing.T) {
	t.Parallel()
	table, flush, batches := setupTable(t)
	pool := testenv.Postgres(t)
	c, err := groupcommit.New(pool, groupcommit.Config{Writers: 2}, flush)
	require.NoError(t, err)
	defer c.Close()

	const writes = 400
	var wg sync.WaitGroup
	for i := range writes {
		wg.Go(func() { require.NoError(t, c.Do(context.Background(), &row{n: i})) })
	}
	wg.Wait()

	var n int
	require.NoError(t, pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n))
	require.Equal(t, writes, n, "every acknowledged write is committed")
	require.Less(t, batches.Load(), int64(writes/4), "writes were gathered into shared transactions")
}

func TestCommitter_failed_batch_fails_every_write_and_commits_none(t *testing.T) {
	t.Parallel()
	table, flush, _ := setupTable(t)
	pool := testenv.Postgres(t)
	c, err := groupcommit.New(pool, groupcommit.Config{Writers: 1, MaxBatch: 10}, flush)
	require.NoError(t, err)
	defer c.Close()

	require.NoError(t, c.Do(context.Background(), &row{n: 1}))
	err = c.Do(context.Background(), &row{n: 1}) // primary key violation
	require.Error(t, err)

	var n int
	require.NoError(t, pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n))
	require.Equal(t, 1, n)
}

func TestCommitter_after_close_and_on_cancelled_context(t *testing.T) {
	t.Parallel()
	_, flush, _ := setupTable(t)
	c, err := groupcommit.New(testenv.Postgres(t), groupcommit.Config{}, flush)
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, c.Do(ctx, &row{n: 1}), context.Canceled)

	c.Close()
	require.True(t, errors.Is(c.Do(context.Background(), &row{n: 2}), groupcommit.ErrClosed))
}

func TestCommitter_MaxWait_gathers_writes_that_arrive_one_by_one(t *testing.T) {
	t.Parallel()
	table, flush, batches := setupTable(t)
	pool := testenv.Postgres(t)
	c, err := groupcommit.New(pool, groupcommit.Config{MaxWait: 300 * time.Millisecond, MaxBatch: 5}, flush)
	require.NoError(t, err)
	defer c.Close()

	var wg sync.WaitGroup
	for i := range 10 { // two full batches, arriving 10 ms apart
		wg.Go(func() { require.NoError(t, c.Do(context.Background(), &row{n: i})) })
		time.Sleep(10 * time.Millisecond)
	}
	wg.Wait()

	var n int
	require.NoError(t, pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n))
	require.Equal(t, 10, n)
	require.Equal(t, int64(2), batches.Load(), "a writer waited for a full batch instead of writing each item")
}
