//go:build ignore

// This program generates the ent client and, through the entgql extension,
// ent.graphql. It runs from the module root (see generate.go).
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"strings"

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
	if err := resolverFieldsAreKnown(); err != nil {
		log.Fatal(err)
	}
}

// resolverColumns lists, for a GraphQL type, the fields that hand-written
// resolvers (schema.graphqls) answer and the columns each reads from the
// entity. entgql's field collection knows only the fields it generated:
// on any other field it selects every column, in case a resolver needs
// them, so a list of organizations asking for their viewerRole read each
// organization's description and contacts too. With these listed, it
// selects the columns asked for. A resolver added to the type and not
// listed here still makes it select every column: a missing entry costs
// speed, never a wrong answer; a column a resolver reads and its entry
// forgets would be a zero value, so each entry names all the columns its
// resolver reads (graph/schema.resolvers.go, graph/permissions.resolvers.go).
var resolverColumns = map[string][]struct {
	field   string
	columns []string
}{
	"Organization": {
		{"description", []string{"FieldDescription"}},
		{"contact", []string{"FieldContactEmail", "FieldContactPhone", "FieldContactLocation"}},
		{"owner", []string{"FieldOwnerID"}},
		// These read the ID only.
		{"viewerRole", nil}, {"viewerCan", nil}, {"invitations", nil}, {"auditLog", nil}, {"deletionPreview", nil},
	},
}

// resolverFieldsAreKnown adds resolverColumns to the generated collection
// (ent/gql_collection.go) as cases before its catch-all.
func resolverFieldsAreKnown() error {
	const path = "./ent/gql_collection.go"
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for typ, fields := range resolverColumns {
		pkg := strings.ToLower(typ)
		head := "func (_q *" + typ + "Query) collectField("
		start := bytes.Index(src, []byte(head))
		if start < 0 {
			return fmt.Errorf("entc: %s: no %s", path, head)
		}
		end := start + bytes.Index(src[start:], []byte("\n}\n"))
		const catchAll = "\t\tcase \"__typename\":\n\t\tdefault:\n\t\t\tunknownSeen = true\n"
		at := bytes.Index(src[start:end], []byte(catchAll))
		if at < 0 {
			return fmt.Errorf("entc: %s: %sQuery.collectField has no catch-all (entgql changed?)", path, typ)
		}
		var cases bytes.Buffer
		for _, f := range fields {
			fmt.Fprintf(&cases, "\t\tcase %q: // a resolver's (ent/entc.go)\n", f.field)
			for _, c := range f.columns {
				fmt.Fprintf(&cases, "\t\t\tif _, ok := fieldSeen[%[1]s.%[2]s]; !ok {\n\t\t\t\tselectedFields = append(selectedFields, %[1]s.%[2]s)\n\t\t\t\tfieldSeen[%[1]s.%[2]s] = struct{}{}\n\t\t\t}\n", pkg, c)
			}
		}
		at += start
		src = append(src[:at:at], append(cases.Bytes(), src[at:]...)...)
	}
	return os.WriteFile(path, src, 0o644)
}
