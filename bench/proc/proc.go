// Package proc starts and watches the server processes that the benchmark
// commands measure (Orgraph, the floor) and prepares their databases.
package proc

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"orgraph/internal/database"
)

// Server is a server process started by a benchmark command.
type Server struct {
	cmd  *exec.Cmd
	URL  string
	logf *os.File
}

// Start runs bin listening on a free loopback port and waits until
// its /readyz answers 200.
func Start(bin string, args, env []string, logPath string) (*Server, error) {
	addr := FreeAddr()
	lf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, append(args, "-addr", addr)...)
	cmd.Env = append(append(os.Environ(), env...), "ADDR="+addr)
	cmd.Stdout, cmd.Stderr = lf, lf
	if err := cmd.Start(); err != nil {
		lf.Close()
		return nil, err
	}
	s := &Server{cmd: cmd, URL: "http://" + addr, logf: lf}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(s.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			s.Stop()
			return nil, fmt.Errorf("%s did not become ready; see %s", filepath.Base(bin), logPath)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// PeakKB is the process's peak resident set size (VmHWM) in KiB.
func (s *Server) PeakKB() int { return statusKB(s.PID(), "VmHWM:") }

// statusKB reads one "kB" line of /proc/PID/status.
func statusKB(pid int, key string) int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n
		}
	}
	return 0
}

// PID is the process's ID.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// RSSKB is a process's resident set size (VmRSS) in KiB; 0 when unknown.
func RSSKB(pid int) int { return statusKB(pid, "VmRSS:") }

// Stop ends the process (SIGTERM, then SIGKILL after 20 s) and waits for it.
func (s *Server) Stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
	s.logf.Close()
}

// FreeAddr returns a loopback address with a port free right now.
func FreeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// RunIn runs a command in directory dir, its output on our stderr.
func RunIn(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// ServerURL is a MySQL URL without its database (to create it).
func ServerURL(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return dbURL
	}
	u.Path = "/mysql"
	return u.String()
}

func dbName(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

// Recreate empties the benchmark database: DROP and CREATE on MySQL, a
// new file on SQLite.
func Recreate(dbURL string) error {
	if path, ok := strings.CutPrefix(dbURL, "sqlite://"); ok {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(path + suffix); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
		return nil
	}
	name := dbName(dbURL)
	if name == "" || strings.ContainsAny(name, "`; ") {
		return fmt.Errorf("-mysql-url needs a plain database name")
	}
	db, err := database.Open(ServerURL(dbURL))
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range []string{
		"DROP DATABASE IF EXISTS `" + name + "`",
		"CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
	} {
		if _, err := db.SQL.Exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// DBVersion names the database server and its version.
func DBVersion(dbURL string) (string, error) {
	db, err := database.Open(dbURL)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var v string
	if strings.HasPrefix(dbURL, "sqlite") {
		err = db.SQL.QueryRow("SELECT sqlite_version()").Scan(&v)
		return "SQLite " + v, err
	}
	err = db.SQL.QueryRow("SELECT VERSION()").Scan(&v)
	if strings.Contains(strings.ToLower(v), "mariadb") {
		return "MariaDB " + v, err
	}
	return "MySQL " + v, err
}

// EnsureBufferPool makes MariaDB's (or MySQL's) InnoDB buffer pool at
// least bytes large and returns a function that puts the old size back.
// The size is dynamic (SET GLOBAL); the server resizes in the background,
// which this waits for. A pool smaller than the data measures the disk
// cache rather than the queries: with the default 128 MiB, the standard
// data (about 360 MB) and ten times it (about 950 MB) evict each other's
// pages when their runs alternate.
func EnsureBufferPool(dbURL string, bytes int64) (was int64, restore func(), err error) {
	db, err := database.Open(dbURL)
	if err != nil {
		return 0, nil, err
	}
	defer db.Close()
	if err := db.SQL.QueryRow("SELECT @@innodb_buffer_pool_size").Scan(&was); err != nil {
		return 0, nil, err
	}
	set := func(n int64) error {
		db, err := database.Open(dbURL)
		if err != nil {
			return err
		}
		defer db.Close()
		if _, err := db.SQL.Exec(fmt.Sprintf("SET GLOBAL innodb_buffer_pool_size = %d", n)); err != nil {
			return err
		}
		time.Sleep(time.Second) // the status may still tell of an earlier resize
		// The resize runs in the background; its status says when it is
		// done ("Completed resizing buffer pool at ..." on MariaDB).
		for range 600 {
			var name, status string
			if err := db.SQL.QueryRow("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'").Scan(&name, &status); err != nil {
				return err
			}
			if status == "" || strings.HasPrefix(status, "Completed") {
				return nil
			}
			time.Sleep(100 * time.Millisecond)
		}
		return fmt.Errorf("the buffer pool is still resizing after a minute")
	}
	if was >= bytes {
		return was, func() {}, nil
	}
	if err := set(bytes); err != nil {
		return was, nil, err
	}
	return was, func() { _ = set(was) }, nil
}

// StringRows reads every row of rows (an EXPLAIN, say) as strings, NULL
// as "", and closes rows.
func StringRows(rows *sql.Rows) (cols []string, table [][]string, err error) {
	defer rows.Close()
	if cols, err = rows.Columns(); err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return cols, table, err
		}
		line := make([]string, len(vals))
		for i, v := range vals {
			line[i] = v.String
		}
		table = append(table, line)
	}
	return cols, table, rows.Err()
}

// CPUTicks is the user+system CPU time a process has used, in clock ticks
// (1/100 s on Linux), from /proc/PID/stat; 0 when unknown.
func CPUTicks(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which is in parentheses).
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return u + st
}

