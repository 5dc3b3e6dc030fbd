package groupcommit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

func (c *Committer[T]) runWriter() {
	defer c.writers.Done()
	batch := make([]request[T], 0, c.cfg.MaxBatch)
	for {
		select {
		case first := <-c.requests:
			batch = c.gather(append(batch[:0], first))
			c.commit(batch)
		case <-c.closing:
			return
		}
	}
}

// gather takes whatever else is already waiting: batches grow by themselves
// while a commit is in progress. With MaxWait it waits that long for more,
// unless the batch fills up or the committer closes first.
func (c *Committer[T]) gather(batch []request[T]) []request[T] {
	var deadline <-chan time.Time
	if c.cfg.MaxWait > 0 {
		timer := time.NewTimer(c.cfg.MaxWait)
		defer timer.Stop()
		deadline = timer.C
	}
	for len(batch) < c.cfg.MaxBatch {
		select {
		case req := <-c.requests:
			batch = append(batch, req)
			continue
		default:
		}
		if deadline == nil {
			return batch
		}
		select {
		case req := <-c.requests:
			batch = append(batch, req)
		case <-deadline:
			return batch
		case <-c.closing:
			return batch
		}
	}
	return batch
}

func (c *Committer[T]) commit(batch []request[T]) {
	items := make([]T, len(batch))
	for i, req := range batch {
		items[i] = req.item
	}
	err := c.writeBatch(items)
	for _, req := range batch {
		req.done <- err
	}
}

func (c *Committer[T]) writeBatch(items []T) (err error) {
	ctx, cancel := context.WithTimeout(c.cfg.BaseContext, c.cfg.CommitTimeout)
	defer cancel()

	tx, err := c.pool.BeginTx(ctx, c.begin)
	if err != nil {
		return fmt.Errorf("begin transaction for %d items: %w", len(items), err)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, rollback(tx))
		}
	}()
	if err := c.flush(ctx, tx, items); err != nil {
		return fmt.Errorf("write %d items: %w", len(items), err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit %d items: %w", len(items), err)
	}
	c.progress.committed()
	return nil
}
