package exitcode_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/exitcode"
)

type missingError struct{ name string }

func (e *missingError) Error() string { return e.name + " not found" }

var errGone = errors.New("gone")

func TestOf_maps_each_class_to_its_code(t *testing.T) {
	t.Parallel()
	classes := []exitcode.Class{exitcode.As[*missingError](exitcode.NotFound), exitcode.Is(errGone, exitcode.NotFound)}
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, exitcode.OK},
		{"help", fmt.Errorf("parse: %w", flag.ErrHelp), exitcode.OK},
		{"usage", exitcode.Usagef("--limit %d out of range", -1), exitcode.Usage},
		{"a type of the command's classes", fmt.Errorf("show: %w", &missingError{"record"}), exitcode.NotFound},
		{"a value of the command's classes", fmt.Errorf("retry: %w", errGone), exitcode.NotFound},
		{"usage before the command's classes", exitcode.NewUsage(&missingError{"flag"}), exitcode.Usage},
		{"the command's classes before interrupted", errors.Join(context.Canceled, errGone), exitcode.NotFound},
		{"interrupted", fmt.Errorf("replay: %w", context.Canceled), exitcode.Interrupted},
		{"anything else", errors.New("SQS refused 3 messages"), exitcode.Failure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, exitcode.Of(tc.err, classes...))
		})
	}
}

func TestOf_without_classes_knows_no_not_found(t *testing.T) {
	t.Parallel()
	require.Equal(t, exitcode.Failure, exitcode.Of(&missingError{"record"}))
}
