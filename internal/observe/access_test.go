package observe_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

// One access line per request with exactly these fields: who asked
// (user_id, when signed in), what (method, path, the GraphQL operation),
// and what came of it (status, size, the error codes of the answer).
func TestAccessLine(t *testing.T) {
	s := jsonLogs(t, "info")
	alice := s.CreateUser("alice", authz.GroupUser)

	_, body := graphQL(t, s, "named-1", alice.Token, `query Me { me { username } }`, nil)
	want := map[string]any{
		"level": "INFO", "msg": "request", "request_id": "named-1",
		"method": "POST", "path": "/query", "status": 200.0, "bytes": float64(len(body)),
		"operation": "Me", "user_id": float64(alice.ID),
	}
	if got := accessLine(t, s, "named-1"); !reflect.DeepEqual(got, want) {
		t.Errorf("signed-in query:\n got %v\nwant %v", got, want)
	}

	// Anonymous: no user; an anonymous operation has no name; the codes
	// are the distinct codes of the answer's errors, in order.
	_, body = graphQL(t, s, "anon-1", "", `{ a: organization(slug: "nope") { id } me { id } b: organization(slug: "nope") { id } }`, nil)
	want = map[string]any{
		"level": "INFO", "msg": "request", "request_id": "anon-1",
		"method": "POST", "path": "/query", "status": 200.0, "bytes": float64(len(body)),
		"codes": "UNAUTHENTICATED",
	}
	if got := accessLine(t, s, "anon-1"); !reflect.DeepEqual(got, want) {
		t.Errorf("anonymous query with errors:\n got %v\nwant %v\nanswer %s", got, want, body)
	}

	// Two codes, in the order of the answer's errors (root fields may
	// run concurrently, so the answer decides the order).
	_, body = graphQL(t, s, "two-codes", alice.Token, `query Two { organization(slug: "nope") { id } nodes(ids: ["x"]) { id } }`, nil)
	var answer struct {
		Errors []struct{ Extensions struct{ Code string } }
	}
	if err := json.Unmarshal([]byte(body), &answer); err != nil || len(answer.Errors) != 2 {
		t.Fatalf("answer %s (%v)", body, err)
	}
	want = map[string]any{
		"level": "INFO", "msg": "request", "request_id": "two-codes",
		"method": "POST", "path": "/query", "status": 200.0, "bytes": float64(len(body)),
		"operation": "Two", "codes": answer.Errors[0].Extensions.Code + "," + answer.Errors[1].Extensions.Code,
		"user_id": float64(alice.ID),
	}
	if got := accessLine(t, s, "two-codes"); !reflect.DeepEqual(got, want) || !strings.Contains(want["codes"].(string), "NOT_FOUND") || !strings.Contains(want["codes"].(string), "BAD_USER_INPUT") {
		t.Errorf("two codes:\n got %v\nwant %v\nanswer %s", got, want, body)
	}

	// Refused before GraphQL runs: the status and the refusal's code.
	resp, body := send(t, s, http.MethodPost, "/query", "text/plain", `{"query":"{ me { id } }"}`, http.Header{"X-Request-Id": {"refused-1"}})
	want = map[string]any{
		"level": "INFO", "msg": "request", "request_id": "refused-1",
		"method": "POST", "path": "/query", "status": 415.0, "bytes": float64(len(body)),
		"codes": "BAD_USER_INPUT",
	}
	if got := accessLine(t, s, "refused-1"); resp.StatusCode != 415 || !reflect.DeepEqual(got, want) {
		t.Errorf("refused request (%d):\n got %v\nwant %v", resp.StatusCode, got, want)
	}

	// A document that does not parse.
	resp, body = graphQL(t, s, "parse-1", "", `{ me { `, nil)
	want = map[string]any{
		"level": "INFO", "msg": "request", "request_id": "parse-1",
		"method": "POST", "path": "/query", "status": float64(resp.StatusCode), "bytes": float64(len(body)),
		"codes": "GRAPHQL_PARSE_FAILED",
	}
	if got := accessLine(t, s, "parse-1"); !reflect.DeepEqual(got, want) {
		t.Errorf("unparsable document:\n got %v\nwant %v", got, want)
	}
}

