package handlers

import (
	"sync"
	"time"
)

// Bounds of uncertainMessages.
const (
	uncertainTTL = time.Hour
	uncertainMax = 100_000
)

// uncertainMessages remembers the SQS message ids whose last attempt failed
// transiently: the event may have been committed without its counting (the
// reply to COMMIT lost), so a later attempt of the same message that finds
// the row written by this same message (store.StoredEarlier) counts it as
// accepted, once. An id is forgotten when counted, after uncertainTTL, or
// when uncertainMax ids are remembered (then all).
type uncertainMessages struct {
	mu  sync.Mutex
	ids map[string]time.Time
}

func newUncertainMessages() *uncertainMessages {
	return &uncertainMessages{ids: make(map[string]time.Time)}
}

func (u *uncertainMessages) add(id string) {
	if id == "" {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	if len(u.ids) >= uncertainMax {
		u.prune()
	}
	u.ids[id] = time.Now()
}

// take forgets id and reports whether it was remembered.
func (u *uncertainMessages) take(id string) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	_, ok := u.ids[id]
	delete(u.ids, id)
	return ok
}

// prune drops expired ids and, if still full, forgets them all (their
// redeliveries would then count as duplicates). Call with mu held.
func (u *uncertainMessages) prune() {
	for id, at := range u.ids {
		if time.Since(at) > uncertainTTL {
			delete(u.ids, id)
		}
	}
	if len(u.ids) >= uncertainMax {
		clear(u.ids)
	}
}
