package processor

import "strings"

// poolCfgHasMaxConns reports whether the connection string sets the pool
// size itself, in which case the processor leaves it alone.
func poolCfgHasMaxConns(databaseURL string) bool {
	return strings.Contains(databaseURL, "pool_max_conns")
}
