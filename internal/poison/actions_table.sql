-- What operators did to poison records. Never deleted from; one row per
-- action. A replay row is written with state 'sending' before the send and
-- set to 'sent' (or 'failed') after it; a discard row is written 'done'.
-- record_seen_count and record_last_seen_at snapshot the record when the
-- action was taken: a record seen again afterwards is open again.
CREATE TABLE IF NOT EXISTS poison_actions (
	id                  BIGSERIAL PRIMARY KEY,
	record_uuid         VARCHAR(36) NOT NULL,
	action              TEXT NOT NULL CHECK (action IN ('replay', 'discard')),
	state               TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'done')),
	run_id              UUID NOT NULL,
	actor               TEXT NOT NULL,
	reason              TEXT NOT NULL DEFAULT '',
	queue               TEXT NOT NULL DEFAULT '',
	message_uuid        TEXT NOT NULL DEFAULT '',
	error               TEXT NOT NULL DEFAULT '',
	record_seen_count   INTEGER NOT NULL,
	record_last_seen_at TIMESTAMPTZ NOT NULL,
	created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
	updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS poison_actions_record_uuid_idx ON poison_actions (record_uuid, id);
