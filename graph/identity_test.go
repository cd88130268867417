package graph_test

import (
	"context"
	"testing"

	"orgraph/ent/invitation"
	"orgraph/internal/authz"
	"orgraph/internal/testserver"
)

func TestUsernamesAreASCII(t *testing.T) {
	s := testserver.New(t)
	s.MustQuery("", signUpDoc, signUpVars("sam", "sam@example.com", "s3cret-pass"), nil)
	s.MustQuery("", signUpDoc, signUpVars("admin", "admin@example.com", "s3cret-pass"), nil)
	for _, name := range []string{
		"ſam",   // long s
		"аdmin", // Cyrillic а
		"ｓａｍ",   // fullwidth
		"josé",
		"sam\u200b", // zero-width space
	} {
		before := counts(t, s)
		r := s.Query("", signUpDoc, signUpVars(name, "other@example.com", "s3cret-pass"))
		if r.Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "username" {
			t.Fatalf("username %q: %+v, want BAD_USER_INPUT on username", name, r.Errors)
		}
		if counts(t, s) != before {
			t.Fatalf("username %q: rows written", name)
		}
	}
}

func TestEmailsAreNormalized(t *testing.T) {
	s := testserver.New(t)
	var up struct{ SignUp authPayload }
	s.MustQuery("", signUpDoc, signUpVars("bob", "Bob@Example.com", "s3cret-pass"), &up)
	if e := up.SignUp.User.Email; e == nil || *e != "bob@example.com" {
		t.Fatalf("stored email %v, want bob@example.com", e)
	}
	for _, email := range []string{
		"bob@example.com",
		"BOB@EXAMPLE.COM",
		"ｂｏｂ@ｅｘａｍｐｌｅ.ｃｏｍ", // fullwidth
		"  Bob@Example.com ",
	} {
		r := s.Query("", signUpDoc, signUpVars("bob2", email, "s3cret-pass"))
		if r.Code() != "CONFLICT" || r.Errors[0].Extensions["field"] != "email" {
			t.Fatalf("email %q: %+v, want CONFLICT on email", email, r.Errors)
		}
	}
	s.MustQuery("", signUpDoc, signUpVars("sam", "sam@example.com", "s3cret-pass"), nil)
	if r := s.Query("", signUpDoc, signUpVars("sam2", "ſam@example.com", "s3cret-pass")); r.Code() != "CONFLICT" {
		t.Fatalf("ſam@example.com next to sam@example.com: %+v, want CONFLICT", r.Errors)
	}
	// Letters of another script are another mailbox (documented): Cyrillic
	// а is not Latin a.
	s.MustQuery("", signUpDoc, signUpVars("admin", "admin@example.com", "s3cret-pass"), nil)
	s.MustQuery("", signUpDoc, signUpVars("admin2", "аdmin@example.com", "s3cret-pass"), nil)

	// Sign-in by email compares the normalized form.
	for _, login := range []string{"ｂｏｂ@example.com", "BOB@example.com", "ＢＯＢ"} {
		var in struct {
			SignIn struct{ User struct{ Username string } }
		}
		s.MustQuery("", `mutation($l: String!) { signIn(input: {login: $l, password: "s3cret-pass"}) { user { username } } }`, map[string]any{"l": login}, &in)
		if in.SignIn.User.Username != "bob" {
			t.Fatalf("signIn as %q = %+v", login, in.SignIn)
		}
	}
}

func TestInvitationsCompareNormalizedEmails(t *testing.T) {
	s := testserver.New(t)
	owner := s.CreateUser("owner", authz.GroupUser)
	bob := s.CreateUser("bob", authz.GroupUser) // bob@example.com
	var org struct{ CreateOrganization struct{ ID string } }
	s.MustQuery(owner.Token, `mutation { createOrganization(input: {slug: "acme", name: "Acme"}) { id } }`, nil, &org)
	const invite = `mutation($o: ID!, $e: String!) { inviteMember(input: {organizationID: $o, email: $e, role: WORKER}) { id } }`
	vars := func(email string) map[string]any { return map[string]any{"o": org.CreateOrganization.ID, "e": email} }

	s.MustQuery(owner.Token, invite, vars("ｂｏｂ@Example.com"), nil)
	inv := s.Client.Invitation.Query().OnlyX(testserver.SystemCtx())
	if inv.Email != "bob@example.com" {
		t.Fatalf("invitation email %q, want bob@example.com", inv.Email)
	}
	// The same address written otherwise is the same pending invitation.
	mustCode(t, "second invitation", s.Query(owner.Token, invite, vars("BOB@EXAMPLE.COM")), "CONFLICT")
	s.Mailer.Wait()
	m := keyInLog.FindStringSubmatch(s.Logs.String())
	if m == nil {
		t.Fatal("no invitation key in the logs")
	}
	// Bob's account email matches the invitation's.
	s.MustQuery(bob.Token, `mutation($k: String!) { acceptInvitation(key: $k) { role } }`, map[string]any{"k": m[1]}, nil)
	if n := s.Client.Invitation.Query().Where(invitation.StatusEQ(authz.InvitationAccepted)).CountX(testserver.SystemCtx()); n != 1 {
		t.Fatalf("accepted invitations = %d", n)
	}
	// And a member is recognized under any form of the address.
	mustCode(t, "inviting a member", s.Query(owner.Token, invite, vars("ＢＯＢ@example.com")), "CONFLICT")
}

func TestLoginNamingTwoUsersPrefersTheUsername(t *testing.T) {
	s := testserver.New(t)
	s.MustQuery("", signUpDoc, signUpVars("carol@example.com", "first@example.com", "first-pass"), nil)
	s.MustQuery("", signUpDoc, signUpVars("carol", "Carol@example.com", "second-pass"), nil)
	var in struct {
		SignIn struct{ User struct{ Username string } }
	}
	s.MustQuery("", `mutation { signIn(input: {login: "carol@example.com", password: "first-pass"}) { user { username } } }`, nil, &in)
	if in.SignIn.User.Username != "carol@example.com" {
		t.Fatalf("signed in as %q, want the user whose username the login is", in.SignIn.User.Username)
	}
	// The other user signs in by username.
	s.MustQuery("", `mutation { signIn(input: {login: "carol", password: "second-pass"}) { token } }`, nil, nil)
}

func TestSignUpRacingForAName(t *testing.T) {
	// Another sign-up takes the name while this one hashes (outside any
	// transaction): the unique index refuses the insert, and the answer is
	// the same CONFLICT as when the name was taken before.
	s := testserver.New(t)
	s.Auth.OnHash(func(context.Context) {
		s.Client.User.Create().SetUsername("Dave").SetEmail("first@example.com").SetPasswordHash("x").SaveX(testserver.SystemCtx())
	})
	before := counts(t, s)
	r := s.Query("", signUpDoc, signUpVars("dave", "second@example.com", "s3cret-pass"))
	if r.Code() != "CONFLICT" || r.Errors[0].Extensions["field"] != "username" {
		t.Fatalf("got %+v, want CONFLICT on username", r.Errors)
	}
	if after := counts(t, s); after != [2]int{before[0] + 1, before[1]} {
		t.Fatalf("rows %v -> %v: want only the other user", before, after)
	}
}
