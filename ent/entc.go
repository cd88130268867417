//go:build ignore

// This program generates the ent client and, through the entgql extension,
// ent.graphql. It runs from the module root (see generate.go).
package main

import (
	"fmt"
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"

	"orgraph/ent/gqlhooks"
)

// paginateOverride replaces entgql's Paginate body with
// ent/template/gql_paginate.tmpl (a first page that is not full needs no
// COUNT). It comes after the entgql extension, so its definition wins.
type paginateOverride struct{ entc.DefaultExtension }

func (paginateOverride) Templates() []*gen.Template {
	return []*gen.Template{
		gen.MustParse(gen.NewTemplate("gql_paginate").Funcs(entgql.TemplateFuncs).ParseFiles("./ent/template/gql_paginate.tmpl")),
		// Callers that load a unique edge themselves (internal/policy).
		gen.MustParse(gen.NewTemplate("edgeloads").ParseFiles("./ent/template/edgeloads.tmpl")),
	}
}

// jobTaskMayBeHidden makes Job.task nullable: a job's assignee sees the
// job but not its task unless they own or are assigned to the task (the
// seed's worker rule), so for them the task is null (gqlgen.yml gives the
// field a resolver that masks the not-found, as ent does for optional edges).
func jobTaskMayBeHidden(_ *gen.Graph, s *ast.Schema) error {
	t := s.Types["Job"]
	if t == nil || t.Fields.ForName("task") == nil {
		return fmt.Errorf("entc: no field Job.task")
	}
	t.Fields.ForName("task").Type.NonNull = false
	return nil
}

// userEmailIsHandWritten takes User.email out of the generated SDL:
// schema.graphqls declares it (nullable, with a resolver that applies
// RULES.md §7). ent/schema keeps the field in entgql's type so that field
// collection selects the email column for it.
func userEmailIsHandWritten(_ *gen.Graph, s *ast.Schema) error {
	t := s.Types["User"]
	if t == nil || t.Fields.ForName("email") == nil {
		return fmt.Errorf("entc: no field User.email")
	}
	fields := t.Fields[:0]
	for _, f := range t.Fields {
		if f.Name != "email" {
			fields = append(fields, f)
		}
	}
	t.Fields = fields
	return nil
}

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("./gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("./ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
		entgql.WithSchemaHook(append([]entgql.SchemaHook{jobTaskMayBeHidden, userEmailIsHandWritten}, gqlhooks.All...)...),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Target:  "./ent",
		Package: "orgraph/ent",
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureGlobalID,
			gen.FeatureLock,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
		},
	}, entc.Extensions(ex, paginateOverride{}))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
