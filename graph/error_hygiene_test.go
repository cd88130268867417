package graph_test

// Error hygiene (issue 8): every input error names its field with our own
// message (never ent's or the driver's text), control characters are
// refused, empty optional strings take their default, and a transaction
// that cannot begin still answers with extensions.code.

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// hygieneWorld is a user owning an organization with a job in it.
type hygieneWorld struct {
	s     *testserver.Server
	alice *testserver.User
	org   int
	job   string
}

func newHygieneWorld(t *testing.T) *hygieneWorld {
	t.Helper()
	s := testserver.New(t)
	w := &hygieneWorld{s: s, alice: s.CreateUser("alice", authz.GroupUser)}
	w.org = createOrg(t, s, w.alice.Token, "acme")
	_, _, w.job = workChainViaAPI(t, s, w.alice.Token, idOf(w.org), nil)
	return w
}

// rowCounts counts the rows of every table the mutations below write.
func (w *hygieneWorld) rowCounts(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"users", "organizations", "memberships", "projects", "tasks", "jobs", "annotations", "cloud_storages", "invitations"} {
		var n int
		if err := w.s.DB.SQL.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		b.WriteString(table + "=" + idOf(n) + " ")
	}
	var name, description, location string
	if err := w.s.DB.SQL.QueryRow("SELECT name, description, contact_location FROM organizations WHERE id = ?", w.org).Scan(&name, &description, &location); err != nil {
		t.Fatal(err)
	}
	return b.String() + name + "|" + description + "|" + location
}

const (
	hygCreateOrg  = `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id } }`
	hygUpdateOrg  = `mutation($id: ID!, $in: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $in) { id } }`
	hygSignUp     = `mutation($in: SignUpInput!) { signUp(input: $in) { token } }`
	hygProject    = `mutation($in: CreateProjectInput!) { createProject(input: $in) { id } }`
	hygStorage    = `mutation($in: CreateCloudStorageInput!) { createCloudStorage(input: $in) { id } }`
	hygAnnotation = `mutation($j: ID!, $in: [AnnotationInput!]!) { createAnnotations(jobID: $j, input: $in) { id } }`
)

type hygieneCase struct {
	name           string
	doc            string
	vars           map[string]any
	message, field string
}

func (w *hygieneWorld) requireRefused(t *testing.T, cases []hygieneCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := w.rowCounts(t)
			r := w.s.Query(w.alice.Token, c.doc, c.vars)
			if len(r.Errors) != 1 || r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("want one BAD_USER_INPUT, got %+v", r.Errors)
			}
			requireRefusal(t, r, c.message, c.field)
			if after := w.rowCounts(t); after != before {
				t.Fatalf("rows changed: %s -> %s", before, after)
			}
		})
	}
}

