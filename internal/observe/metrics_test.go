package observe_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/observe"
	"orgraph/internal/testserver"
)

// After a few requests, /metrics counts exactly those to POST /query, by
// operation and outcome, with their latency; and shows the database pool,
// the Go runtime and the process.
func TestMetricsAfterRequests(t *testing.T) {
	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser) // signs in: one anonymous mutation
	graphQL(t, s, "", alice.Token, `query Me { me { id } }`, nil)
	graphQL(t, s, "", alice.Token, `query Me { me { username } }`, nil)
	graphQL(t, s, "", alice.Token, `{ organization(slug: "nope") { id } }`, nil)
	graphQL(t, s, "", "", `{ me {`, nil)
	send(t, s, http.MethodPost, "/query", "text/plain", `{"query":"{ me { id } }"}`, nil)
	send(t, s, http.MethodGet, "/query", "", "", nil)
	send(t, s, http.MethodGet, "/healthz", "", "", nil)           // not GraphQL: not counted
	send(t, s, http.MethodOptions, "/query", "", "", http.Header{ // a CORS preflight: not counted
		"Origin": {"https://app.example"}, "Access-Control-Request-Method": {"POST"}})
	page := scrape(t, s)

	want := []string{
		`orgraph_graphql_requests_total{code="BAD_USER_INPUT",operation="none"} 2`,
		`orgraph_graphql_requests_total{code="GRAPHQL_PARSE_FAILED",operation="none"} 1`,
		`orgraph_graphql_requests_total{code="NOT_FOUND",operation="anonymous"} 1`,
		`orgraph_graphql_requests_total{code="OK",operation="Me"} 2`,
		`orgraph_graphql_requests_total{code="OK",operation="anonymous"} 1`,
	}
	if got := series(page, "orgraph_graphql_requests_total"); !reflect.DeepEqual(got, want) {
		t.Errorf("requests:\n got %q\nwant %q", got, want)
	}
	want = []string{
		`orgraph_graphql_request_duration_seconds_count{operation="Me"} 2`,
		`orgraph_graphql_request_duration_seconds_count{operation="anonymous"} 2`,
		`orgraph_graphql_request_duration_seconds_count{operation="none"} 3`,
	}
	if got := series(page, "orgraph_graphql_request_duration_seconds_count"); !reflect.DeepEqual(got, want) {
		t.Errorf("latency counts:\n got %q\nwant %q", got, want)
	}
	var buckets []string
	for _, line := range series(page, "orgraph_graphql_request_duration_seconds_bucket") {
		if strings.Contains(line, `operation="Me"`) {
			buckets = append(buckets, line[strings.Index(line, "le="):strings.Index(line, "}")])
		}
	}
	wantBuckets := `le="0.001" le="0.0025" le="0.005" le="0.01" le="0.025" le="0.05" le="0.1" le="0.25" le="0.5" le="1" le="2.5" le="5" le="10" le="+Inf"`
	if strings.Join(buckets, " ") != wantBuckets {
		t.Errorf("buckets of Me: %s", strings.Join(buckets, " "))
	}
	if !strings.Contains(page, `orgraph_graphql_request_duration_seconds_bucket{operation="Me",le="+Inf"} 2`) {
		t.Errorf("the +Inf bucket of Me is not 2:\n%s", strings.Join(series(page, "orgraph_graphql_request_duration_seconds_bucket"), "\n"))
	}

	// The pool (sql.DBStats), under the db_name "orgraph".
	maxOpen := fmt.Sprintf(`go_sql_max_open_connections{db_name="orgraph"} %d`, s.DB.SQL.Stats().MaxOpenConnections)
	if got := series(page, "go_sql_max_open_connections"); !reflect.DeepEqual(got, []string{maxOpen}) {
		t.Errorf("pool size %q, want %q", got, maxOpen)
	}
	for _, name := range []string{"go_sql_open_connections", "go_sql_in_use_connections", "go_sql_idle_connections",
		"go_sql_wait_count_total", "go_sql_wait_duration_seconds_total", "go_sql_max_idle_closed_total",
		"go_sql_max_idle_time_closed_total", "go_sql_max_lifetime_closed_total"} {
		if got := series(page, name); len(got) != 1 || !strings.HasPrefix(got[0], name+`{db_name="orgraph"} `) {
			t.Errorf("%s: %q", name, got)
		}
	}
	// The Go runtime and the process.
	for _, name := range []string{"go_goroutines", "go_memstats_alloc_bytes", "go_gc_duration_seconds_count",
		"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds"} {
		if len(series(page, name)) != 1 {
			t.Errorf("no %s in /metrics", name)
		}
	}
	if got := series(page, "go_info"); !reflect.DeepEqual(got, []string{`go_info{version="` + runtime.Version() + `"} 1`}) {
		t.Errorf("go_info: %q", got)
	}
}

// Operation names are the client's: the first MaxOperationLabels names get
// a series each, later ones (and names too long, or named like the labels
// of no name) count as "other"; a name that has its series keeps it.
func TestOperationLabelsCapped(t *testing.T) {
	s := testserver.New(t)
	for i := range observe.MaxOperationLabels + 3 {
		graphQL(t, s, "", "", fmt.Sprintf(`query Op%03d { __typename }`, i), nil)
	}
	graphQL(t, s, "", "", `query Op000 { __typename }`, nil)
	graphQL(t, s, "", "", `query none { __typename }`, nil)
	graphQL(t, s, "", "", `query `+strings.Repeat("Long", 17)+` { __typename }`, nil)

	got := series(scrape(t, s), "orgraph_graphql_requests_total")
	var want []string
	for i := range observe.MaxOperationLabels {
		n := 1
		if i == 0 {
			n = 2
		}
		want = append(want, fmt.Sprintf(`orgraph_graphql_requests_total{code="OK",operation="Op%03d"} %d`, i, n))
	}
	want = append(want, `orgraph_graphql_requests_total{code="OK",operation="other"} 5`)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("requests:\n got %q\nwant %q", got, want)
	}
}

// The hook for state kept elsewhere: a gauge read at every scrape.
func TestAddGaugeFunc(t *testing.T) {
	m := observe.NewMetrics(nil)
	depth := 7.0
	m.AddGaugeFunc("orgraph_test_queue_depth", "Rows waiting.", func() float64 { return depth })
	for _, want := range []string{"orgraph_test_queue_depth 7", "orgraph_test_queue_depth 3"} {
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		if got := series(rec.Body.String(), "orgraph_test_queue_depth"); !reflect.DeepEqual(got, []string{want}) {
			t.Errorf("gauge %q, want %q", got, want)
		}
		depth = 3
	}
}
