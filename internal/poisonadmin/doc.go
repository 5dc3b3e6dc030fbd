// Package poisonadmin is the operators' tool over the poison queue: it lists,
// shows and counts poison records, replays selected records to the SQS queue
// the processor reads, and discards records with a reason.
//
// The poison records themselves ("watermill_poison", written by the
// processor) are never edited or deleted. What operators did to a record
// lives in a table of its own, "poison_actions": each replay (who, when, to
// which queue, whether the send was confirmed) and each discard (who, when,
// why). A record is open until a confirmed replay or a discard settles it,
// and open again when the processor poisons it again afterwards (its
// seen_count or last_seen_at moved past the snapshot kept with the action).
//
// Replay is at least once: an action row is written before the send and
// confirmed after it, so a replay interrupted between the two sends the
// record again when resumed. The processor's store is idempotent on
// (tenant, event id) and a replay keeps the event id, so the event is stored
// once. Cancelling the context stops a replay between two records, never
// between the send and its confirmation.
package poisonadmin