// The access line never carries a credential: not the bearer token, not a
// password in the variables, not an invitation key in a query string.
func TestAccessLineKeepsSecretsOut(t *testing.T) {
	s := jsonLogs(t, "debug")
	alice := s.CreateUser("alice", authz.GroupUser)
	const password, key = "a very secret passphrase", "KEYKEYKEYKEYKEYKEYKEYKEYKEYKEYKEYKEYKEYKEYK"
	graphQL(t, s, "signin-1", "", `mutation SignIn($l: String!, $p: String!) { signIn(input: {login: $l, password: $p}) { token } }`,
		map[string]any{"l": "alice", "p": password})
	graphQL(t, s, "token-1", alice.Token, `query Me { me { id } }`, nil)
	send(t, s, http.MethodGet, "/invitations/accept?key="+key, "", "", http.Header{"X-Request-Id": {"accept-1"}})

	if got := accessLine(t, s, "signin-1"); got["codes"] != "UNAUTHENTICATED" || got["operation"] != "SignIn" || got["user_id"] != nil {
		t.Errorf("failed sign-in: %v", got)
	}
	if got := accessLine(t, s, "accept-1"); got["path"] != "/invitations/accept" || got["status"] != 200.0 {
		t.Errorf("accept page: %v", got)
	}
	logs := s.Logs.String()
	for _, secret := range []string{alice.Token, password, key, testserver.Password} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log carries %q:\n%s", secret, logs)
		}
	}
}

// LOG_FORMAT=text (the default) writes the same fields as key=value.
func TestAccessLineText(t *testing.T) {
	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	_, body := graphQL(t, s, "text-1", alice.Token, `query Me { me { id } }`, nil)
	line := regexp.MustCompile(`(?m)^time=\S+ level=INFO msg=request request_id=text-1 method=POST path=/query status=200 duration_ms=[0-9.]+ bytes=(\d+) operation=Me user_id=(\d+)$`)
	m := line.FindStringSubmatch(s.Logs.String())
	if m == nil || m[1] != fmt.Sprint(len(body)) || m[2] != fmt.Sprint(alice.ID) {
		t.Fatalf("no text access line for the request (want bytes=%d user_id=%d):\n%s", len(body), alice.ID, s.Logs.String())
	}
}

// Health probes are access lines at debug level: LOG_LEVEL=info leaves them
// out, as it does everything under info.
func TestProbesLoggedAtDebug(t *testing.T) {
	for _, level := range []string{"info", "debug"} {
		s := jsonLogs(t, level)
		send(t, s, http.MethodGet, "/healthz", "", "", http.Header{"X-Request-Id": {"probe-1"}})
		send(t, s, http.MethodGet, "/readyz", "", "", http.Header{"X-Request-Id": {"probe-2"}})
		var probes []any
		for _, l := range logLines(t, s.Logs.String()) {
			if l["msg"] == "request" {
				probes = append(probes, l["level"], l["path"])
			}
		}
		want := []any{"DEBUG", "/healthz", "DEBUG", "/readyz"}
		if level == "info" {
			want = nil
		}
		if !reflect.DeepEqual(probes, want) {
			t.Errorf("LOG_LEVEL=%s: probe lines %v, want %v", level, probes, want)
		}
	}
}

// A CORS origin may send X-Request-ID and read it back.
func TestRequestIDThroughCORS(t *testing.T) {
	s := testserver.New(t, func(c *config.Config) { c.CORSOrigins = []string{"https://app.example"} })
	h := http.Header{"Origin": {"https://app.example"}, "Access-Control-Request-Method": {"POST"},
		"Access-Control-Request-Headers": {"content-type,x-request-id"}}
	resp, _ := send(t, s, http.MethodOptions, "/query", "", "", h)
	if allowed := strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(allowed, "x-request-id") {
		t.Errorf("preflight allows headers %q, want x-request-id among them", allowed)
	}
	resp, _ = send(t, s, http.MethodPost, "/query", "application/json", `{"query":"{ __typename }"}`,
		http.Header{"Origin": {"https://app.example"}, "X-Request-Id": {"cors-1"}})
	if exposed := resp.Header.Get("Access-Control-Expose-Headers"); !strings.EqualFold(exposed, "X-Request-Id") || resp.Header.Get("X-Request-Id") != "cors-1" {
		t.Errorf("exposed headers %q, X-Request-Id %q", exposed, resp.Header.Get("X-Request-Id"))
	}
}

