// Package policy applies the rule table of internal/authz to ent: every
// entity's privacy policy is built by one adapter (entity) from two halves
// of the table, "who sees what" (a predicate, visible.go) and "who may
// write what" (a decision, writes.go). Reads are filtered down to what the
// viewer may see -- at every depth: lists, node(id:), nested edges and the
// has...With predicates of where-filters (RestrictWhere) -- and writes are
// denied unless the decision allows them.
package policy

import (
	"context"
	"reflect"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

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

// IsSystem reports whether privacy is bypassed (WithSystem): trusted code
// that decides for itself.
func IsSystem(ctx context.Context) bool {
	decision, ok := privacy.DecisionFromContext(ctx)
	return ok && decision == nil
}

// visibility is the read half of an entity's rules: the predicate that
// keeps the rows the viewer may see; nil keeps them all (admins).
type visibility[P ~func(*sql.Selector)] func(ctx context.Context, v *viewer.Viewer) (P, error)

// decision is the write half: nil allows the mutation, an error denies it.
type decision[M ent.Mutation] func(ctx context.Context, v *viewer.Viewer, m M) error

// entity builds an entity's privacy policy from its two halves. Q is the
// entity's query type and W its where-input type (registered so that
// RestrictWhere applies the same predicate inside has...With filters).
// Anonymous requests are refused both ways.
func entity[Q interface{ Where(...P) Q }, W interface{ AddPredicates(...P) }, P ~func(*sql.Selector), M ent.Mutation](see visibility[P], write decision[M]) ent.Policy {
	if see != nil {
		restrictors[reflect.TypeFor[W]()] = func(ctx context.Context, w any) error {
			p, err := see.of(ctx)
			if p != nil {
				w.(W).AddPredicates(p)
			}
			return err
		}
	}
	return privacy.Policy{
		Query: privacy.QueryPolicy{privacy.QueryRuleFunc(func(ctx context.Context, q ent.Query) error {
			if see == nil {
				return privacy.Allow
			}
			mark, marked := shownFor(ctx, q) // rows that follow from a visible row (follow.go)
			if marked && mark.all {
				return privacy.Skip
			}
			p, err := see.of(ctx)
			if err != nil {
				return err
			}
			if p != nil && marked {
				p = P(sql.OrPredicates(mark.rows, (func(*sql.Selector))(p)))
			}
			if p != nil {
				q.(Q).Where(p)
			}
			return privacy.Skip
		})},
		Mutation: privacy.MutationPolicy{privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
			v := viewer.FromContext(ctx)
			switch {
			case v == nil:
				return errcode.ErrUnauthenticated
			case write == nil:
				return errForbidden
			}
			if err := write(ctx, v, m.(M)); err != nil {
				return err
			}
			return privacy.Allow
		})},
	}
}

// of evaluates the predicate for the viewer of ctx.
func (see visibility[P]) of(ctx context.Context) (P, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, errcode.ErrUnauthenticated
	}
	return see(ctx, v)
}

// systemOnly is the policy of bookkeeping entities (tokens, resends): only
// code running WithSystem reads or writes them.
func systemOnly() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// errForbidden refuses a write no rule allows.
var errForbidden = errcode.New(errcode.Forbidden, "you are not allowed to do this")

// errNotFound is the answer about something the viewer may not see: the
// same as for something that never existed.
func errNotFound(kind string) error { return errcode.NotFoundf(kind) }

// noWhereInput stands for the where input of an entity that GraphQL
// offers no where-filter for.
type noWhereInput[P any] struct{}

func (*noWhereInput[P]) AddPredicates(...P) {}
