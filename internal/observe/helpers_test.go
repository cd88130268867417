package observe_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

// jsonLogs starts the real handler with LOG_FORMAT=json (and LOG_LEVEL
// level) on a fresh database.
func jsonLogs(t *testing.T, level string) *testserver.Server {
	t.Helper()
	return testserver.New(t, func(c *config.Config) {
		c.LogFormat = "json"
		if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
			t.Fatal(err)
		}
	})
}

// logLines are the JSON log lines of logs.
func logLines(t *testing.T, logs string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("a log line is not JSON: %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// accessLine is the access line of the request with id, without its time
// and duration (checked for presence and type, then dropped).
func accessLine(t *testing.T, s *testserver.Server, id string) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, l := range logLines(t, s.Logs.String()) {
		if l["msg"] == "request" && l["request_id"] == id {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d access lines for request %s, want 1:\n%s", len(found), id, s.Logs.String())
	}
	l := found[0]
	if _, ok := l["time"].(string); !ok {
		t.Errorf("access line without time: %v", l)
	}
	if d, ok := l["duration_ms"].(float64); !ok || d < 0 {
		t.Errorf("access line without a duration: %v", l)
	}
	delete(l, "time")
	delete(l, "duration_ms")
	return l
}

// send makes one HTTP request to the server and returns the answer with
// its body read.
func send(t *testing.T, s *testserver.Server, method, path, contentType, body string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(raw)
}

// graphQL posts a GraphQL document with variables, a bearer token (if any)
// and an X-Request-ID (if any).
func graphQL(t *testing.T, s *testserver.Server, id, token, doc string, vars map[string]any) (*http.Response, string) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": doc, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	if id != "" {
		h.Set("X-Request-ID", id)
	}
	if token != "" {
		h.Set("Authorization", "Bearer "+token)
	}
	return send(t, s, http.MethodPost, "/query", "application/json", string(body), h)
}

// scrape is the server's /metrics page.
func scrape(t *testing.T, s *testserver.Server) string {
	t.Helper()
	rec := httptest.NewRecorder()
	s.Metrics.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: status %d", rec.Code)
	}
	return rec.Body.String()
}

// series are the lines of page that start with name{ or name (one sample
// each), in order.
func series(page, name string) []string {
	var out []string
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, name+"{") || strings.HasPrefix(line, name+" ") {
			out = append(out, line)
		}
	}
	return out
}
