package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Disabled is an endpoint that was disabled, and why.
type Disabled struct {
	Tenant     string
	EndpointID string
	Reason     string
}

// healthSQL sets or clears failing_since of endpoints: ok[i] true clears it
// (a success), false sets it unless it is set.
const healthSQL = `INSERT INTO sender_endpoints (tenant, endpoint_id, failing_since)
SELECT t, e, CASE WHEN ok THEN NULL ELSE now() END FROM unnest($1::text[], $2::text[], $3::bool[]) AS u(t, e, ok)
ON CONFLICT (tenant, endpoint_id) DO UPDATE SET
    failing_since = CASE WHEN excluded.failing_since IS NULL THEN NULL
                         ELSE COALESCE(sender_endpoints.failing_since, excluded.failing_since) END,
    updated_at = now()
WHERE (sender_endpoints.failing_since IS NULL) <> (excluded.failing_since IS NULL)`

// updateHealth records each endpoint's health from results: one success in
// the batch makes it healthy.
func updateHealth(ctx context.Context, tx pgx.Tx, results []Result) error {
	health := map[[2]string]bool{}
	for _, r := range results {
		if r.EndpointOK == nil {
			continue
		}
		key := [2]string{r.Tenant, r.EndpointID}
		health[key] = health[key] || *r.EndpointOK
	}
	if len(health) == 0 {
		return nil
	}
	var tenants, endpoints []string
	var ok []bool
	for key, good := range health {
		tenants, endpoints, ok = append(tenants, key[0]), append(endpoints, key[1]), append(ok, good)
	}
	_, err := tx.Exec(ctx, healthSQL, tenants, endpoints, ok)
	return err
}

const disableFailingSQL = `UPDATE sender_endpoints
SET disabled_at = now(), updated_at = now(),
    disabled_reason = 'failing since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
WHERE disabled_at IS NULL AND failing_since < now() - make_interval(secs => $1)
RETURNING tenant, endpoint_id, disabled_reason`

// disableEndpoints disables the endpoints named by results and those
// failing for longer than after, and skips their pending deliveries.
func disableEndpoints(ctx context.Context, tx pgx.Tx, results []Result, after time.Duration) ([]Disabled, error) {
	var disabled []Disabled
	for _, r := range results {
		if r.DisableEndpoint == "" {
			continue
		}
		done, err := disable(ctx, tx, r.Tenant, r.EndpointID, r.DisableEndpoint)
		if err != nil {
			return nil, err
		}
		if done {
			disabled = append(disabled, Disabled{r.Tenant, r.EndpointID, r.DisableEndpoint})
		}
	}
	if after <= 0 {
		return disabled, nil
	}
	rows, err := tx.Query(ctx, disableFailingSQL, after.Seconds())
	if err != nil {
		return nil, err
	}
	failing, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Disabled])
	if err != nil {
		return nil, err
	}
	for _, d := range failing {
		if err := skipPending(ctx, tx, d.Tenant, d.EndpointID, "endpoint disabled: "+d.Reason); err != nil {
			return nil, err
		}
	}
	return append(disabled, failing...), nil
}

// disable marks an endpoint disabled (if it is not) and skips its pending
// deliveries. It reports whether the endpoint was enabled before.
func disable(ctx context.Context, tx pgx.Tx, tenant, endpoint, reason string) (bool, error) {
	tag, err := tx.Exec(ctx, `INSERT INTO sender_endpoints (tenant, endpoint_id, disabled_at, disabled_reason)
VALUES ($1, $2, now(), $3)
ON CONFLICT (tenant, endpoint_id) DO UPDATE SET disabled_at = now(), disabled_reason = $3, updated_at = now()
WHERE sender_endpoints.disabled_at IS NULL`, tenant, endpoint, reason)
	if err != nil {
		return false, fmt.Errorf("disable endpoint %s/%s: %w", tenant, endpoint, err)
	}
	return tag.RowsAffected() > 0, skipPending(ctx, tx, tenant, endpoint, "endpoint disabled: "+reason)
}

// skipPending marks an endpoint's pending deliveries skipped; `sender
// endpoint recover` brings them back.
func skipPending(ctx context.Context, tx pgx.Tx, tenant, endpoint, note string) error {
	_, err := tx.Exec(ctx, `UPDATE sender_deliveries SET status = 'skipped', finished_at = now(), last_error = $3, lease_owner = NULL
WHERE tenant = $1 AND endpoint_id = $2 AND status = 'pending'`, tenant, endpoint, note)
	if err != nil {
		return fmt.Errorf("skip pending deliveries of %s/%s: %w", tenant, endpoint, err)
	}
	return nil
}

// DisabledEndpoints returns the keys ("tenant/endpoint") of every disabled
// endpoint.
func DisabledEndpoints(ctx context.Context, pool *pgxpool.Pool) (map[string]string, error) {
	rows, err := pool.Query(ctx, `SELECT tenant || '/' || endpoint_id, coalesce(disabled_reason, '') FROM sender_endpoints WHERE disabled_at IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("read disabled endpoints: %w", err)
	}
	out := map[string]string{}
	var key, reason string
	_, err = pgx.ForEachRow(rows, []any{&key, &reason}, func() error {
		out[key] = reason
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read disabled endpoints: %w", err)
	}
	return out, nil
}
