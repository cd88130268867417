package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

// attack is one class of hostile request: the worst document of its kind
// that fits in a request body (1 MiB), sent anonymously.
type attack struct {
	name, what string
	body       []byte
}

// maxBody is the server's request body cap; every document stays under it.
const maxBody = 1<<20 - 1024

func gql(query string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err)
	}
	return b
}

// repeatUntil repeats unit between head and tail as often as fits in n bytes.
func repeatUntil(head, unit, tail string, n int) string {
	count := (n - len(head) - len(tail)) / len(unit)
	return head + strings.Repeat(unit, count) + tail
}

// attacks are the classes of docs/SECURITY.md, each at its worst.
func attacks(slug string) []attack {
	var fanOut strings.Builder
	fanOut.WriteString("query { ...F0 }\nfragment F0 on Query { ...F1 ...F1 }\n")
	const levels = 40
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&fanOut, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&fanOut, "fragment F%d on Query { __typename }\n", levels)

	var members strings.Builder
	members.WriteString(`query { organization(slug: "` + slug + `") { `)
	for range 10 {
		members.WriteString("members(first: 100) { edges { node { organization { ")
	}
	members.WriteString("id")
	members.WriteString(strings.Repeat(" } } } }", 10))
	members.WriteString(" } }")

	var work strings.Builder
	work.WriteString(`query { projects(organization: "` + slug + `", first: 100) { edges { node { `)
	for range 6 {
		work.WriteString("tasks(first: 100) { edges { node { project { ")
	}
	work.WriteString("id")
	work.WriteString(strings.Repeat(" } } } }", 6))
	work.WriteString(" } } } }")

	ids := make([]string, 0, 50000)
	for i := range 50000 {
		ids = append(ids, fmt.Sprint(4294967296+i+1))
	}

	return []attack{
		{"fragment fan-out", fmt.Sprintf("%d fragments, each spreading the next twice (2^%d fields expanded)", levels+1, levels),
			gql(fanOut.String(), nil)},
		{"repeated fields", "`{ a:__typename a:__typename ... }` to 1 MiB",
			gql(repeatUntil("{ ", "a:__typename ", "}", maxBody), nil)},
		{"nested connections", "organization > members(first: 100) > organization ... 10 levels",
			gql(members.String(), nil)},
		{"nested work", "projects > tasks(first: 100) > project ... 6 levels",
			gql(work.String(), nil)},
		{"deep nesting", "inline fragments nested to 1 MiB",
			func() []byte {
				levels := (maxBody - 64) / len("... on Query { } ")
				return gql("{ "+strings.Repeat("... on Query { ", levels)+"__typename"+strings.Repeat(" }", levels)+" }", nil)
			}()},
		{"nodes(ids:)", "50,000 ids in one variable",
			func() []byte {
				return gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", map[string]any{"ids": ids})
			}()},
		{"directive flood", "`__typename @a @a ...` to 1 MiB",
			gql(repeatUntil("{ __typename ", "@a ", "}", maxBody), nil)},
		{"operations flood", "`query Q1 { __typename } query Q2 ...` to 1 MiB",
			gql(func() string {
				var b strings.Builder
				for i := 0; b.Len() < maxBody-64; i++ {
					fmt.Fprintf(&b, "query Q%d { __typename } ", i)
				}
				return b.String()
			}(), nil)},
		{"token flood", "a selection of 1 MiB of one-letter fields",
			gql(repeatUntil("{ ", "a ", "}", maxBody), nil)},
	}
}
