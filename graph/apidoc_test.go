package graph

import (
	"regexp"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
)

// Every query and mutation the schema serves is in the reference, with who
// may call it and its errors: the descriptions carry them.
func TestAPIDocCoversEveryOperation(t *testing.T) {
	doc, s := APIMarkdown(), servedSchema()
	for _, root := range []string{"Query", "Mutation"} {
		for _, f := range s.Types[root].Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if !strings.Contains(doc, "### `"+f.Name+"`") {
				t.Errorf("%s.%s is not in docs/API.md", root, f.Name)
			}
			// node, nodes and organizations are entgql's; their rules are
			// those of the introduction (IDs) and of their descriptions.
			if root == "Mutation" && (!strings.Contains(f.Description, "Who:") || !strings.Contains(f.Description, "Errors:")) {
				t.Errorf("Mutation.%s: the description does not say who may call it and its errors", f.Name)
			}
		}
	}
}

// The examples of docs/API.md are valid against the served schema (the
// default validation rules), so a schema change that breaks one fails here.
func TestAPIDocExamplesValidate(t *testing.T) {
	s := servedSchema()
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```").FindAllStringSubmatch(apiExamples, -1)
	if len(blocks) != 5 {
		t.Fatalf("%d examples, want 5", len(blocks))
	}
	for _, b := range blocks {
		if _, errs := gqlparser.LoadQueryWithRules(s, b[1], nil); len(errs) > 0 {
			t.Errorf("example does not validate: %v\n%s", errs, b[1])
		}
	}
}
