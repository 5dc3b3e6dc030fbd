package envelope_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/eventmesh/processor/internal/envelope"
)

// decodeTime decodes a CloudEvents body whose time attribute is s.
func decodeTime(s string) (*envelope.Event, error) {
	return envelope.Decode([]byte(ce("time", `"time":"`+s+`"`)), "")
}

func utc(year int, month time.Month, day, hour, minute, second, nanos int) time.Time {
	return time.Date(year, month, day, hour, minute, second, nanos, time.UTC)
}

// Valid forms of RFC 3339 section 5.6 date-time, with the instant each names.
// The first five are the examples of section 5.8.
func TestDecode_time_accepts_RFC3339_date_time(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
	}{
		{"1985-04-12T23:20:50.52Z", utc(1985, 4, 12, 23, 20, 50, 520_000_000)},
		{"1996-12-19T16:39:57-08:00", utc(1996, 12, 20, 0, 39, 57, 0)},
		{"1990-12-31T23:59:60Z", utc(1990, 12, 31, 23, 59, 59, 0)},      // leap second, read as :59
		{"1990-12-31T15:59:60-08:00", utc(1990, 12, 31, 23, 59, 59, 0)}, // the same leap second
		{"1937-01-01T12:00:27.87+00:20", utc(1937, 1, 1, 11, 40, 27, 870_000_000)},
		{"2026-11-26t09:00:00z", utc(2026, 11, 26, 9, 0, 0, 0)}, // issue 9: lower-case t and z (5.6 NOTE)
		{"2026-11-26T09:00:00z", utc(2026, 11, 26, 9, 0, 0, 0)},
		{"2026-11-26t09:00:00+01:00", utc(2026, 11, 26, 8, 0, 0, 0)},
		{"2026-11-26T09:00:00-00:00", utc(2026, 11, 26, 9, 0, 0, 0)}, // unknown local offset (4.3)
		{"2026-11-26T09:00:00+23:59", utc(2026, 11, 25, 9, 1, 0, 0)},
		{"2026-11-26T09:00:00-23:59", utc(2026, 11, 27, 8, 59, 0, 0)},
		{"2024-02-29T00:00:00Z", utc(2024, 2, 29, 0, 0, 0, 0)},
		{"2000-02-29T00:00:00Z", utc(2000, 2, 29, 0, 0, 0, 0)}, // divisible by 400
		{"2026-04-30T00:00:00Z", utc(2026, 4, 30, 0, 0, 0, 0)},
		{"0000-01-01T00:00:00Z", utc(0, 1, 1, 0, 0, 0, 0)},
		{"9999-12-31T23:59:59.999999999Z", utc(9999, 12, 31, 23, 59, 59, 999_999_999)},
		{"2026-11-26T09:00:00.1Z", utc(2026, 11, 26, 9, 0, 0, 100_000_000)},
		{"2026-11-26T09:00:00.1234567891234Z", utc(2026, 11, 26, 9, 0, 0, 123_456_789)}, // beyond ns: truncated
		{"2016-12-31T23:59:60.5Z", utc(2016, 12, 31, 23, 59, 59, 500_000_000)},
		{"1998-06-30T23:59:60Z", utc(1998, 6, 30, 23, 59, 59, 0)},
		{"1991-01-01T00:29:60+00:30", utc(1990, 12, 31, 23, 59, 59, 0)}, // local date past the month's end
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			ev, err := decodeTime(tt.in)
			require.NoError(t, err)
			require.True(t, tt.want.Equal(ev.Time), "got %v, want %v", ev.Time, tt.want)
		})
	}
}

// Forms outside the grammar or its section 5.7 restrictions.
func TestDecode_time_rejects_what_RFC3339_does_not_allow(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"2026-11-26T09:00:00+24:01", // issue 9: Go's parser stored it a day off
		"2026-11-26T09:00:00+24:00",
		"2026-11-26T09:00:00+23:60",
		"2026-11-26T09:00:00+0100",
		"2026-11-26T09:00:00+01",
		"2026-11-26T09:00:00+01:00:00",
		"2026-11-26T09:00:00",   // no offset
		"2026-11-26 09:00:00Z",  // space for T: allowed by the 5.6 NOTE for readability only
		"2026-11-26T09:00:00.Z", // empty fraction
		"2026-11-26T09:00:00,5Z",
		"2026-11-26T09:00Z",
		"2026-11-26T9:00:00Z",
		"2026-11-26",
		"26-11-26T09:00:00Z",
		"+2026-11-26T09:00:00Z",
		"2026-02-30T09:00:00Z",
		"2023-02-29T09:00:00Z",
		"2100-02-29T09:00:00Z", // divisible by 100, not by 400
		"2026-04-31T09:00:00Z",
		"2026-13-01T09:00:00Z",
		"2026-00-10T09:00:00Z",
		"2026-01-00T09:00:00Z",
		"2026-11-26T24:00:00Z",
		"2026-11-26T23:60:00Z",
		"2026-11-26T23:59:61Z",
		"1998-12-31T23:58:60Z",      // leap second on the wrong minute
		"1998-12-31T22:59:60Z",      // on the wrong hour
		"2026-11-26T23:59:60Z",      // not at the end of a month
		"1990-12-31T23:59:60-08:00", // 07:59:60 UTC on 1 January
		"2026-11-26T09:00:00Z ",
		"2026-11-26T09:00:00ZZ",
		"2026-11-26X09:00:00Z",
		"２０２６-11-26T09:00:00Z",
		"2026-11-26T09:00:00UTC",
		"",
	} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			_, err := decodeTime(in)
			requireViolations(t, err, "/time")
		})
	}
}

// The grammar and Go's time.Parse agree on the instant of every date-time
// both accept: generated over the whole range of each field.
func TestDecode_time_names_the_instant_time_Parse_names(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 5))
	for range 2000 {
		in := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d%s%s", rng.IntN(10000), 1+rng.IntN(12), 1+rng.IntN(28),
			rng.IntN(24), rng.IntN(60), rng.IntN(60), randomFraction(rng), randomOffset(rng))
		want, err := time.Parse(time.RFC3339Nano, in)
		require.NoError(t, err, in)
		ev, err := decodeTime(in)
		require.NoError(t, err, in)
		require.True(t, want.Equal(ev.Time), "%s: got %v, want %v", in, ev.Time, want)
	}
}

func randomFraction(rng *rand.Rand) string {
	if n := rng.IntN(10); n > 0 {
		return fmt.Sprintf(".%0*d", n, rng.IntN(1_000_000_000)%pow10(n))
	}
	return ""
}

func randomOffset(rng *rand.Rand) string {
	switch rng.IntN(3) {
	case 0:
		return "Z"
	case 1:
		return fmt.Sprintf("+%02d:%02d", rng.IntN(24), rng.IntN(60))
	}
	return fmt.Sprintf("-%02d:%02d", rng.IntN(24), rng.IntN(60))
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}