// Every free-text input of the mutations: over its length (also over the
// column's bytes, which ent's MaxLen would have answered) and, where it is
// required, empty.
func TestValidationMessagesNameTheField(t *testing.T) {
	w := newHygieneWorld(t)
	o := idOf(w.org)
	org := func(in map[string]any) map[string]any { return map[string]any{"in": in} }
	upd := func(in map[string]any) map[string]any { return map[string]any{"id": o, "in": in} }
	long := func(n int) string { return strings.Repeat("x", n) }
	w.requireRefused(t, []hygieneCase{
		{"organization name of 65 characters", hygCreateOrg, org(map[string]any{"slug": "x1", "name": long(65)}), "name must be at most 64 characters", "name"},
		{"organization name over 256 bytes", hygCreateOrg, org(map[string]any{"slug": "x1", "name": long(300)}), "name must be at most 64 characters", "name"},
		{"organization name of 65 characters, update", hygUpdateOrg, upd(map[string]any{"name": strings.Repeat("é", 65)}), "name must be at most 64 characters", "name"},
		{"empty organization name, update", hygUpdateOrg, upd(map[string]any{"name": ""}), "name must not be empty", "name"},
		{"slug", hygCreateOrg, org(map[string]any{"slug": "a b"}), "slug must be 1 to 16 ASCII letters, digits, - or _", "slug"},
		{"slug, update", hygUpdateOrg, upd(map[string]any{"slug": long(17)}), "slug must be 1 to 16 ASCII letters, digits, - or _", "slug"},
		{"description", hygCreateOrg, org(map[string]any{"slug": "x1", "description": long(10001)}), "description must be at most 10000 characters", "description"},
		{"contact email", hygUpdateOrg, upd(map[string]any{"contact": map[string]any{"email": "nope"}}), "contact.email must be a valid address such as name@example.com", "contact.email"},
		{"contact email over 254", hygCreateOrg, org(map[string]any{"slug": "x1", "contact": map[string]any{"email": long(250) + "@example.com"}}), "contact.email must be at most 254 characters", "contact.email"},
		{"contact phone", hygCreateOrg, org(map[string]any{"slug": "x1", "contact": map[string]any{"phone": "call me"}}), "contact.phone must be digits, spaces and dashes, optionally after a +", "contact.phone"},
		{"contact phone over 32", hygCreateOrg, org(map[string]any{"slug": "x1", "contact": map[string]any{"phone": strings.Repeat("1", 40)}}), "contact.phone must be digits, spaces and dashes, optionally after a +", "contact.phone"},
		{"contact location", hygUpdateOrg, upd(map[string]any{"contact": map[string]any{"location": long(1025)}}), "contact.location must be at most 256 characters", "contact.location"},
		{"first name", hygSignUp, org(map[string]any{"username": "bob", "email": "bob@example.com", "password": "a long password", "firstName": long(151)}), "firstName must be at most 150 characters", "firstName"},
		{"last name", hygSignUp, org(map[string]any{"username": "bob", "email": "bob@example.com", "password": "a long password", "lastName": strings.Repeat("ß", 151)}), "lastName must be at most 150 characters", "lastName"},
		{"project name empty", hygProject, org(map[string]any{"organizationID": o, "name": ""}), "name must not be empty", "name"},
		{"project name over 1024 bytes", hygProject, org(map[string]any{"organizationID": o, "name": long(1025)}), "name must be at most 256 characters", "name"},
		{"cloud storage display name", hygStorage, org(map[string]any{"organizationID": o, "displayName": "", "provider": "AWS_S3", "resource": "bucket"}), "displayName must not be empty", "displayName"},
		{"cloud storage resource", hygStorage, org(map[string]any{"organizationID": o, "displayName": "d", "provider": "AWS_S3", "resource": ""}), "resource must not be empty", "resource"},
		{"cloud storage resource over 1024 bytes", hygStorage, org(map[string]any{"organizationID": o, "displayName": "d", "provider": "AWS_S3", "resource": long(1025)}), "resource must be at most 256 characters", "resource"},
		{"annotation label", hygAnnotation, map[string]any{"j": w.job, "in": []any{map[string]any{"label": "", "type": "RECTANGLE", "frame": 0, "points": []float64{1, 2, 3, 4}}}}, "label must not be empty", "label"},
		{"annotation frame", hygAnnotation, map[string]any{"j": w.job, "in": []any{map[string]any{"label": "car", "type": "RECTANGLE", "frame": -1, "points": []float64{1, 2, 3, 4}}}}, "frame must be 0 or more", "frame"},
	})
}

func TestControlCharactersRefused(t *testing.T) {
	w := newHygieneWorld(t)
	o := idOf(w.org)
	const oneLine = " must not contain control characters, line breaks or bidirectional overrides"
	const multiLine = " must not contain control characters (other than tabs and line breaks) or bidirectional overrides"
	var cases []hygieneCase
	for name, bad := range map[string]string{
		"NUL": "a\x00b", "line feed": "a\nb", "carriage return": "Acme\r\nBcc: x@example.com", "tab": "a\tb",
		"escape": "\x1b[31mred", "DEL": "a\x7fb", "C1 control": "a\u0085b", "right-to-left override": "evil\u202Egpj.exe",
		"left-to-right isolate": "a\u2066b", "line separator": "a\u2028b",
	} {
		cases = append(cases,
			hygieneCase{"name, " + name, hygCreateOrg, map[string]any{"in": map[string]any{"slug": "x1", "name": bad}}, "name" + oneLine, "name"},
			hygieneCase{"name on update, " + name, hygUpdateOrg, map[string]any{"id": o, "in": map[string]any{"name": bad}}, "name" + oneLine, "name"},
			hygieneCase{"location, " + name, hygUpdateOrg, map[string]any{"id": o, "in": map[string]any{"contact": map[string]any{"location": bad}}}, "contact.location" + oneLine, "contact.location"},
			hygieneCase{"project name, " + name, hygProject, map[string]any{"in": map[string]any{"organizationID": o, "name": bad}}, "name" + oneLine, "name"},
		)
	}
	for name, bad := range map[string]string{"NUL": "a\x00b", "bell": "a\x07b", "escape": "\x1b[2J", "right-to-left override": "a\u202Eb"} {
		cases = append(cases, hygieneCase{"description, " + name, hygUpdateOrg, map[string]any{"id": o, "in": map[string]any{"description": bad}}, "description" + multiLine, "description"})
	}
	w.requireRefused(t, cases)

	// Allowed: line breaks and tabs in a description; joiners (emoji,
	// Persian) and direction marks in a name.
	const doc = `mutation($id: ID!, $in: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $in) { name description } }`
	var got struct {
		UpdateOrganization struct{ Name, Description string }
	}
	in := map[string]any{"name": "👩\u200D💻 می\u200Cخواهم \u200Fok", "description": "line 1\r\nline 2\tend"}
	w.s.MustQuery(w.alice.Token, doc, map[string]any{"id": o, "in": in}, &got)
	if got.UpdateOrganization.Name != in["name"] || got.UpdateOrganization.Description != in["description"] {
		t.Fatalf("updated %+v", got.UpdateOrganization)
	}
}

