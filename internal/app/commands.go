package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/go-sql-driver/mysql"

	"orgraph/internal/config"
	"orgraph/internal/database"
	"orgraph/internal/httpapi"
	"orgraph/internal/observe"
)

// process is what a command gets of the process: its name, environment
// and standard streams.
type process struct {
	name           string
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// A command is one subcommand of orgraph.
type command struct {
	name, synopsis, summary string
	run                     func(ctx context.Context, p *process, args []string) error
}

// commands are orgraph's subcommands, in the order -h lists them; the first
// (serve) runs when the arguments name none. (A function: serve's help
// lists the commands.)
func commands() []command {
	return []command{
		{"serve", "[serve] [flags]", "run the server (the default command; flags below)", runServe},
		{"createadmin", "createadmin -username NAME -email EMAIL", "create an admin; the password is read from standard input", runCreateAdmin},
		{"schema", "schema", "print the GraphQL schema as served (SDL)", runSchema},
		{"version", "version", "print the version and VCS revision of this build", runVersion},
	}
}

// Run runs the command in args (args[0] is the program name).
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	p := &process{name: "orgraph", getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	rest := args
	if len(args) > 0 {
		p.name, rest = args[0], args[1:]
	}
	cmd, rest, err := pick(rest)
	if err != nil {
		return fmt.Errorf("%w; run %s -h for the commands", err, p.name)
	}
	err = cmd.run(ctx, p, rest)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h: the help is written, and asking for it is no failure
	}
	return database.Explain(err)
}

// pick finds the command args name: none (flags or nothing) is serve, and
// "help" is serve's -h, which lists every command.
func pick(args []string) (*command, []string, error) {
	all := commands()
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return &all[0], args, nil
	}
	if args[0] == "help" {
		return &all[0], []string{"-h"}, nil
	}
	for i := range all {
		if all[i].name == args[0] {
			return &all[i], args[1:], nil
		}
	}
	return nil, nil, fmt.Errorf("unknown command %q", args[0])
}

// help is `orgraph -h`: the commands, then serve's flags.
func help(name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Orgraph, a GraphQL server for organizations, members and their work.\n\nUsage:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %s %-42s %s\n", name, c.synopsis, c.summary)
	}
	fmt.Fprintf(&b, "\nRun %s COMMAND -h for the flags of a command.\n\n", name)
	fmt.Fprintf(&b, "Flags of serve (each also read from the environment variable in parentheses; a flag wins):\n")
	return b.String()
}

func runServe(ctx context.Context, p *process, args []string) error {
	cfg, err := config.LoadWithHelp(p.name, help(p.name), args, p.getenv, p.stderr)
	if err != nil {
		return err
	}
	logger, err := observe.NewLogger(p.stderr, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		return err
	}
	routeDriverLogs(logger)
	return serve(ctx, cfg, logger, p.stdout)
}

func runCreateAdmin(ctx context.Context, p *process, args []string) error {
	logger := slog.New(slog.NewTextHandler(p.stderr, nil))
	routeDriverLogs(logger)
	return createAdmin(ctx, p.name, args, p.getenv, p.stdin, p.stdout, p.stderr, logger)
}

// routeDriverLogs sends the MySQL driver's messages to logger. The driver
// copies its logger into each connection's configuration: call it before
// opening the database.
func routeDriverLogs(logger *slog.Logger) {
	_ = mysql.SetLogger(observe.DriverLogger(logger, "mysql"))
}

// noArguments parses the flags of a command that takes none but -h.
func noArguments(p *process, cmd, usage string, args []string) error {
	fs := flag.NewFlagSet(p.name+" "+cmd, flag.ContinueOnError)
	fs.SetOutput(p.stderr)
	fs.Usage = func() { fmt.Fprintf(p.stderr, "Usage: %s %s\n\n%s\n", p.name, cmd, usage) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s takes no arguments, got %q", cmd, fs.Args())
	}
	return nil
}

func runSchema(_ context.Context, p *process, args []string) error {
	if err := noArguments(p, "schema", "Prints the GraphQL schema the server serves, as SDL: what introspection\nshows a client. docs/schema.graphql is this output, committed.", args); err != nil {
		return err
	}
	_, err := io.WriteString(p.stdout, httpapi.SchemaSDL())
	return err
}

func runVersion(_ context.Context, p *process, args []string) error {
	if err := noArguments(p, "version", "Prints the module version, the VCS revision and the Go version of this build.", args); err != nil {
		return err
	}
	_, err := io.WriteString(p.stdout, buildVersion())
	return err
}

// buildVersion describes this build from the information the Go toolchain
// stamps into the binary: the module version (a pseudo-version from the
// commit, "(devel)" when unknown), the commit, its time and whether the tree
// had uncommitted changes.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "version: unknown (no build information)\n"
	}
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	var b strings.Builder
	fmt.Fprintf(&b, "version: %s\n", info.Main.Version)
	if rev := vcs["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "revision: %s\nrevision time: %s\nmodified: %s\n", rev, vcs["vcs.time"], vcs["vcs.modified"])
	} else {
		fmt.Fprintf(&b, "revision: unknown (built without VCS information, e.g. by go run)\n")
	}
	fmt.Fprintf(&b, "go: %s\n", info.GoVersion)
	return b.String()
}