// DBServerPID finds the local mariadbd or mysqld process that serves
// dbURL, to measure the database's CPU time per request; 0 when it is not
// a local process. The server names its own pid file (@@pid_file), so
// another local server (a test's, a soak run's) is never taken for it.
func DBServerPID(dbURL string) int {
	db, err := database.Open(dbURL)
	if err != nil {
		return 0
	}
	defer db.Close()
	var pidFile string
	if err := db.SQL.QueryRow("SELECT @@pid_file").Scan(&pidFile); err != nil {
		return 0
	}
	raw, err := os.ReadFile(pidFile)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		return 0
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if c := strings.TrimSpace(string(comm)); err != nil || (c != "mariadbd" && c != "mysqld") {
		return 0
	}
	return pid
}

// ProductRoot is the product module's directory, seen from bench/ (where
// the benchmark commands run).
const ProductRoot = ".."

// BuildOrgraph compiles the work tree's Orgraph into out, in its own module
// (its go.mod alone decides its dependencies).
func BuildOrgraph(out string) error {
	log.Printf("(cd %s && go build -o %s .)", ProductRoot, out)
	return RunIn(ProductRoot, "go", "build", "-o", out, ".")
}

// DatabaseURL is the database of a command's -db flag: mysqlURL for
// "mysql", the SQLite file sqlitePath for "sqlite".
func DatabaseURL(db, mysqlURL, sqlitePath string) (string, error) {
	switch db {
	case "mysql":
		return mysqlURL, nil
	case "sqlite":
		return "sqlite://" + sqlitePath, nil
	}
	return "", fmt.Errorf("-db: want mysql or sqlite, got %q", db)
}

// CountInstructions starts `perf stat -e instructions` on the process pid
// (Debian's linux-perf); the function it returns stops it and gives the
// instructions counted, 0 when perf is missing or the machine does not
// count them.
func CountInstructions(pid int) (stop func() int64) {
	var out strings.Builder
	cmd := exec.Command("perf", "stat", "-x,", "-e", "instructions", "-p", strconv.Itoa(pid))
	cmd.Stderr = &out
	if pid <= 0 || cmd.Start() != nil {
		return func() int64 { return 0 }
	}
	return func() int64 {
		_ = cmd.Process.Signal(syscall.SIGINT)
		_ = cmd.Wait()
		for _, line := range strings.Split(out.String(), "\n") {
			if f := strings.Split(line, ","); len(f) > 2 && strings.HasPrefix(f[2], "instructions") {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
		return 0
	}
}

// CPUModel is the machine's processor ("model name" of /proc/cpuinfo).
func CPUModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// Download saves the answer of a GET of u (a profile, say) into path.
func Download(u, path string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", u, resp.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}

// WriteBetweenMarkers replaces the part of the file at path between the
// lines begin and end (a command's report in a doc), keeping the rest.
func WriteBetweenMarkers(path, begin, end, md string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(raw)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		return fmt.Errorf("%s: no %s ... %s markers", path, begin, end)
	}
	return os.WriteFile(path, []byte(s[:i+len(begin)]+"\n"+md+s[j:]), 0o644)
}
