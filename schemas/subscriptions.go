package schemas

import "embed"

// Subscriptions holds the tenants' webhook subscriptions,
// <tenant>/_subscriptions/<endpoint-id>.jsonc (JSON with whole-line //
// comments), read by internal/subscription. They are not in FS: the
// registry reads only schemas, and every .json file of FS is one.
//
//go:embed */_subscriptions/*.jsonc
var Subscriptions embed.FS
