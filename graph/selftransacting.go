package graph

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"orgraph/internal/errcode"
)

// selfTransacting are the mutations that manage their own transactions:
// they hash a password (tens of milliseconds of CPU), which must never run
// while a transaction holds a connection and row locks, so the
// transactioner leaves them alone and internal/auth hashes first, then
// writes in a short transaction.
var selfTransacting = map[string]bool{"signIn": true, "signUp": true}

// selfTransactingOperation reports whether the mutation operation oc is one
// self-transacting field (besides __typename). Such a field must be alone in
// its operation: mixing it with other mutations would put its hash inside
// their transaction, and a document of many aliased sign-ins would
// multiply the hashing one request can ask for.
func selfTransactingOperation(oc *graphql.OperationContext) (bool, *gqlerror.Error) {
	var self, other int
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"}) {
		switch {
		case selfTransacting[f.Name]:
			self++
		case f.Name != "__typename":
			other++
		}
	}
	if self == 0 {
		return false, nil
	}
	if self > 1 || other > 0 {
		err := gqlerror.Errorf("signIn and signUp must be the only field of their mutation operation")
		err.Extensions = map[string]any{"code": errcode.BadUserInput}
		return false, err
	}
	return true, nil
}
