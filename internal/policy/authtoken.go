package policy

import (
	"entgo.io/ent"

	"orgraph/ent/privacy"
)

// AuthToken is the privacy policy of bearer tokens: only the auth package,
// under WithSystem, reads or writes them. Anything else is denied.
func AuthToken() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}