// genqlient sends unset optional strings as "": createOrganization's name
// then takes its default (the slug); other empty optional strings are their
// own default (nothing), or refused where no default applies.
func TestEmptyOptionalStrings(t *testing.T) {
	w := newHygieneWorld(t)
	var got struct {
		CreateOrganization struct {
			Slug, Name, Description string
			Contact                 struct{ Email, Phone, Location *string }
		}
	}
	w.s.MustQuery(w.alice.Token, `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { slug name description contact { email phone location } } }`,
		map[string]any{"in": map[string]any{"slug": "Beta", "name": "", "description": "", "contact": map[string]any{"email": "", "phone": "", "location": ""}}}, &got)
	c := got.CreateOrganization
	if c.Slug != "Beta" || c.Name != "Beta" || c.Description != "" || c.Contact.Email != nil || c.Contact.Phone != nil || c.Contact.Location != nil {
		t.Fatalf("created %+v", c)
	}
	var signUp struct {
		SignUp struct {
			User struct{ FirstName, LastName string }
		}
	}
	w.s.MustQuery("", `mutation($in: SignUpInput!) { signUp(input: $in) { user { firstName lastName } } }`,
		map[string]any{"in": map[string]any{"username": "bob", "email": "bob@example.com", "password": "a long password", "firstName": "", "lastName": ""}}, &signUp)
	if signUp.SignUp.User != (struct{ FirstName, LastName string }{}) {
		t.Fatalf("signed up %+v", signUp.SignUp.User)
	}
	// An empty ID is no ID: refused, never taken as "left out" (a project
	// would silently land in the personal workspace).
	before := w.rowCounts(t)
	r := w.s.Query(w.alice.Token, hygProject, map[string]any{"in": map[string]any{"organizationID": "", "name": "p"}})
	if len(r.Errors) != 1 || r.Code() != "BAD_USER_INPUT" {
		t.Fatalf("empty organizationID: %+v", r.Errors)
	}
	requireRefusal(t, r, `not a valid ID: ""`, "organizationID")
	if after := w.rowCounts(t); after != before {
		t.Fatalf("rows changed: %s -> %s", before, after)
	}
}

// postRaw posts a GraphQL request and returns the status and raw body.
func postRawText(t *testing.T, s *testserver.Server, token, doc string) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": doc})
	req, err := http.NewRequest(http.MethodPost, s.URL+"/query", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

// With the database gone (closed under the running handler), a mutation's
// transaction cannot begin: the answer is INTERNAL_SERVER_ERROR with its
// code, nothing of the driver's text, and the cause in the log.
func TestDatabaseGoneAnswersWithCodes(t *testing.T) {
	s := testserver.New(t)
	alice := s.CreateUser("alice", authz.GroupUser)
	if err := s.DB.SQL.Close(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ token, doc string }{
		{"", `mutation { signIn(input: {login: "alice", password: "a long password"}) { token } }`},
		{alice.Token, `{ me { username } }`},
		{alice.Token, `mutation { createOrganization(input: {slug: "acme"}) { id } }`},
		// Anonymous, so that the token lookup does not fail first: the
		// transaction is the first thing to need the database.
		{"", `mutation { createOrganization(input: {slug: "acme"}) { id } }`},
	} {
		doc := c.doc
		status, body := postRawText(t, s, c.token, doc)
		var out struct {
			Data   json.RawMessage
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("%s: status %d, body %q: %v", doc, status, body, err)
		}
		if len(out.Errors) == 0 {
			t.Fatalf("%s: no error: %s", doc, body)
		}
		for _, e := range out.Errors {
			if e.Extensions["code"] != "INTERNAL_SERVER_ERROR" || e.Message != "internal server error" {
				t.Fatalf("%s: error %+v, want INTERNAL_SERVER_ERROR", doc, e)
			}
		}
		for _, leak := range []string{"sql", "closed", "ent:", "database"} {
			if strings.Contains(strings.ToLower(body), leak) {
				t.Fatalf("%s: the answer leaks %q: %s", doc, leak, body)
			}
		}
	}
	if logs := s.Logs.String(); !strings.Contains(logs, "opening a mutation's transaction") || !strings.Contains(logs, "sql: database is closed") {
		t.Fatalf("the cause is not logged:\n%s", logs)
	}
}
