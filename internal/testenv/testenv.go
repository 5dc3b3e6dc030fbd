// Package testenv gives tests the real services they run against: Postgres
// (a pool on the test database, or a database of the test's own) and the
// SQS emulator, with their addresses and fault proxies in front of them.
// When a service is missing the test is skipped, unless the CI environment
// variable is set, in which case it fails (Unavailable). It also holds the
// producers' test keys, the one list of goroutines leak checks ignore, and
// a concurrent log buffer. Building and running binaries, and creating
// databases outside tests, are internal/testbed's.
package testenv

import (
	"cmp"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// DatabaseURL is TEST_DATABASE_URL, or the local Postgres of the dev machine.
func DatabaseURL() string {
	return cmp.Or(os.Getenv("TEST_DATABASE_URL"), "postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
}

// SQSEndpoint is TEST_SQS_ENDPOINT, or the local SQS emulator.
func SQSEndpoint() string {
	return cmp.Or(os.Getenv("TEST_SQS_ENDPOINT"), "http://127.0.0.1:4566")
}

// Unavailable skips the test because what it needs (a service, a tool) is
// missing, or fails it when the CI environment variable is set: in CI every
// test runs.
func Unavailable(t testing.TB, what string, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is required in CI but unavailable: %v", what, err)
	}
	t.Skipf("%s unavailable (set CI=1 to fail instead): %v", what, err)
}

// SQSConfig returns an AWS config pointed at the emulator, with static credentials.
func SQSConfig(t testing.TB) aws.Config {
	t.Helper()
	if err := ping(SQSEndpoint()); err != nil {
		Unavailable(t, "sqs emulator", err)
	}
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(SQSEndpoint()),
	}
}

// SQS returns an SQS client on the emulator.
func SQS(t testing.TB) *sqs.Client {
	t.Helper()
	return sqs.NewFromConfig(SQSConfig(t))
}

// UniqueName returns a name unique to this test run, safe for queues and
// table names: lowercase letters, digits and '-'.
func UniqueName(t testing.TB, prefix string) string {
	t.Helper()
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(t.Name()))
	if len(name) > 30 {
		name = name[:30]
	}
	return fmt.Sprintf("%s-%s-%d", prefix, name, time.Now().UnixNano()%1_000_000_000)
}

func ping(endpoint string) error {
	client := http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(endpoint)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
