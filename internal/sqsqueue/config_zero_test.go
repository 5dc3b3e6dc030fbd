package sqsqueue

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/stretchr/testify/require"
)

// TestSubscriberConfig_a_zero_is_either_kept_or_refused covers every numeric
// field, found by reflection so that a field added later is covered too: set
// to 0 in an otherwise valid config, either Validate refuses it, naming the
// field and its limits, or the defaults keep it 0. A zero that Validate
// accepts and the defaults then replace (NackVisibilityDelay became 5s) is
// the fault this pins.
func TestSubscriberConfig_a_zero_is_either_kept_or_refused(t *testing.T) {
	t.Parallel()
	creds := aws.Config{Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")}
	valid := SubscriberConfig{AWSConfig: creds}.WithDefaults()
	require.NoError(t, valid.Validate())
	typ := reflect.TypeOf(valid)
	checked := 0
	for i := range typ.NumField() {
		field := typ.Field(i)
		if k := field.Type.Kind(); k != reflect.Int && k != reflect.Int64 {
			continue
		}
		checked++
		t.Run(field.Name, func(t *testing.T) {
			t.Parallel()
			cfg := valid
			reflect.ValueOf(&cfg).Elem().Field(i).SetInt(0)
			if err := cfg.Validate(); err != nil {
				require.ErrorContains(t, err, field.Name+" must be in [")
				require.Regexp(t, `, got 0(s)?$`, err.Error())
				return
			}
			kept := reflect.ValueOf(cfg.WithDefaults()).Field(i).Int()
			require.Zero(t, kept, "Validate accepts %s = 0, then the defaults replace it", field.Name)
		})
	}
	require.Equal(t, 12, checked, "numeric fields of SubscriberConfig")
}
