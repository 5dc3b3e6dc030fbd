package registry

import (
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/eventmesh/processor/internal/rejection"
)

// MaxViolations bounds the violations of one rejection; a last one says how
// many more the validator found.
const MaxViolations = 32

// violations flattens the validator's tree of errors into its leaves, each
// with the JSON Pointer of the failing value in the validated document,
// sorted by path.
func violations(err *jsonschema.ValidationError) []rejection.Violation {
	var out []rejection.Violation
	more := 0
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, cause := range e.Causes {
				walk(cause)
			}
			return
		}
		if len(out) == MaxViolations {
			more++
			return
		}
		out = append(out, rejection.Violation{Path: pointer(e.InstanceLocation), Message: violationMessage(e.ErrorKind)})
	}
	walk(err)
	slices.SortStableFunc(out, func(a, b rejection.Violation) int { return strings.Compare(a.Path, b.Path) })
	if more > 0 {
		out = append(out, rejection.Violation{Message: fmt.Sprintf("and %d more violations", more)})
	}
	return out
}

// pointer is the RFC 6901 JSON Pointer of a location.
func pointer(location []string) string {
	var b strings.Builder
	for _, token := range location {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1"))
	}
	return b.String()
}
