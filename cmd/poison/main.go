// Command poison inspects the processor's poison queue and replays or
// discards its records. Run "poison help" for the commands, flags,
// environment and exit codes; docs/poison-tool.md has a worked example.
package main

import (
	"github.com/eventmesh/processor/cmd/poison/poisoncli"
	"github.com/eventmesh/processor/internal/exitcode"
)

func main() { exitcode.Main("poison", run, poisoncli.ExitClasses...) }