var generatedID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// X-Request-ID: a sane id from the request is kept, anything else is
// replaced by a generated one; either way the response carries it, on
// every route, and the access line names it.
func TestRequestIDEchoedOrGenerated(t *testing.T) {
	s := jsonLogs(t, "debug")
	kept := []string{"abc-123", "0b6a3c1e-6f0e-4c6b-9a59-1f4a2c1d9e77", "01HZX3N6Q8W2F7:span.1+b64/x=", strings.Repeat("a", 128)}
	for _, id := range kept {
		resp, _ := send(t, s, http.MethodPost, "/query", "application/json", `{"query":"{ __typename }"}`, http.Header{"X-Request-Id": {id}})
		if got := resp.Header.Get("X-Request-Id"); got != id {
			t.Errorf("sent %q, answered %q", id, got)
		}
		accessLine(t, s, id)
	}
	replaced := map[string][]string{
		"none":      nil,
		"empty":     {""},
		"too long":  {strings.Repeat("a", 129)},
		"space":     {"a b"},
		"quote":     {`a"b`},
		"non-ASCII": {"idé"},
		"two ids":   {"one", "two"},
	}
	seen := map[string]bool{}
	for name, ids := range replaced {
		resp, _ := send(t, s, http.MethodGet, "/healthz", "", "", http.Header{"X-Request-Id": ids})
		got := resp.Header.Get("X-Request-Id")
		if !generatedID.MatchString(got) || seen[got] {
			t.Errorf("%s: answered X-Request-Id %q, want a new 32-digit hex id", name, got)
		}
		seen[got] = true
		if line := accessLine(t, s, got); line["path"] != "/healthz" {
			t.Errorf("%s: access line %v", name, line)
		}
	}
	for _, path := range []string{"/", "/nothing-here", "/invitations/accept"} {
		resp, _ := send(t, s, http.MethodGet, path, "", "", nil)
		if !generatedID.MatchString(resp.Header.Get("X-Request-Id")) {
			t.Errorf("GET %s: X-Request-Id %q", path, resp.Header.Get("X-Request-Id"))
		}
	}
}

// Every line logged while a request runs carries its id: here the lines of
// internal errors (a table gone, then the database closed under the
// running handler), from the error presenter, the transaction and the token
// lookup, and each request's access line.
func TestRequestIDOnEveryLineOfTheRequest(t *testing.T) {
	s := jsonLogs(t, "info")
	alice := s.CreateUser("alice", authz.GroupUser)
	if _, err := s.DB.SQL.Exec("DROP TABLE cloud_storages"); err != nil {
		t.Fatal(err)
	}
	before := len(s.Logs.String())
	graphQL(t, s, "broken-1", alice.Token, `query Storages { cloudStorages { totalCount } }`, nil)
	if err := s.DB.SQL.Close(); err != nil {
		t.Fatal(err)
	}
	// Anonymous, so that the transaction is the first to need the database.
	graphQL(t, s, "broken-2", "", `mutation Create { createOrganization(input: {slug: "acme"}) { id } }`, nil)
	graphQL(t, s, "broken-3", alice.Token, `query Me { me { id } }`, nil)

	wantMessages := map[string][]string{
		"broken-1": {"internal error", "request"},
		"broken-2": {"opening a mutation's transaction", "request"},
		"broken-3": {"authenticating a request", "request"},
	}
	got := map[string][]string{}
	for _, l := range logLines(t, s.Logs.String()[before:]) {
		id, _ := l["request_id"].(string)
		msg, _ := l["msg"].(string)
		got[id] = append(got[id], msg)
	}
	if !reflect.DeepEqual(got, wantMessages) {
		t.Errorf("lines by request id (a line without one is under \"\"):\n got %q\nwant %q\n%s", got, wantMessages, s.Logs.String()[before:])
	}
	for id, want := range map[string]map[string]any{
		"broken-1": {"codes": "INTERNAL_SERVER_ERROR", "status": 200.0, "operation": "Storages", "user_id": float64(alice.ID)},
		"broken-2": {"codes": "INTERNAL_SERVER_ERROR", "status": 200.0, "operation": "Create"},
		"broken-3": {"codes": "INTERNAL_SERVER_ERROR", "status": 503.0},
	} {
		line := accessLine(t, s, id)
		for k, v := range want {
			if line[k] != v {
				t.Errorf("access line of %s: %s is %v, want %v (%v)", id, k, line[k], v, line)
			}
		}
	}
}
