package auth

import (
	"testing"

	"orgraph/internal/authz"
)

func TestParseRoles(t *testing.T) {
	roles, ok := parseRoles("7:OWNER,9:WORKER", 2)
	if !ok || roles[7] != authz.RoleOwner || roles[9] != authz.RoleWorker || len(roles) != 2 {
		t.Errorf("parseRoles = %v, %v", roles, ok)
	}
	if roles, ok := parseRoles("", 0); !ok || len(roles) != 0 {
		t.Errorf("no memberships: %v, %v", roles, ok)
	}
	// A truncated aggregate (fewer pairs than memberships, or a cut pair)
	// is never taken for the roles: they are then loaded on first use.
	for _, s := range []string{"7:OWNER", "7:OWNER,9:WORK", "7:OWNER,9"} {
		if _, ok := parseRoles(s, 2); ok {
			t.Errorf("parseRoles(%q, 2) accepted", s)
		}
	}
}

func TestParseCountedRoles(t *testing.T) {
	if roles, ok := parseCountedRoles("2|7:OWNER,9:WORKER"); !ok || roles[7] != authz.RoleOwner || roles[9] != authz.RoleWorker || len(roles) != 2 {
		t.Errorf("parseCountedRoles = %v, %v", roles, ok)
	}
	if roles, ok := parseCountedRoles("0|"); !ok || len(roles) != 0 {
		t.Errorf("no memberships: %v, %v", roles, ok)
	}
	// The count is the guard: a pair missing (truncated) or a malformed
	// count never passes for the roles.
	for _, s := range []string{"2|7:OWNER", "3|7:OWNER,9:WORKER", "x|7:OWNER", "7:OWNER", ""} {
		if _, ok := parseCountedRoles(s); ok {
			t.Errorf("parseCountedRoles(%q) accepted", s)
		}
	}
}
