package poison

import (
	"context"
	"fmt"
)

// OpenCount counts the open poison records: neither replayed nor
// discarded, or poisoned again since (see RecordsSQL). It is the processor's
// event_processor_poison_backlog gauge. It reads the whole poison queue, so
// it is meant for a scrape every few seconds, not a hot path. ActionsTable
// must exist (EnsureActionsTable).
func (s *Store) OpenCount(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM `+RecordsSQL+` WHERE r.status = 'open'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count open poison records: %w", err)
	}
	return n, nil
}
