package observe_test

import (
	"log"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"orgraph/internal/database"
	"orgraph/internal/observe"
	"orgraph/internal/testserver"
)

// The MySQL driver's own messages go through slog: a connection the server
// closed while idle (wait_timeout) is logged by the driver when the pool
// reuses it, as one JSON warning naming the driver (MariaDB only).
func TestMySQLDriverLogsThroughSlog(t *testing.T) {
	base := os.Getenv(testserver.EnvDatabaseURL)
	if !strings.HasPrefix(base, "mysql://") {
		t.Skip("needs MariaDB: set " + testserver.EnvDatabaseURL)
	}
	var logs testserver.SyncBuffer
	logger, err := observe.NewLogger(&logs, "json", 0)
	if err != nil {
		t.Fatal(err)
	}
	// The driver copies its logger into each connector: set it before
	// opening, as the program does.
	if err := mysql.SetLogger(observe.DriverLogger(logger, "mysql")); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mysql.SetLogger(log.New(os.Stderr, "[mysql] ", log.Ldate|log.Ltime)) })
	db, err := database.Open(base + "?wait_timeout=1")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SQL.Ping(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // the server drops the idle connection after 1 s
	if err := db.SQL.Ping(); err != nil {
		t.Fatal(err) // the pool retries on a new connection
	}
	lines := logLines(t, logs.String())
	if len(lines) == 0 {
		t.Fatal("the driver logged nothing")
	}
	if msg, _ := lines[0]["msg"].(string); !strings.HasPrefix(msg, "closing bad idle connection: ") {
		t.Errorf("first driver line: %v", lines[0])
	}
	for _, l := range lines {
		if at, _ := l["at"].(string); l["level"] != "WARN" || l["driver"] != "mysql" || !strings.Contains(at, ".go:") || len(l) != 5 {
			t.Errorf("driver line: %v", l)
		}
	}
}
