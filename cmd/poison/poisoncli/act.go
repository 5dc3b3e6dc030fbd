package poisoncli

import (
	"context"

	"github.com/eventmesh/processor/internal/poisonadmin"
)

// act is the course of list, show, stats and discard once their flags are
// parsed: it returns check, the command line's error, before Postgres is
// reached; then connects, runs work and writes its result with asJSON
// (--json) or asText.
func act[T any](ctx context.Context, c *cli, check error, work func(*poisonadmin.Admin) (T, error),
	asJSON func(T) any, asText func(T) error) error {
	if check != nil {
		return check
	}
	admin, done, err := c.admin(ctx, nil)
	if err != nil {
		return err
	}
	defer done()
	result, err := work(admin)
	if err != nil {
		return err
	}
	if c.json {
		return c.writeJSON(asJSON(result))
	}
	return asText(result)
}
