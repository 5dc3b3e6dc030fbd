package envelope

import "time"

// parseRFC3339 parses s by the date-time production of RFC 3339 section 5.6,
// with the restrictions of section 5.7, and returns the instant it names:
//
//	date-time = full-date "T" full-time       ; "T" or "t" (5.6 NOTE)
//	full-date = 4DIGIT "-" 2DIGIT "-" 2DIGIT  ; month 01-12, day 01-28/29/30/31
//	full-time = 2DIGIT ":" 2DIGIT ":" 2DIGIT ["." 1*DIGIT] time-offset
//	                                          ; hour 00-23, minute 00-59, second 00-60
//	time-offset = "Z" / ("+" / "-") 2DIGIT ":" 2DIGIT   ; "Z" or "z"; 00-23 ":" 00-59
//
// A space instead of "T" is refused: section 5.6 only lets applications
// choose it "for the sake of readability", it is not the date-time
// production, and JSON Schema's date-time format refuses it too. Second 60
// is a leap second, allowed by section 5.7 only at the end of a month, at
// 23:59:60 UTC (in other offsets, the same instant); which months had one is
// not checked (Appendix D's table is out of date; IERS announces them six
// months ahead). time.Time has no leap seconds: 23:59:60.f is read as
// 23:59:59.f, as java.time's ISO_INSTANT does. Fractions beyond nanoseconds
// are truncated. "-00:00" (offset unknown, section 4.3) is UTC.
func parseRFC3339(s string) (time.Time, bool) {
	if len(s) < len("2006-01-02T15:04:05Z") || s[4] != '-' || s[7] != '-' ||
		(s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	second, ok6 := digits(s[17:19])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || month < 1 || month > 12 ||
		day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 60 {
		return time.Time{}, false
	}
	nanos, rest, ok := fraction(s[19:])
	if !ok {
		return time.Time{}, false
	}
	offset, ok := timeOffset(rest)
	if !ok {
		return time.Time{}, false
	}
	leap := second == 60
	if leap {
		second = 59
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, nanos, time.UTC).Add(-offset)
	if leap && !endOfMonth(t) {
		return time.Time{}, false
	}
	return t, true
}

// fraction reads an optional time-secfrac ("." 1*DIGIT) in nanoseconds.
func fraction(s string) (nanos int, rest string, ok bool) {
	if s == "" || s[0] != '.' {
		return 0, s, true
	}
	i := 1
	for ; i < len(s) && isDigit(s[i]); i++ {
		if i <= 9 {
			nanos = nanos*10 + int(s[i]-'0')
		}
	}
	if i == 1 {
		return 0, s, false
	}
	for n := min(i-1, 9); n < 9; n++ {
		nanos *= 10
	}
	return nanos, s[i:], true
}

// timeOffset reads a whole time-offset.
func timeOffset(s string) (time.Duration, bool) {
	if s == "Z" || s == "z" {
		return 0, true
	}
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return 0, false
	}
	hour, ok1 := digits(s[1:3])
	minute, ok2 := digits(s[4:6])
	if !ok1 || !ok2 || hour > 23 || minute > 59 {
		return 0, false
	}
	d := time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute
	if s[0] == '-' {
		d = -d
	}
	return d, true
}

// endOfMonth reports whether t, in UTC, is in the last minute of a month,
// where a leap second (read as second 59) may fall.
func endOfMonth(t time.Time) bool {
	return t.Hour() == 23 && t.Minute() == 59 && t.Day() == daysIn(t.Year(), int(t.Month()))
}

// daysIn is the number of days of a month (RFC 3339 section 5.7).
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// digits parses a string of ASCII digits only.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
