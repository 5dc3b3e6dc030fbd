// Package testenv gives tests the real services they run against: Postgres and
// the SQS emulator. When a service is missing the test is skipped, unless the
// CI environment variable is set, in which case it fails.
package testenv

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DatabaseURL is TEST_DATABASE_URL, or the local Postgres of the dev machine.
func DatabaseURL() string {
	return cmp.Or(os.Getenv("TEST_DATABASE_URL"), "postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
}

// SQSEndpoint is TEST_SQS_ENDPOINT, or the local SQS emulator.
func SQSEndpoint() string {
	return cmp.Or(os.Getenv("TEST_SQS_ENDPOINT"), "http://127.0.0.1:4566")
}

// unavailable skips the test, or fails it when running in CI.
func unavailable(t testing.TB, service string, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is required in CI but unavailable: %v", service, err)
	}
	t.Skipf("%s unavailable (set CI=1 to fail instead): %v", service, err)
}

// Postgres returns a pool on the test database, closed when the test ends.
func Postgres(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pool, err := pgxpool.New(ctx, DatabaseURL())
	if err == nil {
		err = pool.Ping(ctx)
	}
	if err != nil {
		unavailable(t, "postgres", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// SQSConfig returns an AWS config pointed at the emulator, with static credentials.
func SQSConfig(t testing.TB) aws.Config {
	t.Helper()
	if err := ping(SQSEndpoint()); err != nil {
		unavailable(t, "sqs emulator", err)
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
