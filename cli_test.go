package main

import (
	"bufio"
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The CLI is tested on the binary itself: TestCLI builds it with `go build`
// into a temporary directory, then each subtest runs it as a user would.
func TestCLI(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "orgraph")
	// -buildvcs=auto: a git checkout stamps its revision, whatever GOFLAGS says.
	if out, err := exec.Command("go", "build", "-buildvcs=auto", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for name, test := range map[string]func(*testing.T, string){
		"help":                    cliHelp,
		"schema is committed":     cliSchemaIsCommitted,
		"apidoc is committed":     cliAPIDocIsCommitted,
		"version":                 cliVersion,
		"createadmin":             cliCreateAdmin,
		"unwritable SQLite path":  cliUnwritableSQLite,
		"missing MySQL database":  cliMissingMySQLDatabase,
		"metrics on METRICS_ADDR": cliMetricsAddr,
		"migrate":                 cliMigrate,
		"MIGRATE=off":             cliMigrateOff,
	} {
		t.Run(name, func(t *testing.T) { test(t, bin) })
	}
}

// ran is what one run of the binary did.
type ran struct {
	code           int
	stdout, stderr string
}

// runOrgraph runs the binary with args, in a fresh working directory,
// with only env (and PATH) in its environment and stdin as its input.
func runOrgraph(t *testing.T, bin string, env map[string]string, stdin string, args ...string) ran {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = t.TempDir()
	cmd.Env = environ(env)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := ran{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running %v: %v", args, err)
	}
	return r
}

func environ(env map[string]string) []string {
	out := []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

// -h (and help) list every command, then serve's flags; every command's -h
// exits 0 with its usage.
func cliHelp(t *testing.T, bin string) {
	commands := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(bin) + ` (\S+)`)
	for _, args := range [][]string{{"-h"}, {"-help"}, {"help"}, {"serve", "-h"}} {
		r := runOrgraph(t, bin, nil, "", args...)
		var listed []string
		for _, m := range commands.FindAllStringSubmatch(r.stderr, -1) {
			listed = append(listed, m[1])
		}
		if r.code != 0 || strings.Join(listed, " ") != "[serve] createadmin migrate schema apidoc version healthcheck" {
			t.Errorf("%v: exit %d, commands %q:\n%s", args, r.code, listed, r.stderr)
		}
		for _, flag := range []string{"-addr string", "-database-url string", "-log-format string", "-log-level string", "-metrics-addr string"} {
			if !strings.Contains(r.stderr, "\n  "+flag+"\n") {
				t.Errorf("%v: no %s in the help", args, flag)
			}
		}
	}
	for cmd, usage := range map[string]string{
		"createadmin": "Usage: " + bin + " createadmin -username NAME -email EMAIL [-database-url URL] < password-file\n",
		"migrate":     "Usage: " + bin + " migrate status|apply [-database-url URL] [-baseline VERSION]\n",
		"schema":      "Usage: " + bin + " schema\n",
		"apidoc":      "Usage: " + bin + " apidoc\n",
		"version":     "Usage: " + bin + " version\n",
		"healthcheck": "Usage: " + bin + " healthcheck [-url URL]\n",
	} {
		r := runOrgraph(t, bin, nil, "", cmd, "-h")
		if r.code != 0 || !strings.HasPrefix(r.stderr, usage) || r.stdout != "" {
			t.Errorf("%s -h: exit %d, stderr %q, stdout %q", cmd, r.code, r.stderr, r.stdout)
		}
	}
	if r := runOrgraph(t, bin, nil, "", "nope"); r.code != 1 || r.stderr != `orgraph: unknown command "nope"; run `+bin+" -h for the commands\n" {
		t.Errorf("an unknown command: exit %d, %q", r.code, r.stderr)
	}
	if r := runOrgraph(t, bin, nil, "", "schema", "extra"); r.code != 1 || r.stderr != "orgraph: schema takes no arguments, got [\"extra\"]\n" {
		t.Errorf("schema extra: exit %d, %q", r.code, r.stderr)
	}
}

// `orgraph schema` prints the served schema, which is committed as
// docs/schema.graphql: a schema change shows in review as a change of that
// file (regenerate it with `go run . schema > docs/schema.graphql`).
func cliSchemaIsCommitted(t *testing.T, bin string) {
	cliOutputIsCommitted(t, bin, "schema", "docs/schema.graphql")
}

// `orgraph apidoc` prints the API reference made from the schema's
// descriptions, committed as docs/API.md.
func cliAPIDocIsCommitted(t *testing.T, bin string) {
	cliOutputIsCommitted(t, bin, "apidoc", "docs/API.md")
}

func cliOutputIsCommitted(t *testing.T, bin, cmd, file string) {
	r := runOrgraph(t, bin, nil, "", cmd)
	committed, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("%s: exit %d, %s", cmd, r.code, r.stderr)
	}
	if r.stdout != string(committed) {
		t.Fatalf("%s is not the output of `orgraph %s`: run `go generate ./...` (%d bytes printed, %d committed)", file, cmd, len(r.stdout), len(committed))
	}
}

