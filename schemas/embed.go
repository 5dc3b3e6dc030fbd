// Package schemas holds the tenant registry as files: one directory per
// tenant with its tenant.json and one JSON Schema per event type and version
// (see README.md). They are embedded in the binary as the default registry;
// internal/registry loads and compiles them, and a directory on disk with the
// same layout can replace them.
package schemas

import "embed"

// FS is the embedded registry: <tenant>/tenant.json,
// <tenant>/<event-type>/<version>.json and _shared/*.json, the schemas that
// tenants' schemas may $ref.
//
//go:embed */tenant.json */*/*.json _shared/*.json
var FS embed.FS
