// Command sender delivers every stored event to its tenant's subscribed
// webhook endpoints ("sender" or "sender run"), and operates deliveries and
// endpoints (every other command; "sender help"). docs/sender.md describes
// it.
package main

import (
	"github.com/eventmesh/processor/cmd/sender/sendercli"
	"github.com/eventmesh/processor/internal/exitcode"
)

func main() { exitcode.Main("sender", run, sendercli.ExitClasses...) }
