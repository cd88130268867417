package main

// One `go generate ./...` reproduces every generated file: ent first (it
// writes ent/ and ent.graphql), then gqlgen (graph/), which reads ent.graphql.
//go:generate go run ./ent/entc.go
//go:generate go run ./graph/gqlgen.go
