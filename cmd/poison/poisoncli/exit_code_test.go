package poisoncli_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/cmd/poison/poisoncli"
	"github.com/eventmesh/processor/internal/exitcode"
	"github.com/eventmesh/processor/internal/poisonadmin"
)

// TestExitCode_is_the_documented_number_for_each_error pins the numbers
// scripts rely on (poison help, docs/poison-tool.md).
func TestExitCode_is_the_documented_number_for_each_error(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, 0},
		{"help", flag.ErrHelp, 0},
		{"failure", errors.New("SQS refused 3 messages"), 1},
		{"a bad flag", exitcode.Usagef("--limit must be in [1, 1000], got 0"), 2},
		{"a bad request", fmt.Errorf("list: %w", &poisonadmin.UsageError{Msg: "unknown class"}), 2},
		{"no such record", fmt.Errorf("show: %w", &poisonadmin.NotFoundError{What: "record", Name: "abcd"}), 3},
		{"interrupted", fmt.Errorf("replay: %w", context.Canceled), 130},
	} {
		require.Equal(t, tc.want, poisoncli.ExitCode(tc.err), tc.name)
	}
}

func TestCLI_exit_codes(t *testing.T) {
	t.Parallel()
	w := setup(t)
	id := w.put(t, violation("acme-shop", "checkout-api", "order-placed", "/total"))
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"help"}, exitcode.OK},
		{[]string{"list", "-h"}, exitcode.OK},
		{[]string{"show", id[:6], "--json"}, exitcode.OK},
		{[]string{}, exitcode.Usage},
		{[]string{"bogus"}, exitcode.Usage},
		{[]string{"list", "--nope"}, exitcode.Usage},
		{[]string{"list", "--since", "yesterday"}, exitcode.Usage},
		{[]string{"list", "--limit", "5000"}, exitcode.Usage},
		{[]string{"list", "--status", "gone"}, exitcode.Usage},
		{[]string{"list", "--page", "garbage"}, exitcode.Usage},
		{[]string{"show"}, exitcode.Usage},
		{[]string{"replay"}, exitcode.Usage},
		{[]string{"replay", "--all", "--schemas-dir", "/nonexistent"}, exitcode.Usage},
		{[]string{"discard", "--all"}, exitcode.Usage},
		{[]string{"show", uuid.NewString()}, exitcode.NotFound},
		{[]string{"replay", uuid.NewString()}, exitcode.NotFound},
		{[]string{"replay", "--all", "--queue", "missing-" + uuid.NewString()[:8]}, exitcode.NotFound},
	}
	for _, tt := range tests {
		out, code := w.run(t, tt.args...)
		require.Equal(t, tt.want, code, "poison %s: %s", strings.Join(tt.args, " "), out)
	}
	_, code := w.runWith(t, "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2", "list")
	require.Equal(t, exitcode.Failure, code, "unreachable Postgres")
	require.Zero(t, w.queue.waiting(t))
}
