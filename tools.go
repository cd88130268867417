//go:build tools

// Package main pins the code generators in go.mod so that `go generate`
// runs the same versions everywhere.
package main

import (
	_ "entgo.io/contrib/entgql"
	_ "entgo.io/ent/entc/gen"
	_ "github.com/99designs/gqlgen"
	_ "github.com/Khan/genqlient"
)
