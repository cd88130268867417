package main

import (
	"bufio"
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

// server is a server process started by perf.
type server struct {
	cmd  *exec.Cmd
	url  string
	logf *os.File
}

// startServer runs bin listening on a free loopback port and waits until
// its /readyz answers 200.
func startServer(bin string, args, env []string, logPath string) (*server, error) {
	addr := freeAddr()
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
	s := &server{cmd: cmd, url: "http://" + addr, logf: lf}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) || cmd.ProcessState != nil {
			s.stop()
			return nil, fmt.Errorf("%s did not become ready; see %s", filepath.Base(bin), logPath)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// peakKB is the process's peak resident set size (VmHWM) in KiB.
func (s *server) peakKB() int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n
		}
	}
	return 0
}

func (s *server) stop() {
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

// freeAddr returns a loopback address with a port free right now.
func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// runCmdIn runs a command in directory dir, its output on our stderr.
func runCmdIn(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// serverURL is a MySQL URL without its database (to create it).
func serverURL(dbURL string) string {
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

// recreate empties the benchmark database: DROP and CREATE on MySQL, a
// new file on SQLite.
func recreate(dbURL string) error {
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
	db, err := database.Open(serverURL(dbURL))
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

// dbVersionOf names the database server and its version.
func dbVersionOf(dbURL string) (string, error) {
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

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func cpuModel() string {
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

// profiler fetches a CPU profile of the measured window of a run, then the
// allocation profile.
type profiler struct {
	addr, dir, name string
	done            chan error
}

func startProfile(addr, dir, name string, warmup, duration time.Duration) *profiler {
	p := &profiler{addr: addr, dir: dir, name: name, done: make(chan error, 1)}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.done <- err
		return p
	}
	go func() {
		time.Sleep(warmup)
		secs := max(1, int(duration.Seconds())-1)
		p.done <- fetch(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs), filepath.Join(dir, name+"-cpu.pprof"))
	}()
	return p
}

func (p *profiler) finish() error {
	if err := <-p.done; err != nil {
		return err
	}
	if err := fetch("http://"+p.addr+"/debug/pprof/allocs", filepath.Join(p.dir, p.name+"-allocs.pprof")); err != nil {
		return err
	}
	log.Printf("profiles of %s in %s", p.name, p.dir)
	return nil
}

func fetch(u, path string) error {
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

// cpuTicks is the user+system CPU time a process has used, in clock ticks
// (1/100 s on Linux), from /proc/PID/stat; 0 when unknown.
func cpuTicks(pid int) int64 {
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

// dbServerPID finds a local mariadbd or mysqld process, to measure the
// database's CPU time per request; 0 when there is none.
func dbServerPID() int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if err != nil {
			continue
		}
		if c := strings.TrimSpace(string(comm)); c == "mariadbd" || c == "mysqld" {
			return pid
		}
	}
	return 0
}
