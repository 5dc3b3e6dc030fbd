package testenv

import (
	"testing"

	"go.uber.org/goleak"
)

// GoleakOptions is the one list of goroutines the leak checks ignore: those
// that libraries keep after the tests' own code returned, and that no test
// can stop.
//   - net/http's idle keep-alive connections of the AWS SDK clients and the
//     tests' HTTP clients (persistConn's read and write loops);
//   - pgxpool's health check, which a closed pool ends a moment later.
func GoleakOptions() []goleak.Option {
	return []goleak.Option{
		goleak.IgnoreAnyFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreAnyFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("github.com/jackc/pgx/v5/pgxpool.(*Pool).backgroundHealthCheck"),
	}
}

// CheckLeaks is a TestMain: it runs the package's tests, then fails the
// run if any goroutine they started is still running (goleak, ignoring
// GoleakOptions), and exits with the run's status. extra adds options, such
// as a goleak.Cleanup that removes what the TestMain made. Packages whose
// tests load the shipped schemas call SetProducerKeys first.
func CheckLeaks(m *testing.M, extra ...goleak.Option) {
	goleak.VerifyTestMain(m, append(GoleakOptions(), extra...)...)
}
