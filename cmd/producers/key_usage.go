package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/eventmesh/processor/internal/registry"
	"github.com/eventmesh/processor/schemas"
)

// keyUsage is the help: the flags, then the variables of the producers'
// signing keys that the embedded schemas reference (registry.KeyVariables).
func keyUsage(fs *flag.FlagSet, w io.Writer) func() {
	return func() {
		fmt.Fprintf(w, "Usage of %s:\n", fs.Name())
		fs.PrintDefaults()
		names, err := registry.KeyVariables(schemas.FS)
		if err != nil {
			return
		}
		fmt.Fprintln(w, "\nSigning keys: a producer declared hmac-sha256 in its tenant file signs each event with the")
		fmt.Fprintln(w, "first key of its key reference, whsec_<base64>, the variable the processor verifies with:")
		for _, name := range names {
			fmt.Fprintf(w, "  (env %s)\n", name)
		}
	}
}
