package main

import (
	"bufio"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

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
