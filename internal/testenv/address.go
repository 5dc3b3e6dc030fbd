package testenv

import (
	"net/url"
)

// Via returns the URL raw with its host:port replaced by addr (a fault
// proxy in front of the service). It panics on an unparsable URL: the
// tests' URLs are constants or the TEST_* variables.
func Via(raw, addr string) string {
	u := mustParse(raw)
	u.Host = addr
	return u.String()
}

// DatabaseURLVia returns DatabaseURL with its host:port replaced by addr.
func DatabaseURLVia(addr string) string { return Via(DatabaseURL(), addr) }

// PostgresHostPort is the test Postgres's host:port, the upstream of a
// fault proxy.
func PostgresHostPort() string { return mustParse(DatabaseURL()).Host }

// SQSHostPort is the emulator's host:port, the upstream of a fault proxy.
func SQSHostPort() string { return mustParse(SQSEndpoint()).Host }

func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic("testenv: bad URL " + raw + ": " + err.Error())
	}
	return u
}
