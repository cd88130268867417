package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"orgraph/internal/database"
	"orgraph/internal/testserver"
)

// mysqlBase is ORGRAPH_TEST_DATABASE_URL when it names MariaDB, else "".
func mysqlBase() string {
	if base := os.Getenv(testserver.EnvDatabaseURL); strings.HasPrefix(base, "mysql://") {
		return base
	}
	return ""
}

// mysqlDatabase is the URL of base with the database name replaced.
func mysqlDatabase(t *testing.T, base, name string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// databases are the DATABASE_URLs a CLI test runs on: a SQLite file in a
// temporary directory, and a fresh MariaDB database (dropped afterwards)
// when ORGRAPH_TEST_DATABASE_URL names one.
func databases(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{"sqlite": "sqlite://" + filepath.Join(t.TempDir(), "orgraph.db")}
	base := mysqlBase()
	if base == "" {
		return out
	}
	admin, err := database.Open(base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	name := randomName("orgraph_cli_")
	if _, err := admin.SQL.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = admin.SQL.Exec("DROP DATABASE " + name) })
	out["mariadb"] = mysqlDatabase(t, base, name)
	return out
}

// waitReady waits for /readyz of the server on addr to answer 200.
func waitReady(t *testing.T, addr string) {
	t.Helper()
	testserver.WaitFor(t, "the server's /readyz", func() bool {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == http.StatusOK
	})
}

// lastLine is the last line of text.
func lastLine(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	return lines[len(lines)-1]
}

func cliCreateAdmin(t *testing.T, bin string) {
	for kind, dbURL := range databases(t) {
		env := map[string]string{"DATABASE_URL": dbURL}
		r := runOrgraph(t, bin, env, "a long admin password\n", "createadmin", "-username", "root", "-email", "root@example.com")
		if r.code != 0 || !regexp.MustCompile(`^created admin root \(id \d+\)\n$`).MatchString(r.stdout) || r.stderr != "" {
			t.Errorf("%s: createadmin: exit %d, stdout %q, stderr %q", kind, r.code, r.stdout, r.stderr)
		}
		r = runOrgraph(t, bin, env, "a long admin password\n", "createadmin", "-username", "root")
		if r.code != 1 || r.stderr != "orgraph: createadmin needs -username and -email; the password is read from standard input\n" {
			t.Errorf("%s: createadmin without -email: exit %d, %q", kind, r.code, r.stderr)
		}
	}
}

// A SQLite path that cannot be written is named, with the reason, by every
// command that opens the database.
func cliUnwritableSQLite(t *testing.T, bin string) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		filepath.Join(dir, "missing", "orgraph.db"): "no such file or directory",
		filepath.Join(file, "orgraph.db"):           "not a directory",
	}
	if os.Geteuid() != 0 { // root writes anywhere
		readOnly := filepath.Join(dir, "read-only")
		if err := os.Mkdir(readOnly, 0o555); err != nil {
			t.Fatal(err)
		}
		cases[filepath.Join(readOnly, "orgraph.db")] = "permission denied"
	}
	for path, reason := range cases {
		want := "orgraph: DATABASE_URL: cannot create or write the SQLite database " + path + ": " + reason + " (its directory must exist and be writable)"
		env := map[string]string{"DATABASE_URL": "sqlite://" + path, "ADDR": "127.0.0.1:0"}
		for _, args := range [][]string{{}, {"createadmin", "-username", "root", "-email", "root@example.com"}} {
			r := runOrgraph(t, bin, env, "a long admin password\n", args...)
			if r.code != 1 || lastLine(r.stderr) != want {
				t.Errorf("%v on %s: exit %d, last line %q\nwant %q", args, path, r.code, lastLine(r.stderr), want)
			}
		}
	}
}

// A MariaDB database that does not exist is named, with the statement that
// creates it.
func cliMissingMySQLDatabase(t *testing.T, bin string) {
	base := mysqlBase()
	if base == "" {
		t.Skip("needs MariaDB: set " + testserver.EnvDatabaseURL)
	}
	name := randomName("orgraph_missing_")
	env := map[string]string{"DATABASE_URL": mysqlDatabase(t, base, name), "ADDR": "127.0.0.1:0"}
	want := "orgraph: the database \"" + name + "\" of DATABASE_URL does not exist on its server; create it with\n\n" +
		"    CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n\n" +
		"(Orgraph creates the tables, not the database)\n"
	for _, args := range [][]string{{}, {"createadmin", "-username", "root", "-email", "root@example.com"}} {
		r := runOrgraph(t, bin, env, "a long admin password\n", args...)
		if r.code != 1 || !strings.HasSuffix(r.stderr, want) {
			t.Errorf("%v: exit %d, stderr %q\nwant it to end with %q", args, r.code, r.stderr, want)
		}
	}
}

// METRICS_ADDR serves /metrics on a listener of its own (never on the
// API's), counting the requests the API answered; LOG_FORMAT=json writes
// their access lines as JSON; SIGINT stops the server cleanly.
func cliMetricsAddr(t *testing.T, bin string) {
	for kind, dbURL := range databases(t) {
		api, metrics := freeAddr(t), freeAddr(t)
		cmd := exec.Command(bin)
		cmd.Dir = t.TempDir()
		cmd.Env = environ(map[string]string{"DATABASE_URL": dbURL, "ADDR": api, "METRICS_ADDR": metrics, "LOG_FORMAT": "json"})
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		waitReady(t, api)
		req, _ := http.NewRequest(http.MethodPost, "http://"+api+"/query", strings.NewReader(`{"query":"query Ping { __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Request-ID", "cli-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("X-Request-Id") != "cli-1" {
			t.Errorf("%s: X-Request-Id %q", kind, resp.Header.Get("X-Request-Id"))
		}
		page := httpGet(t, "http://"+metrics+"/metrics", http.StatusOK)
		if !strings.Contains(page, "\n"+`orgraph_graphql_requests_total{code="OK",operation="Ping"} 1`+"\n") || !strings.Contains(page, "\ngo_sql_max_open_connections{") {
			t.Errorf("%s: /metrics on METRICS_ADDR:\n%s", kind, page)
		}
		httpGet(t, "http://"+api+"/metrics", http.StatusNotFound)

		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: exit: %v\n%s", kind, err, stderr.String())
			}
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("%s: no exit after SIGINT", kind)
		}
		access := 0
		for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
			var l map[string]any
			if err := json.Unmarshal([]byte(line), &l); err != nil {
				t.Errorf("%s: a log line is not JSON: %q", kind, line)
			}
			if l["msg"] == "request" && l["request_id"] == "cli-1" && l["operation"] == "Ping" && l["status"] == 200.0 {
				access++
			}
		}
		if access != 1 {
			t.Errorf("%s: %d access lines of the request, want 1:\n%s", kind, access, stderr.String())
		}
	}
}

// httpGet fetches url, wants status, and returns the body.
func httpGet(t *testing.T, url string, status int) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Errorf("GET %s: %d, want %d", url, resp.StatusCode, status)
	}
	return string(body)
}
