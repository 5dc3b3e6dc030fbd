package exitcode

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Main is a command's main: it calls run with a context that SIGINT or
// SIGTERM cancels and the command line's arguments (without the program
// name), prints a returned error other than flag.ErrHelp to stderr as
// "name: error", and exits with Of(err, classes...).
func Main(name string, run func(ctx context.Context, args []string) error, classes ...Class) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, name+":", err)
	}
	os.Exit(Of(err, classes...))
}
