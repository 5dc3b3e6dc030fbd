package rejection_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/rejection"
)

func TestError_is_found_through_wrapping_and_names_what_failed(t *testing.T) {
	t.Parallel()
	cause := errors.New("boom")
	err := fmt.Errorf("validate: %w", &rejection.Error{
		Class: rejection.ClassSchema, Tenant: "acme-shop", EventType: "order-placed", EventID: "e1",
		Violations: []rejection.Violation{{Path: "/items/0/qty", Message: "minimum 1"}, {Path: "", Message: "missing property 'id'"}},
		Err:        cause,
	})

	rejected, ok := rejection.As(err)
	require.True(t, ok)
	require.True(t, rejection.IsPermanent(err))
	require.ErrorIs(t, err, cause)
	require.Equal(t, rejection.ClassSchema, rejected.Class)
	require.Equal(t, `validate: schema_violation tenant="acme-shop" event_type="order-placed" event_id="e1": boom; at "/items/0/qty": minimum 1; at "": missing property 'id'`, err.Error())
	require.False(t, rejection.IsPermanent(errors.New("connection refused")))
}
