package harness

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventmesh/processor/internal/testbed"
	"github.com/eventmesh/processor/internal/testenv"
)

// Cluster is a throwaway Postgres cluster of the test's own, in a temporary
// directory on a free port: a test may restart or stop it without disturbing
// the other tests, which share the machine's Postgres.
type Cluster struct {
	t    testing.TB
	bin  string
	dir  string
	port int
}

// StartCluster initdb's and starts a cluster, stopped and removed when the
// test ends. It needs PostgreSQL's server binaries (initdb, pg_ctl); as root
// it runs them as the postgres user.
func StartCluster(t testing.TB) *Cluster {
	t.Helper()
	bin, err := postgresBin()
	if err != nil {
		testenv.Unavailable(t, "PostgreSQL server binaries", err)
	}
	dir, err := os.MkdirTemp("", "pgcluster-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	c := &Cluster{t: t, bin: bin, dir: dir}
	addr, err := testbed.FreeAddr()
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := strings.Cut(addr, ":")
	c.port, _ = strconv.Atoi(port)
	if err := c.chown(); err != nil {
		t.Fatalf("hand %s to postgres: %v", dir, err)
	}
	c.run("initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
	c.pgctl("start")
	t.Cleanup(func() { c.pgctlQuiet("stop", "-m", "immediate") })
	return c
}

// URL is the connection string of database postgres of the cluster.
func (c *Cluster) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// Addr is the cluster's host:port.
func (c *Cluster) Addr() string { return fmt.Sprintf("127.0.0.1:%d", c.port) }

// Pool returns a pool on the cluster, closed when the test ends.
func (c *Cluster) Pool() *pgxpool.Pool {
	return testenv.Connect(c.t, c.URL())
}

// Restart stops the cluster the hard way (immediate shutdown: every
// connection is cut, recovery runs at start) and starts it again.
func (c *Cluster) Restart() time.Duration {
	start := time.Now()
	c.pgctl("stop", "-m", "immediate")
	c.pgctl("start")
	return time.Since(start)
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *Cluster) pgctl(args ...string) {
	c.t.Helper()
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -k %s -c max_connections=200 -c fsync=on", c.port, c.dir)
	args = append(args, "-D", c.data(), "-w", "-t", "60", "-l", filepath.Join(c.dir, "server.log"), "-o", opts)
	c.run("pg_ctl", args...)
}

func (c *Cluster) pgctlQuiet(args ...string) {
	cmd := c.command("pg_ctl", append(args, "-D", c.data(), "-w")...)
	_ = cmd.Run()
}

func (c *Cluster) run(tool string, args ...string) {
	c.t.Helper()
	out, err := c.command(tool, args...).CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		c.t.Fatalf("%s %v: %v\n%s\n%s", tool, args, err, out, log)
	}
}

func (c *Cluster) command(tool string, args ...string) *exec.Cmd {
	path := filepath.Join(c.bin, tool)
	if os.Geteuid() == 0 {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (c *Cluster) chown() error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(c.dir, uid, gid)
}

// postgresBin finds the directory of initdb and pg_ctl: PG_BIN_DIR, else the
// newest /usr/lib/postgresql/<version>/bin.
func postgresBin() (string, error) {
	if dir := os.Getenv("PG_BIN_DIR"); dir != "" {
		return dir, nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return version(b) - version(a) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("no initdb under /usr/lib/postgresql/*/bin (set PG_BIN_DIR)")
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}
