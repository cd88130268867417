package graph_test

import (
	"bytes"
	"crypto/sha256"
	"net/http"
	"strings"
	"testing"
	"time"

	"orgraph/ent/authtoken"
	"orgraph/ent/user"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

const signUpDoc = `mutation($in: SignUpInput!) { signUp(input: $in) { token expiresAt user { id username email group firstName } } }`

type authPayload struct {
	Token     string
	ExpiresAt time.Time
	User      struct {
		ID, Username, Group, FirstName string
		Email                          *string
	}
}

func signUpVars(username, email, password string) map[string]any {
	return map[string]any{"in": map[string]any{"username": username, "email": email, "password": password, "firstName": "Ada"}}
}

func TestAccountLifecycle(t *testing.T) {
	s := testserver.New(t)

	var up struct{ SignUp authPayload }
	s.MustQuery("", signUpDoc, signUpVars("Alice", "Alice@Example.COM", "s3cret-pass"), &up)
	if up.SignUp.User.Username != "Alice" || up.SignUp.User.Group != "USER" || up.SignUp.User.FirstName != "Ada" {
		t.Fatalf("signUp user = %+v", up.SignUp.User)
	}
	if up.SignUp.User.Email == nil || *up.SignUp.User.Email != "alice@example.com" {
		t.Fatalf("signUp should show the new user their lower-cased email, got %v", up.SignUp.User.Email)
	}
	if d := time.Until(up.SignUp.ExpiresAt); d < 29*24*time.Hour || d > 30*24*time.Hour {
		t.Fatalf("token expires in %v, want 30 days", d)
	}

	// The database holds only hashes: of the password and of the token.
	u := s.Client.User.Query().Where(user.UsernameKey("alice")).OnlyX(testserver.SystemCtx())
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") || strings.Contains(u.PasswordHash, "s3cret-pass") {
		t.Fatalf("password hash = %q", u.PasswordHash)
	}
	sum := sha256.Sum256([]byte(up.SignUp.Token))
	if n := s.Client.AuthToken.Query().Where(authtoken.TokenHash(sum[:]), authtoken.UserID(u.ID)).CountX(testserver.SystemCtx()); n != 1 {
		t.Fatalf("tokens stored under the token's hash = %d, want 1", n)
	}

	// Sign in by email, ignoring case, and by username.
	var in struct{ SignIn authPayload }
	s.MustQuery("", `mutation { signIn(input: {login: "ALICE@example.com", password: "s3cret-pass"}) { token user { username } } }`, nil, &in)
	if in.SignIn.Token == "" || in.SignIn.Token == up.SignUp.Token || in.SignIn.User.Username != "Alice" {
		t.Fatalf("signIn = %+v", in.SignIn)
	}
	s.MustQuery("", `mutation { signIn(input: {login: "alice", password: "s3cret-pass"}) { token } }`, nil, nil)

	var me struct{ Me struct{ ID, Username string } }
	s.MustQuery(in.SignIn.Token, `{ me { id username } }`, nil, &me)
	if me.Me.ID != up.SignUp.User.ID || me.Me.Username != "Alice" {
		t.Fatalf("me = %+v", me.Me)
	}

	var out struct{ SignOut bool }
	s.MustQuery(in.SignIn.Token, `mutation { signOut }`, nil, &out)
	if !out.SignOut {
		t.Fatal("signOut returned false")
	}
	if r := s.Query(in.SignIn.Token, `{ me { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("me with a revoked token: code %q, want UNAUTHENTICATED", r.Code())
	}
	// Signing out revoked only that token.
	s.MustQuery(up.SignUp.Token, `{ me { id } }`, nil, nil)
	if r := s.Query("", `{ me { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("me without a token: code %q", r.Code())
	}
	if r := s.Query("", `mutation { signOut }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("signOut without a token: code %q", r.Code())
	}
}

func TestExpiredTokenIsRefused(t *testing.T) {
	s := testserver.New(t)
	a := s.CreateUser("alice", authz.GroupUser)
	s.MustQuery(a.Token, `{ me { id } }`, nil, nil) // valid before it expires
	sum := sha256.Sum256([]byte(a.Token))
	// expires_at is immutable through ent; age the row with SQL as time would.
	if _, err := s.DB.SQL.Exec("UPDATE auth_tokens SET expires_at = ? WHERE token_hash = ?", time.Now().Add(-time.Minute).UTC(), sum[:]); err != nil {
		t.Fatal(err)
	}
	if r := s.Query(a.Token, `{ me { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("me with an expired token: code %q, want UNAUTHENTICATED", r.Code())
	}
}

// counts returns the number of users and tokens, to prove a refused request
// wrote nothing.
func counts(t *testing.T, s *testserver.Server) [2]int {
	t.Helper()
	return [2]int{s.RowCount("users"), s.RowCount("auth_tokens")}
}

func TestSignUpRejectsBadInput(t *testing.T) {
	s := testserver.New(t)
	s.MustQuery("", signUpDoc, signUpVars("alice", "alice@example.com", "s3cret-pass"), nil)

	long := strings.Repeat("x", 129)
	cases := []struct {
		name, username, email, password, code, field string
	}{
		{"username taken, other case", "ALICE", "other@example.com", "s3cret-pass", "CONFLICT", "username"},
		{"email taken, other case", "bob", "Alice@EXAMPLE.com", "s3cret-pass", "CONFLICT", "email"},
		{"malformed email", "bob", "not-an-email", "s3cret-pass", "BAD_USER_INPUT", "email"},
		{"email with a display name", "bob", "Bob <bob@example.com>", "s3cret-pass", "BAD_USER_INPUT", "email"},
		{"email over 254 characters", "bob", strings.Repeat("b", 250) + "@x.io", "s3cret-pass", "BAD_USER_INPUT", "email"},
		{"short password", "bob", "bob@example.com", "1234567", "BAD_USER_INPUT", "password"},
		{"over-long password", "bob", "bob@example.com", long, "BAD_USER_INPUT", "password"},
		{"username with a space", "bob smith", "bob@example.com", "s3cret-pass", "BAD_USER_INPUT", "username"},
		{"empty username", "", "bob@example.com", "s3cret-pass", "BAD_USER_INPUT", "username"},
		{"username over 150 characters", strings.Repeat("b", 151), "bob@example.com", "s3cret-pass", "BAD_USER_INPUT", "username"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := counts(t, s)
			r := s.Query("", signUpDoc, signUpVars(c.username, c.email, c.password))
			if r.Code() != c.code || r.Errors[0].Extensions["field"] != c.field {
				t.Fatalf("got %+v, want code %s on field %s", r.Errors, c.code, c.field)
			}
			if after := counts(t, s); after != before {
				t.Fatalf("rows changed from %v to %v", before, after)
			}
		})
	}
	// The limits themselves are accepted.
	s.MustQuery("", signUpDoc, signUpVars(strings.Repeat("b", 150), "edge@example.com", strings.Repeat("p", 128)), nil)
	s.MustQuery("", signUpDoc, signUpVars("a.b@c+d-e_f", "edge2@example.com", "12345678"), nil)
}

func TestSignInFailuresLookAlike(t *testing.T) {
	s := testserver.New(t)
	s.CreateUser("alice", authz.GroupUser)
	before := counts(t, s)
	wrong := s.Query("", `mutation { signIn(input: {login: "alice", password: "wrong password"}) { token } }`, nil)
	unknown := s.Query("", `mutation { signIn(input: {login: "nobody", password: "wrong password"}) { token } }`, nil)
	if wrong.Code() != "UNAUTHENTICATED" || unknown.Code() != "UNAUTHENTICATED" {
		t.Fatalf("codes %q and %q, want UNAUTHENTICATED", wrong.Code(), unknown.Code())
	}
	if wrong.Errors[0].Message != unknown.Errors[0].Message {
		t.Fatalf("messages differ: %q vs %q", wrong.Errors[0].Message, unknown.Errors[0].Message)
	}
	if after := counts(t, s); after != before {
		t.Fatalf("rows changed from %v to %v", before, after)
	}
}

func TestSetUserGroup(t *testing.T) {
	s := testserver.New(t)
	admin := s.CreateUser("root", authz.GroupAdmin)
	alice := s.CreateUser("alice", authz.GroupUser)
	bob := s.CreateUser("bob", authz.GroupWorker)
	const doc = `mutation($id: ID!, $g: SystemGroup!) { setUserGroup(userID: $id, group: $g) { id group } }`
	groupOf := func(id int) authz.Group {
		return s.Client.User.GetX(testserver.SystemCtx(), id).Group
	}

	cases := []struct {
		name   string
		token  string
		target *testserver.User
		group  string
		code   string
	}{
		{"anonymous", "", bob, "ADMIN", "UNAUTHENTICATED"},
		{"a user", alice.Token, bob, "USER", "FORBIDDEN"},
		{"a user promoting themself", alice.Token, alice, "ADMIN", "FORBIDDEN"},
		{"a worker", bob.Token, bob, "USER", "FORBIDDEN"},
		{"an admin changing their own group", admin.Token, admin, "USER", "FORBIDDEN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := groupOf(c.target.ID)
			r := s.Query(c.token, doc, map[string]any{"id": c.target.GID, "g": c.group})
			if r.Code() != c.code {
				t.Fatalf("code %q, want %q (%+v)", r.Code(), c.code, r.Errors)
			}
			if after := groupOf(c.target.ID); after != before {
				t.Fatalf("group changed from %s to %s", before, after)
			}
		})
	}
	if r := s.Query(admin.Token, doc, map[string]any{"id": "999999", "g": "USER"}); r.Code() != "NOT_FOUND" {
		t.Fatalf("unknown user: code %q, want NOT_FOUND", r.Code())
	}
	if r := s.Query(admin.Token, doc, map[string]any{"id": bob.GID, "g": "OVERLORD"}); r.Code() != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("unknown group: code %q", r.Code())
	}

	var got struct{ SetUserGroup struct{ ID, Group string } }
	s.MustQuery(admin.Token, doc, map[string]any{"id": bob.GID, "g": "USER"}, &got)
	if got.SetUserGroup.Group != "USER" || groupOf(bob.ID) != authz.GroupUser {
		t.Fatalf("bob's group = %v in the response, %v in the database", got.SetUserGroup.Group, groupOf(bob.ID))
	}
	// The new group applies to bob's existing token on his next request.
	var me struct{ Me struct{ Group string } }
	s.MustQuery(bob.Token, `{ me { group } }`, nil, &me)
	if me.Me.Group != "USER" {
		t.Fatalf("bob's group seen by bob = %s", me.Me.Group)
	}
}

func TestUsersArePrivate(t *testing.T) {
	s := testserver.New(t)
	admin := s.CreateUser("root", authz.GroupAdmin)
	alice := s.CreateUser("alice", authz.GroupUser)
	bob := s.CreateUser("bob", authz.GroupUser)

	const doc = `query($id: ID!) { node(id: $id) { id ... on User { username email } } }`
	if r := s.Query(alice.Token, doc, map[string]any{"id": bob.GID}); r.Code() != "NOT_FOUND" || string(r.Data) != `{"node":null}` {
		t.Fatalf("alice reading bob: code %q data %s", r.Code(), r.Data)
	}
	if r := s.Query("", doc, map[string]any{"id": bob.GID}); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("anonymous reading bob: code %q", r.Code())
	}
	var got struct {
		Node struct{ Username, Email string }
	}
	s.MustQuery(admin.Token, doc, map[string]any{"id": bob.GID}, &got)
	if got.Node.Username != "bob" || got.Node.Email != "bob@example.com" {
		t.Fatalf("admin reading bob = %+v", got.Node)
	}
	s.MustQuery(alice.Token, doc, map[string]any{"id": alice.GID}, &got)
	if got.Node.Email != "alice@example.com" {
		t.Fatalf("alice reading herself = %+v", got.Node)
	}
	const nodesDoc = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`
	var many struct{ Nodes []*struct{ ID string } }
	r := s.Query(alice.Token, nodesDoc, map[string]any{"ids": []string{alice.GID, bob.GID}})
	if r.Code() != "NOT_FOUND" {
		t.Fatalf("nodes with an invisible id: code %q, want NOT_FOUND", r.Code())
	}
	r.Decode(t, &many)
	if len(many.Nodes) != 2 || many.Nodes[0] == nil || many.Nodes[0].ID != alice.GID || many.Nodes[1] != nil {
		t.Fatalf("nodes = %+v, want [alice, null]", many.Nodes)
	}
	if r := s.Query(alice.Token, nodesDoc, map[string]any{"ids": []string{"not-an-id"}}); r.Code() != "BAD_USER_INPUT" {
		t.Fatalf("nodes with a malformed id: code %q, want BAD_USER_INPUT", r.Code())
	}
}

func TestMeCostsConstantStatements(t *testing.T) {
	s := testserver.New(t)
	a := s.CreateUser("alice", authz.GroupUser)
	before := s.Statements()
	s.MustQuery(a.Token, `{ me { id username email group } }`, nil, nil)
	// One to authenticate the token (joined with its user), one for me.
	if n := s.Statements() - before; n != 2 {
		t.Fatalf("me cost %d statements", n)
	}
}

func TestBadRequestsGetClean4xx(t *testing.T) {
	s := testserver.New(t)
	post := func(contentType string, body []byte) (*http.Response, string) {
		resp, err := http.Post(s.URL+"/query", contentType, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(resp.Body)
		return resp, buf.String()
	}
	huge := append([]byte(`{"query":"{ me { id } }","variables":{"pad":"`), bytes.Repeat([]byte("x"), 2<<20)...)
	huge = append(huge, `"}}`...)
	cases := []struct {
		name, contentType string
		body              []byte
		status            int
	}{
		{"malformed JSON", "application/json", []byte(`{"query": "{ me { id } "`), http.StatusBadRequest},
		{"not JSON", "text/plain", []byte(`{ me { id } }`), http.StatusUnsupportedMediaType},
		{"form post", "application/x-www-form-urlencoded", []byte(`query=%7Bme%7D`), http.StatusUnsupportedMediaType},
		{"2 MiB body", "application/json", huge, http.StatusRequestEntityTooLarge},
		{"parse error", "application/json", []byte(`{"query": "{ me { "}`), http.StatusUnprocessableEntity},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, body := post(c.contentType, c.body)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, body)
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(body, `"code":`) {
				t.Fatalf("not a coded JSON error: %s %s", resp.Header.Get("Content-Type"), body)
			}
			if strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
				t.Fatalf("body leaks a stack trace: %s", body)
			}
		})
	}
	resp, err := http.Get(s.URL + "/query")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET /query: status %d", resp.StatusCode)
	}
}

func TestFailedSignInsAreRateLimited(t *testing.T) {
	s := testserver.New(t)
	s.CreateUser("alice", authz.GroupUser)
	const doc = `mutation($p: String!) { signIn(input: {login: "alice", password: $p}) { token } }`
	for i := range 10 {
		if r := s.Query("", doc, map[string]any{"p": "wrong password"}); r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("failure %d: code %q", i+1, r.Code())
		}
	}
	before := counts(t, s)
	// The eleventh attempt is refused, even with the right password.
	if r := s.Query("", doc, map[string]any{"p": testserver.Password}); r.Code() != "RATE_LIMITED" {
		t.Fatalf("after 10 failures: code %q, want RATE_LIMITED", r.Code())
	}
	if after := counts(t, s); after != before {
		t.Fatalf("rows changed from %v to %v", before, after)
	}
	// Another account is not affected.
	s.CreateUser("bob", authz.GroupUser)
}
