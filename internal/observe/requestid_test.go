package observe_test

import (
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"orgraph/internal/authz"
)

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
