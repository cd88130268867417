package graph_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/coder/websocket"

	"orgraph/internal/authz"
	"orgraph/internal/config"
	"orgraph/internal/testserver"
)

// eventReplicas returns two servers on one database that share live
// events: on MariaDB two replicas through the NATS server on this machine
// (a subject of the test's own, so that parallel tests do not see each
// other's events), on SQLite one server with its in-process bus, twice.
func eventReplicas(t *testing.T, opts ...testserver.Option) (a, b *testserver.Server) {
	t.Helper()
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	nats := func(c *config.Config) {}
	if testserver.UsesMariaDB() {
		nats = func(c *config.Config) {
			c.Events.NATSURL, c.Events.NATSSubject = "nats://127.0.0.1:4222", "orgraph.test."+hex.EncodeToString(suffix)
		}
	}
	a = testserver.New(t, append(opts, nats)...)
	if !testserver.UsesMariaDB() {
		return a, a
	}
	return a, a.Replica()
}

const orgEventsDoc = `subscription($o: ID!) { organizationEvents(organizationID: $o) { type organizationID actorID targetID userID role previousRole } }`
const myInvitationEventsDoc = `subscription { myInvitationEvents { type invitationID organizationID role } }`

// nextEvent reads the next message of ws, which must be an event of
// subscription id, and returns its data as JSON.
func nextEvent(t *testing.T, ws *testserver.WS, id string) string {
	t.Helper()
	m := ws.Next()
	if m.Type != "next" || m.ID != id {
		t.Fatalf("want an event of %s, got %s %s %s", id, m.Type, m.ID, m.Payload)
	}
	var p struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.Unmarshal(m.Payload, &p); err != nil || len(p.Errors) > 0 {
		t.Fatalf("event payload %s", m.Payload)
	}
	return compactJSON(p.Data)
}

func requireEvent(t *testing.T, ws *testserver.WS, id, want string) {
	t.Helper()
	if got := nextEvent(t, ws, id); got != compactJSON([]byte(want)) {
		t.Fatalf("event of %s:\n got  %s\n want %s", id, got, compactJSON([]byte(want)))
	}
}

// requireSubscriptionError reads an error message for id with code.
func requireSubscriptionError(t *testing.T, ws *testserver.WS, id, code string) {
	t.Helper()
	m := ws.Next()
	var p struct {
		Data   json.RawMessage
		Errors []struct{ Extensions map[string]any }
	}
	_ = json.Unmarshal(m.Payload, &p)
	if m.Type != "next" || m.ID != id || string(p.Data) != "null" || len(p.Errors) != 1 || p.Errors[0].Extensions["code"] != code {
		t.Fatalf("want a %s error of %s, got %s %s %s", code, id, m.Type, m.ID, m.Payload)
	}
	if m := ws.Next(); m.Type != "complete" || m.ID != id {
		t.Fatalf("want complete after the error of %s, got %s %s %s", id, m.Type, m.ID, m.Payload)
	}
}

