package main

// The soak's own MariaDB server: a fresh data directory under the work
// directory and a free loopback port, so that restarting it disturbs no
// other database of the machine.

import (
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"orgraph/bench/proc"
	"orgraph/internal/database"
)

type mariaDB struct {
	dir, port string
	cmd       *exec.Cmd
	exited    chan struct{}
}

// installMariaDB creates an empty data directory in dir.
func installMariaDB(dir string) (*mariaDB, error) {
	data := filepath.Join(dir, "data")
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "install.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command("mariadb-install-db", "--no-defaults", "--datadir="+data, "--user="+userName(),
		"--auth-root-authentication-method=normal", "--skip-test-db")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("mariadb-install-db: %w (see %s)", err, logf.Name())
	}
	_, port, _ := net.SplitHostPort(proc.FreeAddr())
	return &mariaDB{dir: dir, port: port}, nil
}

func userName() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return strconv.Itoa(os.Getuid())
}

// URL is the soak database on this server. --skip-grant-tables: any user
// and no password.
func (m *mariaDB) URL() string { return "mysql://root@127.0.0.1:" + m.port + "/soak" }

// Start runs mariadbd and waits until it answers.
func (m *mariaDB) Start() error {
	logf, err := os.OpenFile(filepath.Join(m.dir, "mariadbd.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	m.cmd = exec.Command("mariadbd", "--no-defaults", "--datadir="+filepath.Join(m.dir, "data"),
		"--socket="+filepath.Join(m.dir, "sock"), "--pid-file="+filepath.Join(m.dir, "pid"),
		"--port="+m.port, "--bind-address=127.0.0.1", "--skip-grant-tables", "--skip-name-resolve",
		"--user="+userName(), "--innodb-buffer-pool-size=64M", "--skip-log-bin")
	m.cmd.Stdout, m.cmd.Stderr = logf, logf
	if err := m.cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	m.exited = make(chan struct{})
	go func() { _ = m.cmd.Wait(); logf.Close(); close(m.exited) }()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-m.exited:
			return errors.New("mariadbd exited; see " + logf.Name())
		case <-time.After(100 * time.Millisecond):
		}
		if db, err := database.Open("mysql://root@127.0.0.1:" + m.port + "/mysql"); err == nil {
			err = db.SQL.Ping()
			db.Close()
			if err == nil {
				return nil
			}
		}
	}
	m.Stop()
	return errors.New("mariadbd did not answer within a minute")
}

// Stop sends SIGTERM (a clean shutdown) and waits, SIGKILL after a minute.
func (m *mariaDB) Stop() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.exited:
	case <-time.After(time.Minute):
		log.Printf("mariadbd did not stop within a minute: SIGKILL")
		_ = m.cmd.Process.Kill()
		<-m.exited
	}
	m.cmd = nil
}

// createDatabase creates the soak database on the server of serverURL.
func createDatabase(serverURL string) error {
	db, err := database.Open(serverURL)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.SQL.Exec("CREATE DATABASE soak CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
	return err
}
