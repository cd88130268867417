package testserver

import (
	"fmt"
	"time"

	"orgraph/internal/authz"
)

// The fixture builder every end-to-end test seeds with: users, and
// organizations with members and invitations written directly (under
// SystemCtx, so the hooks run but no policy) for what a test only needs to
// exist, and CreateOrganization through the API for what it needs to have
// been made the product's way.

// CreateUsers creates users of one group (CreateUser for each name).
func (s *Server) CreateUsers(group authz.Group, names ...string) []*User {
	s.t.Helper()
	out := make([]*User, len(names))
	for i, n := range names {
		out[i] = s.CreateUser(n, group)
	}
	return out
}

// CreateOrganization creates an organization through the API, as token's
// user (who becomes its owner), and returns its ID.
func (s *Server) CreateOrganization(token, slug string) int {
	s.t.Helper()
	var out struct{ CreateOrganization struct{ ID string } }
	s.MustQuery(token, `mutation($s: String!) { createOrganization(input: {slug: $s}) { id } }`, map[string]any{"s": slug}, &out)
	var id int
	if _, err := fmt.Sscan(out.CreateOrganization.ID, &id); err != nil {
		s.t.Fatalf("createOrganization returned ID %q", out.CreateOrganization.ID)
	}
	return id
}

// SeedOrganization writes an organization owned by owner, with the
// owner's membership, and returns its ID.
func (s *Server) SeedOrganization(slug string, owner *User) int {
	s.t.Helper()
	ctx := SystemCtx()
	o := s.Client.Organization.Create().SetSlug(slug).SetName(slug).SetOwnerID(owner.ID).SaveX(ctx)
	s.AddMember(o.ID, owner, authz.RoleOwner)
	return o.ID
}

// AddMember writes an active membership and returns its ID.
func (s *Server) AddMember(orgID int, u *User, role authz.Role) int {
	s.t.Helper()
	return s.Client.Membership.Create().SetOrganizationID(orgID).SetUserID(u.ID).SetRole(role).SaveX(SystemCtx()).ID
}

// SeedInvitation writes a pending invitation (its key unknown to anyone:
// it can be seen, not accepted) and returns its ID.
func (s *Server) SeedInvitation(orgID int, by *User, email string, role authz.Role) int {
	s.t.Helper()
	return s.Client.Invitation.Create().SetOrganizationID(orgID).SetEmail(email).SetPendingEmail(email).
		SetRole(role).SetInvitedByID(by.ID).SetKeyHash(make([]byte, 32)).
		SetExpiresAt(time.Now().Add(time.Hour)).SaveX(SystemCtx()).ID
}
