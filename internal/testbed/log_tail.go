package testbed

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// logTailBytes bounds how much of a log LogTail reads: its last 64 KiB.
const logTailBytes = 64 << 10

// LogTail is the last n lines of the process's log, read from the log's
// last 64 KiB; a note instead when the log cannot be read.
func (p *Process) LogTail(n int) string {
	f, err := os.Open(p.logPath)
	if err != nil {
		return fmt.Sprintf("(log unreadable: %v)", err)
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.Size() > logTailBytes {
		_, _ = f.Seek(info.Size()-logTailBytes, io.SeekStart)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return fmt.Sprintf("(log unreadable: %v)", err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
