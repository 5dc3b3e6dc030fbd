package poison

// lastSeenSQL is a record's last sighting as a timestamptz; seenCountSQL its
// number of sightings. A malformed value falls back (to the row's creation,
// to 1) instead of failing the whole query.
const (
	lastSeenSQL = `CASE WHEN p.metadata->>'` + KeyLastSeenAt + `' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$'
		THEN (p.metadata->>'` + KeyLastSeenAt + `')::timestamptz ELSE p.created_at::timestamptz END`
	seenCountSQL = `CASE WHEN p.metadata->>'` + KeySeenCount + `' ~ '^\d{1,9}$'
		THEN (p.metadata->>'` + KeySeenCount + `')::int ELSE 1 END`
)

// RecordsSQL is the relation "r" of poison records with their status, for
// "SELECT … FROM "+RecordsSQL+" WHERE …": the columns "offset", uuid,
// created_at, payload, metadata (text), tenant, producer, event_type, class,
// reason (the error and violations in lower case), seen_count, last_seen,
// status ('open', 'replayed' or 'discarded') and replays (confirmed
// replays). The last settling action of ActionsTable (a confirmed replay or
// a discard) settles a record unless it was seen again since that action's
// snapshot; an unsettled record is open.
var RecordsSQL = `(
	SELECT p."offset", p."uuid", p.created_at, p.payload, p.metadata::text AS metadata,
		p.metadata->>'` + KeyTenant + `' AS tenant,
		p.metadata->>'` + KeyProducer + `' AS producer,
		p.metadata->>'` + KeyEventType + `' AS event_type,
		p.metadata->>'` + KeyClass + `' AS class,
		lower(coalesce(p.metadata->>'` + KeyError + `', '') || ' ' || coalesce(p.metadata->>'` + KeyViolations + `', '')) AS reason,
		s.seen_count, s.last_seen,
		CASE WHEN settled.action IS NULL
				OR s.seen_count > settled.record_seen_count
				OR s.last_seen > settled.record_last_seen_at THEN 'open'
			WHEN settled.action = 'replay' THEN 'replayed'
			ELSE 'discarded' END AS status,
		(SELECT count(*) FROM ` + ActionsTable + ` a
			WHERE a.record_uuid = p."uuid" AND a.action = 'replay' AND a.state = 'sent') AS replays
	FROM ` + MessagesTable() + ` p
	CROSS JOIN LATERAL (SELECT ` + seenCountSQL + ` AS seen_count, ` + lastSeenSQL + ` AS last_seen) s
	LEFT JOIN LATERAL (
		SELECT a.action, a.record_seen_count, a.record_last_seen_at FROM ` + ActionsTable + ` a
		WHERE a.record_uuid = p."uuid" AND a.state IN ('sent', 'done')
		ORDER BY a.id DESC LIMIT 1
	) settled ON true
) r`
