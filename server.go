// Command orgraph is the Orgraph GraphQL server.
//
//	orgraph [serve] [flags]                          serve (see -h)
//	orgraph createadmin -username NAME -email EMAIL  create an admin; password on stdin
//	orgraph schema                                   print the served GraphQL schema (SDL)
//	orgraph version                                  print the version and VCS revision
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"orgraph/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "orgraph:", err)
		os.Exit(1)
	}
}

// run is the whole program, with its environment passed in so that tests
// can start it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	return app.Run(ctx, args, getenv, stdin, stdout, stderr)
}