func orgEvent(typ string, org, actor, target, user int, role, previous string) string {
	opt := func(id int) string {
		if id == 0 {
			return "null"
		}
		return fmt.Sprintf("%q", idOf(id))
	}
	q := func(s string) string {
		if s == "" {
			return "null"
		}
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf(`{"organizationEvents":{"type":%q,"organizationID":%q,"actorID":%s,"targetID":%q,"userID":%s,"role":%s,"previousRole":%s}}`,
		typ, idOf(org), opt(actor), idOf(target), opt(user), q(role), q(previous))
}

func TestLiveEventsReachWhoMaySeeThem(t *testing.T) {
	a, b := eventReplicas(t)
	owner := a.CreateUser("owner", authz.GroupUser)
	maint, worker := a.CreateUser("maint", authz.GroupUser), a.CreateUser("worker", authz.GroupUser)
	outsider, invitee := a.CreateUser("outsider", authz.GroupUser), a.CreateUser("invitee", authz.GroupUser)
	org := createOrg(t, a, owner.Token, "acme")
	other := createOrg(t, a, outsider.Token, "other")
	joinViaAPI(t, a, owner.Token, org, maint, authz.RoleMaintainer)
	workerM := joinViaAPI(t, a, owner.Token, org, worker, authz.RoleWorker)

	// Subscribers on both replicas; the mutations run on a.
	mws, wws := a.Connect(maint.Token), b.Connect(worker.Token)
	mws.Subscribe("m", orgEventsDoc, map[string]any{"o": idOf(org)})
	wws.Subscribe("w", orgEventsDoc, map[string]any{"o": idOf(org)})
	ows := b.Connect(outsider.Token)
	ows.Subscribe("acme", orgEventsDoc, map[string]any{"o": idOf(org)})
	requireSubscriptionError(t, ows, "acme", "NOT_FOUND")
	ows.Subscribe("other", orgEventsDoc, map[string]any{"o": idOf(other)})
	iws := b.Connect(invitee.Token)
	iws.Subscribe("i", myInvitationEventsDoc, nil)
	testserver.WaitFor(t, "the subscriptions", func() bool {
		n := a.Events.Subscribers()
		if a != b {
			n += b.Events.Subscribers()
		}
		return n == 4
	})

	inv, key := inviteWithKeyViaAPI(t, a, owner.Token, org, invitee.Email, authz.RoleWorker)
	requireEvent(t, mws, "m", orgEvent("INVITATION_SENT", org, owner.ID, inv, 0, "WORKER", ""))
	requireEvent(t, iws, "i", fmt.Sprintf(`{"myInvitationEvents":{"type":"INVITATION_SENT","invitationID":%q,"organizationID":%q,"role":"WORKER"}}`, idOf(inv), idOf(org)))
	var acc struct{ AcceptInvitation struct{ ID string } }
	a.MustQuery(invitee.Token, acceptDoc, map[string]any{"k": key}, &acc)
	inviteeM := parseID(t, acc.AcceptInvitation.ID)
	requireEvent(t, mws, "m", orgEvent("INVITATION_ACCEPTED", org, invitee.ID, inv, 0, "WORKER", ""))
	requireEvent(t, mws, "m", orgEvent("MEMBER_JOINED", org, invitee.ID, inviteeM, invitee.ID, "WORKER", ""))
	requireEvent(t, iws, "i", fmt.Sprintf(`{"myInvitationEvents":{"type":"INVITATION_ACCEPTED","invitationID":%q,"organizationID":%q,"role":"WORKER"}}`, idOf(inv), idOf(org)))
	// The worker sees member events, not invitation events: its first
	// event is the join.
	requireEvent(t, wws, "w", orgEvent("MEMBER_JOINED", org, invitee.ID, inviteeM, invitee.ID, "WORKER", ""))

	// Removed mid-subscription: the removal is the worker's last message
	// (complete, no event); the maintainer sees it.
	a.MustQuery(owner.Token, `mutation($m: ID!) { removeMember(membershipID: $m) { membershipID } }`, map[string]any{"m": idOf(workerM)}, nil)
	requireEvent(t, mws, "m", orgEvent("MEMBER_REMOVED", org, owner.ID, workerM, worker.ID, "", "WORKER"))
	if m := wws.Next(); m.Type != "complete" || m.ID != "w" {
		t.Fatalf("the removed worker got %s %s %s, want complete", m.Type, m.ID, m.Payload)
	}
	a.MustQuery(owner.Token, `mutation($m: ID!) { changeMemberRole(membershipID: $m, role: SUPERVISOR) { id } }`, map[string]any{"m": idOf(inviteeM)}, nil)
	requireEvent(t, mws, "m", orgEvent("ROLE_CHANGED", org, owner.ID, inviteeM, invitee.ID, "SUPERVISOR", "WORKER"))
	// A new subscription of the removed worker: NOT_FOUND.
	wws.Subscribe("w2", orgEventsDoc, map[string]any{"o": idOf(org)})
	requireSubscriptionError(t, wws, "w2", "NOT_FOUND")

	// The outsider's first event is one of their own organization: none
	// of acme's ever arrived.
	otherInv := inviteViaAPI(t, a, outsider.Token, other, "z@example.com", authz.RoleWorker)
	requireEvent(t, ows, "other", orgEvent("INVITATION_SENT", other, outsider.ID, otherInv, 0, "WORKER", ""))
}

func TestWebSocketConnectionRules(t *testing.T) {
	s := testserver.New(t, func(c *config.Config) {
		c.Events.MaxPerConnection, c.Events.MaxPerUser = 2, 3
		c.CORSOrigins = []string{"https://app.example.com"}
	})
	owner := s.CreateUser("owner", authz.GroupUser)
	org := createOrg(t, s, owner.Token, "acme")
	// No token, or a wrong one: closed with 4403 at connection_init.
	for _, payload := range []string{`{}`, `{"Authorization":"Bearer nope"}`} {
		ws, _, err := s.DialWS(nil)
		if err != nil {
			t.Fatal(err)
		}
		ws.Send(testserver.WSMessage{Type: "connection_init", Payload: json.RawMessage(payload)})
		if code := ws.CloseStatus(); code != 4403 {
			t.Fatalf("connection_init %s: closed with %d, want 4403", payload, code)
		}
	}
	// The origin check follows CORS_ORIGINS.
	if _, status, err := s.DialWS(http.Header{"Origin": {"https://evil.example.com"}}); err == nil || status != http.StatusForbidden {
		t.Fatalf("a foreign origin: status %d, err %v; want 403", status, err)
	}
	if ws, _, err := s.DialWS(http.Header{"Origin": {"https://app.example.com"}}); err != nil {
		t.Fatalf("the configured origin: %v", err)
	} else {
		_ = ws.Conn.CloseNow()
	}
	// Two subscriptions per connection, three per user.
	c1 := s.Connect(owner.Token)
	// (Each subscription starts on a goroutine of its own: wait for the
	// first two before the third.)
	c1.Subscribe("1", orgEventsDoc, map[string]any{"o": idOf(org)})
	c1.Subscribe("2", orgEventsDoc, map[string]any{"o": idOf(org)})
	testserver.WaitFor(t, "two subscriptions", func() bool { return s.Events.Subscribers() == 2 })
	c1.Subscribe("3", orgEventsDoc, map[string]any{"o": idOf(org)})
	requireSubscriptionError(t, c1, "3", "RATE_LIMITED")
	c2 := s.Connect(owner.Token)
	c2.Subscribe("4", orgEventsDoc, map[string]any{"o": idOf(org)})
	testserver.WaitFor(t, "three subscriptions", func() bool { return s.Events.Subscribers() == 3 })
	c2.Subscribe("5", orgEventsDoc, map[string]any{"o": idOf(org)})
	requireSubscriptionError(t, c2, "5", "RATE_LIMITED")
	// Ending one frees its slot.
	c1.Send(testserver.WSMessage{Type: "complete", ID: "1"})
	testserver.WaitFor(t, "the slot", func() bool { return s.Events.Subscribers() == 2 })
	c2.Subscribe("6", orgEventsDoc, map[string]any{"o": idOf(org)})
	testserver.WaitFor(t, "the new subscription", func() bool { return s.Events.Subscribers() == 3 })
	inviteViaAPI(t, s, owner.Token, org, "x@example.com", authz.RoleWorker)
	// (The two subscriptions send in either order.)
	if m1, m2 := c2.Next(), c2.Next(); m1.Type != "next" || m2.Type != "next" || m1.ID+m2.ID != "46" && m1.ID+m2.ID != "64" {
		t.Fatalf("want an event of 4 and one of 6, got %s %s and %s %s", m1.Type, m1.ID, m2.Type, m2.ID)
	}
	// Subscriptions are for WebSocket: over POST, a coded error.
	if r := s.Query(owner.Token, `subscription { myInvitationEvents { type } }`, nil); len(r.Errors) == 0 {
		t.Fatalf("a subscription over POST answered %s", r.Data)
	}
}

func TestWebSocketInitTimeout(t *testing.T) {
	s := testserver.New(t, func(c *config.Config) { c.Events.InitTimeout = 1 })
	ws, _, err := s.DialWS(nil)
	if err != nil {
		t.Fatal(err)
	}
	if code := ws.CloseStatus(); code != websocket.StatusProtocolError {
		t.Fatalf("no connection_init: closed with %d, want %d", code, websocket.StatusProtocolError)
	}
}
