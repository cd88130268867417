package main

// One `go generate ./...` reproduces every generated file: ent first (it
// writes ent/ and ent.graphql), then gqlgen (graph/), which reads ent.graphql,
// then the served schema (docs/schema.graphql) and the API reference made
// from its descriptions (docs/API.md). client/ (genqlient) comes after this
// package and reads docs/schema.graphql.
//go:generate go run ./ent/entc.go
//go:generate go run ./graph/gqlgen.go
//go:generate sh -c "go run . schema > docs/schema.graphql"
//go:generate sh -c "go run . apidoc > docs/API.md"