// `orgraph version` reports what the toolchain stamped into the binary,
// as `go version -m` reads it, and the commit checked out when there is one.
func cliVersion(t *testing.T, bin string) {
	r := runOrgraph(t, bin, nil, "", "version")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("version: exit %d, %s", r.code, r.stderr)
	}
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	stamped := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "mod":
			stamped["version"] = f[2]
		case len(f) == 2 && f[0] == "build" && strings.HasPrefix(f[1], "vcs."):
			k, v, _ := strings.Cut(f[1], "=")
			stamped[k] = v
		}
	}
	want := "version: " + stamped["version"] + "\n"
	if rev := stamped["vcs.revision"]; rev != "" {
		want += "revision: " + rev + "\nrevision time: " + stamped["vcs.time"] + "\nmodified: " + stamped["vcs.modified"] + "\n"
		if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil && strings.TrimSpace(string(head)) != rev {
			t.Errorf("stamped revision %s, checked out %s", rev, head)
		}
	} else {
		// A build outside a git checkout, or with -buildvcs=false (a git
		// worktree too: the go command looks for a .git directory).
		want += "revision: unknown (built without VCS information, e.g. by go run)\n"
	}
	want += "go: " + runtime.Version() + "\n"
	if r.stdout != want {
		t.Errorf("version:\n%s\nwant\n%s", r.stdout, want)
	}
}

// No Docker engine runs where the tests run, so the image itself is not
// built here. What the image depends on is: the Dockerfile's build command
// gives a static binary (the final base has no C library), the container's
// settings (non-root user, /data volume, HEALTHCHECK), and the healthcheck
// command answering for a server started with the image's environment.
func TestContainerImage(t *testing.T) {
	build, lines := dockerfile(t)
	for _, want := range []string{"USER 65532:65532", `VOLUME ["/data"]`, "ENV DATABASE_URL=sqlite:///data/orgraph.db",
		`CMD ["/usr/local/bin/orgraph", "healthcheck"]`, "COPY --from=build --chown=65532:65532 /out/data /data"} {
		if !strings.Contains(lines, want) {
			t.Errorf("the Dockerfile has no %q", want)
		}
	}

	// The Dockerfile's own build command, with its output here.
	bin := filepath.Join(t.TempDir(), "orgraph")
	args := strings.Fields(strings.Replace(build, "-o /out/orgraph", "-o "+bin, 1))
	cmd := exec.Command(args[1], args[2:]...)
	cmd.Env = append(os.Environ(), args[0]) // CGO_ENABLED=0
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Fatalf("the binary asks for a dynamic loader: not static")
		}
	}
	f.Close()

	// The server as the image starts it (its ENV, a /data of its own), then
	// its healthcheck while it runs and after it stopped.
	data := t.TempDir()
	addr := freeAddr(t)
	env := map[string]string{"DATABASE_URL": "sqlite://" + filepath.Join(data, "orgraph.db"), "ADDR": addr}
	server := exec.Command(bin)
	server.Env = environ(env)
	server.Dir = t.TempDir()
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			_ = server.Process.Kill()
			_ = server.Wait()
		}
	}()
	healthy := func() ran { return runOrgraph(t, bin, map[string]string{"ADDR": addr}, "", "healthcheck") }
	var r ran
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if r = healthy(); r.code == 0 {
			break
		}
	}
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("healthcheck of a running server: exit %d, %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "orgraph.db")); err != nil {
		t.Errorf("the database is not on the volume: %v", err)
	}
	_ = server.Process.Signal(os.Interrupt)
	_ = server.Wait()
	stopped = true
	if r = healthy(); r.code != 1 || !strings.Contains(r.stderr, "connection refused") {
		t.Errorf("healthcheck with no server: exit %d, %q; want 1 and the reason", r.code, r.stderr)
	}
}

// dockerfile returns the build stage's `go build` command and the whole
// file with continuation lines joined.
func dockerfile(t *testing.T) (build, joined string) {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		if s, ok := strings.CutSuffix(line, "\\"); ok {
			b.WriteString(strings.TrimSpace(s) + " ")
			continue
		}
		b.WriteString(strings.TrimSpace(line) + "\n")
	}
	joined = regexp.MustCompile(` +`).ReplaceAllString(b.String(), " ")
	m := regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build [^&\n]*?)( &&.*)?$`).FindStringSubmatch(joined)
	if m == nil {
		t.Fatal("the Dockerfile has no `RUN CGO_ENABLED=0 go build` line")
	}
	return strings.TrimSpace(m[1]), joined
}
