package graph_test

import (
	"fmt"
	"testing"

	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

// permissionsFixture: acme owned by owner, with a maintainer, a supervisor,
// a worker (each a member), an admin and an outsider (neither a member).
type permissionsFixture struct {
	s                                              *testserver.Server
	org                                            int
	owner, maint, sup, work, admin, outsider, wgrp *testserver.User
}

func newPermissionsFixture(t *testing.T) *permissionsFixture {
	s, owner, org := ownedOrganization(t)
	f := &permissionsFixture{s: s, org: org, owner: owner}
	users := s.CreateUsers(authz.GroupUser, "maint", "sup", "work", "outsider")
	f.maint, f.sup, f.work, f.outsider = users[0], users[1], users[2], users[3]
	f.admin = s.CreateUser("admin", authz.GroupAdmin)
	f.wgrp = s.CreateUser("wgrp", authz.GroupWorker)
	s.AddMember(org, f.maint, authz.RoleMaintainer)
	s.AddMember(org, f.sup, authz.RoleSupervisor)
	s.AddMember(org, f.work, authz.RoleWorker)
	s.AddMember(org, f.wgrp, authz.RoleSupervisor) // acts as a worker (WORKER system group)
	return f
}

const orgPermissionsDoc = `{ organization(slug: "acme") { viewerCan {
	edit { allowed reason } remove { allowed } seeInvitations { allowed } invite { allowed reason } inviteRoles
	manageInvitations { allowed } leave { allowed reason } transferOwnership { allowed }
	createProject { allowed } createTask { allowed } createJob { allowed } assignAny { allowed } } } }`

func TestOrganizationViewerCanFollowsTheRuleTable(t *testing.T) {
	f := newPermissionsFixture(t)
	const no, yes = `{"allowed":false}`, `{"allowed":true}`
	row := func(edit, remove, see, invite, roles, manage, leave, transfer, cp, ct, cj, assign string) string {
		return fmt.Sprintf(`{"organization":{"viewerCan":{"edit":%s,"remove":%s,"seeInvitations":%s,"invite":%s,"inviteRoles":%s,"manageInvitations":%s,"leave":%s,"transferOwnership":%s,"createProject":%s,"createTask":%s,"createJob":%s,"assignAny":%s}}}`,
			edit, remove, see, invite, roles, manage, leave, transfer, cp, ct, cj, assign)
	}
	ok := `{"allowed":true,"reason":null}`
	for _, c := range []struct {
		name string
		u    *testserver.User
		want string
	}{
		{"owner", f.owner, row(ok, yes, yes, ok, `["WORKER","SUPERVISOR","MAINTAINER"]`, yes,
			`{"allowed":false,"reason":"the owner cannot leave: transfer ownership first"}`, yes, yes, yes, yes, yes)},
		{"maintainer", f.maint, row(ok, no, yes, ok, `["WORKER","SUPERVISOR"]`, yes, ok, no, yes, yes, yes, yes)},
		{"supervisor", f.sup, row(`{"allowed":false,"reason":"this needs the role MAINTAINER or higher: edit the organization"}`, no, no,
			`{"allowed":false,"reason":"this needs the role MAINTAINER or higher: invite with role worker or supervisor"}`, `[]`, no, ok, no, yes, yes, yes, no)},
		{"worker", f.work, row(`{"allowed":false,"reason":"this needs the role MAINTAINER or higher: edit the organization"}`, no, no,
			`{"allowed":false,"reason":"this needs the role MAINTAINER or higher: invite with role worker or supervisor"}`, `[]`, no, ok, no, no, yes, no, no)},
		{"WORKER group", f.wgrp, row(`{"allowed":false,"reason":"this needs the role MAINTAINER or higher: edit the organization"}`, no, no,
			`{"allowed":false,"reason":"this needs the role MAINTAINER or higher: invite with role worker or supervisor"}`, `[]`, no, ok, no, no, no, no, no)},
		{"admin", f.admin, row(ok, yes, yes, ok, `["WORKER","SUPERVISOR","MAINTAINER"]`, yes,
			`{"allowed":false,"reason":"you are not a member of this organization"}`, yes, yes, yes, yes, yes)},
	} {
		t.Run(c.name, func(t *testing.T) { requireGQLData(t, f.s.Query(c.u.Token, orgPermissionsDoc, nil), c.want) })
	}
	// An outsider does not see the organization at all.
	requireGQLError(t, f.s.Query(f.outsider.Token, orgPermissionsDoc, nil), "NOT_FOUND", `{"organization":null}`)
}

// TestOrganizationViewerCanForAnInvitee: someone who only holds an
// invitation sees the organization's slug and name, and no permissions.
func TestOrganizationViewerCanForAnInvitee(t *testing.T) {
	f := newPermissionsFixture(t)
	f.s.SeedInvitation(f.org, f.owner, "outsider@example.com", authz.RoleWorker)
	requireGQLData(t, f.s.Query(f.outsider.Token, `{ myInvitations { edges { node { viewerCan { manage { allowed reason } } organization { slug viewerCan { edit { allowed } } deletionPreview { members } } } } } }`, nil),
		`{"myInvitations":{"edges":[{"node":{"viewerCan":{"manage":{"allowed":false,"reason":"you are not a member of this organization"}},"organization":{"slug":"acme","viewerCan":null,"deletionPreview":null}}}]}}`)
}

const memberPermissionsDoc = `{ organization(slug: "acme") { members(first: 10) { edges { node { user { username } viewerCan { changeRole { allowed reason } roles remove { allowed reason } } } } } } }`

func TestMembershipViewerCan(t *testing.T) {
	f := newPermissionsFixture(t)
	ok := `{"allowed":true,"reason":null}`
	member := func(name, change, roles, remove string) string {
		return fmt.Sprintf(`{"node":{"user":{"username":%q},"viewerCan":{"changeRole":%s,"roles":%s,"remove":%s}}}`, name, change, roles, remove)
	}
	ownerRow := func(reasonRemove string) string {
		return member("owner", `{"allowed":false,"reason":"the owner's role changes only through transferOwnership"}`, `[]`,
			fmt.Sprintf(`{"allowed":false,"reason":%q}`, reasonRemove))
	}
	self := func(name string) string {
		return member(name, `{"allowed":false,"reason":"nobody changes their own role"}`, `[]`, `{"allowed":false,"reason":"use leaveOrganization to leave"}`)
	}
	wrap := func(rows ...string) string {
		s := `{"organization":{"members":{"edges":[`
		for i, r := range rows {
			if i > 0 {
				s += ","
			}
			s += r
		}
		return s + `]}}}`
	}
	// The owner changes everyone (but themself) to any role.
	requireGQLData(t, f.s.Query(f.owner.Token, memberPermissionsDoc, nil), wrap(
		self("owner"),
		member("maint", ok, `["WORKER","SUPERVISOR"]`, ok),
		member("sup", ok, `["WORKER","MAINTAINER"]`, ok),
		member("work", ok, `["SUPERVISOR","MAINTAINER"]`, ok),
		member("wgrp", ok, `["WORKER","MAINTAINER"]`, ok)))
	// A maintainer: workers and supervisors, between those two roles only.
	requireGQLData(t, f.s.Query(f.maint.Token, memberPermissionsDoc, nil), wrap(
		ownerRow("the owner cannot be removed: transfer ownership first"),
		self("maint"),
		member("sup", ok, `["WORKER"]`, ok),
		member("work", ok, `["SUPERVISOR"]`, ok),
		member("wgrp", ok, `["WORKER"]`, ok)))
	// A supervisor: nothing.
	staff := "this needs the role MAINTAINER or higher: change a worker's or supervisor's role"
	removeStaff := "this needs the role MAINTAINER or higher: remove a worker or supervisor"
	none := func(name string) string {
		return member(name, fmt.Sprintf(`{"allowed":false,"reason":%q}`, staff), `[]`, fmt.Sprintf(`{"allowed":false,"reason":%q}`, removeStaff))
	}
	requireGQLData(t, f.s.Query(f.sup.Token, memberPermissionsDoc, nil), wrap(none("owner"), none("maint"), none("sup"), none("work"), none("wgrp")))
}

func TestInvitationViewerCan(t *testing.T) {
	f := newPermissionsFixture(t)
	inviteViaAPI(t, f.s, f.maint.Token, f.org, "x@example.com", authz.RoleWorker)
	inviteViaAPI(t, f.s, f.owner.Token, f.org, "y@example.com", authz.RoleWorker)
	doc := `{ organization(slug: "acme") { invitations { edges { node { email viewerCan { manage { allowed } } } } } } }`
	both := `{"organization":{"invitations":{"edges":[{"node":{"email":"y@example.com","viewerCan":{"manage":{"allowed":true}}}},{"node":{"email":"x@example.com","viewerCan":{"manage":{"allowed":true}}}}]}}}`
	requireGQLData(t, f.s.Query(f.maint.Token, doc, nil), both)
	requireGQLData(t, f.s.Query(f.owner.Token, doc, nil), both)
	// A supervisor sees none of the organization's invitations.
	requireGQLData(t, f.s.Query(f.sup.Token, doc, nil), `{"organization":{"invitations":{"edges":[]}}}`)
}

// TestSeeAuditLogMatchesAuditLog: viewerCan.seeAuditLog says yes exactly
// to those whom Organization.auditLog answers, FORBIDDEN to the others
// with the same words.
func TestSeeAuditLogMatchesAuditLog(t *testing.T) {
	f := newPermissionsFixture(t)
	const ok = `{"organization":{"viewerCan":{"seeAuditLog":{"allowed":true,"reason":null}}}}`
	const refused = "this needs the role MAINTAINER or higher: see the audit log"
	for _, c := range []struct {
		name    string
		u       *testserver.User
		allowed bool
	}{{"owner", f.owner, true}, {"maintainer", f.maint, true}, {"supervisor", f.sup, false}, {"worker", f.work, false}, {"admin", f.admin, true}} {
		t.Run(c.name, func(t *testing.T) {
			r := f.s.Query(c.u.Token, `{ organization(slug: "acme") { viewerCan { seeAuditLog { allowed reason } } } }`, nil)
			log := f.s.Query(c.u.Token, `{ organization(slug: "acme") { auditLog(first: 1) { totalCount } } }`, nil)
			if c.allowed {
				requireGQLData(t, r, ok)
				if len(log.Errors) > 0 {
					t.Fatalf("auditLog refused: %+v", log.Errors)
				}
				return
			}
			requireGQLData(t, r, fmt.Sprintf(`{"organization":{"viewerCan":{"seeAuditLog":{"allowed":false,"reason":%q}}}}`, refused))
			if msg := requireGQLError(t, log, "FORBIDDEN", `{"organization":null}`); msg != refused {
				t.Fatalf("auditLog refused with %q, viewerCan says %q", msg, refused)
			}
		})
	}
}
