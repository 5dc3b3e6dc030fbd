package sqsqueue

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSlots_acquire_waits_for_a_whole_batch(t *testing.T) {
	t.Parallel()
	s := newSlots(25)
	for range 2 {
		n, err := s.acquire(t.Context())
		require.NoError(t, err)
		require.Equal(t, 10, n)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	_, err := s.acquire(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded, "5 free slots are not a batch")

	s.release(5)
	n, err := s.acquire(t.Context())
	require.NoError(t, err)
	require.Equal(t, 10, n)
	require.Equal(t, 25, s.inUse())
}

func TestSlots_small_bound_and_idle(t *testing.T) {
	t.Parallel()
	s := newSlots(3)
	n, err := s.acquire(t.Context())
	require.NoError(t, err)
	require.Equal(t, 3, n)
	idle := s.idleCh()
	s.release(2)
	select {
	case <-idle:
		require.FailNow(t, "idle with a slot in use")
	default:
	}
	s.release(1)
	<-idle
}

func TestSlots_release_wakes_every_waiter_it_can(t *testing.T) {
	t.Parallel()
	s := newSlots(30)
	for range 3 {
		_, err := s.acquire(t.Context())
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			_, err := s.acquire(t.Context())
			assert.NoError(t, err)
		})
	}
	time.Sleep(10 * time.Millisecond)
	s.release(30)
	wg.Wait()
	require.Equal(t, 30, s.inUse())
}

func TestDedupe_keeps_the_last_entry_of_each_message(t *testing.T) {
	t.Parallel()
	got := dedupe([]entry{{id: "a", receipt: "1"}, {id: "b", receipt: "2"}, {id: "a", receipt: "3"}})
	require.Equal(t, []entry{{id: "a", receipt: "3"}, {id: "b", receipt: "2"}}, got)
}

func TestTracker_extends_until_MaxProcessingTime(t *testing.T) {
	t.Parallel()
	tr := newTracker(10*time.Second, 25*time.Second)
	t0 := time.Now()
	m, fresh := tr.add("m", "r1", t0)
	require.True(t, fresh)

	ext, _ := tr.due(t0.Add(4 * time.Second))
	require.Empty(t, ext, "more than half the timeout left")
	ext, _ = tr.due(t0.Add(6 * time.Second))
	require.Equal(t, []entry{{id: "m", receipt: "r1", timeout: 10}}, ext)

	_, fresh = tr.add("m", "r2", t0.Add(7*time.Second))
	require.False(t, fresh, "a copy of a message in flight")
	ext, _ = tr.due(t0.Add(20 * time.Second))
	require.Equal(t, []entry{{id: "m", receipt: "r2", timeout: 5}}, ext, "capped by MaxProcessingTime")

	_, expired := tr.due(t0.Add(24500 * time.Millisecond))
	require.Equal(t, []string{"m"}, expired)
	copyAfterExpiry, fresh := tr.add("m", "r3", t0.Add(26*time.Second))
	require.True(t, fresh, "a copy of an expired message is a new delivery")
	require.Equal(t, entry{id: "m", receipt: "r3"}, tr.remove(copyAfterExpiry, 0))
	require.Equal(t, entry{id: "m", receipt: "r2"}, tr.remove(m, 0), "the old copy settles on its own")
	require.Zero(t, tr.len())
}

func TestPacer_doubles_on_backlog_and_drops_one_otherwise(t *testing.T) {
	t.Parallel()
	p := newPacer(5)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, p.wait(ctx, 1), context.DeadlineExceeded, "one receiver polls at first")

	woken := make(chan struct{})
	go func() {
		assert.NoError(t, p.wait(t.Context(), 3))
		close(woken)
	}()
	p.observe(true)
	p.observe(true)
	<-woken
	p.observe(true)
	require.Equal(t, 5, p.active)
	p.observe(false)
	require.Equal(t, 4, p.active)
	for range 10 {
		p.observe(false)
	}
	require.Equal(t, 1, p.active)
}

func TestBacklogged_needs_a_full_batch_of_messages_that_were_waiting(t *testing.T) {
	t.Parallel()
	start := time.UnixMilli(1_000_000)
	msg := func(sentMillis int64) types.Message {
		return types.Message{Attributes: map[string]string{"SentTimestamp": strconv.FormatInt(sentMillis, 10)}}
	}
	before, after := msg(999_990), msg(1_000_005)
	require.True(t, backlogged([]types.Message{before, before, before}, 3, start))
	require.False(t, backlogged([]types.Message{before, before}, 3, start), "not full")
	require.False(t, backlogged([]types.Message{before, before, after}, 3, start), "partly sent during the poll")
}

// A limit resized below the slots in use keeps them in use; receivers wait
// until a whole batch is free again, and the limit's growth wakes a waiter
// at once.
func TestSlots_resize_below_and_above_what_is_in_use(t *testing.T) {
	t.Parallel()
	s := newSlots(30)
	for range 3 {
		_, err := s.acquire(t.Context())
		require.NoError(t, err)
	}
	idle := s.idleCh()
	s.resize(10)
	require.Equal(t, 30, s.inUse())
	requireNoBatch := func(why string) {
		ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
		defer cancel()
		_, err := s.acquire(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded, why)
	}
	requireNoBatch("30 in use under a limit of 10")
	s.release(25)
	requireNoBatch("5 in use, 5 free: not a batch of 10")

	acquired := make(chan int)
	go func() {
		n, err := s.acquire(t.Context())
		assert.NoError(t, err)
		acquired <- n
	}()
	s.resize(40) // 5 in use, 35 free: the waiter gets a batch of 10
	require.Equal(t, 10, <-acquired)
	require.Equal(t, 15, s.inUse())
	s.release(15)
	<-idle
}
