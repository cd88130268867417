// Package policy holds the ent privacy policies of every entity. They are the
// real enforcement of SPEC sections 1, 3, 4 and 5: reads are filtered down to
// what the viewer may see (so node(id:), nested edges and where-filters leak
// nothing), writes are denied unless a rule allows them. The rules themselves
// (who may do what) are in internal/authz; this package applies them to ent
// queries and mutations.
package policy

import (
	"context"

	"entgo.io/ent"

	"orgraph/ent/privacy"
	"orgraph/internal/errcode"
	"orgraph/internal/viewer"
)

// WithSystem returns a context in which privacy rules allow everything. It
// is for trusted internal work that has already made its own check (token
// lookup, sign-up, sign-in, the createadmin command, cascades); keep its
// scope as narrow as the work.
func WithSystem(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// allowAdmin allows any operation to a viewer of the ADMIN system group.
func allowAdmin() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).IsAdmin() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// denyAnonymous denies any operation without a signed-in viewer.
func denyAnonymous() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx) == nil {
			return errcode.ErrUnauthenticated
		}
		return privacy.Skip
	})
}

// denyMutation ends a mutation policy: whatever no earlier rule allowed is
// denied.
func denyMutation() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(context.Context, ent.Mutation) error {
		return errcode.New(errcode.Forbidden, "you are not allowed to do this")
	})
}

// errNotFound is the answer about something the viewer may not see: the
// same as for something that never existed.
func errNotFound(kind string) error { return errcode.NotFoundf(kind) }
