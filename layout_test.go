package main

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPackageMap checks the import rules of docs/DESIGN.md's package map on
// the product's non-test code: the rules know nothing of ent, the GraphQL
// layer is reached only through the HTTP surface, and test and measurement
// helpers stay out of the serving path.
func TestPackageMap(t *testing.T) {
	imports := map[string][]string{} // package -> its imports (non-test files)
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if path == "bench" || strings.HasPrefix(d.Name(), ".") && path != "." {
			return filepath.SkipDir // another module; hidden folders
		}
		pkg, err := build.ImportDir(path, 0)
		if err != nil {
			return nil // no Go files here
		}
		imports[filepath.ToSlash(filepath.Join("orgraph", path))] = pkg.Imports
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 20 {
		t.Fatalf("found only %d packages: is the test running from the module root?", len(imports))
	}
	importers := func(target string) []string {
		var out []string
		for p, imps := range imports {
			if slices.Contains(imps, target) {
				out = append(out, p)
			}
		}
		slices.Sort(out)
		return out
	}
	onlyImportedBy := map[string][]string{
		"orgraph/graph":               {"orgraph/internal/httpapi"},
		"orgraph/internal/httpapi":    {"orgraph/internal/app", "orgraph/internal/testserver"},
		"orgraph/internal/app":        {"orgraph"},
		"orgraph/internal/testserver": nil, // _test.go files only
		"orgraph/internal/sqlcount":   {"orgraph/internal/testserver"},
	}
	for target, allowed := range onlyImportedBy {
		for _, p := range importers(target) {
			if !slices.Contains(allowed, p) {
				t.Errorf("%s imports %s; only %v may (docs/DESIGN.md, package map)", p, target, allowed)
			}
		}
	}
	// The rules are plain Go: both authorization layers ask them.
	for _, imp := range imports["orgraph/internal/authz"] {
		if strings.HasPrefix(imp, "entgo.io/") || strings.HasPrefix(imp, "orgraph/ent") ||
			strings.HasPrefix(imp, "github.com/99designs/") {
			t.Errorf("internal/authz imports %s; it must import nothing of ent or gqlgen", imp)
		}
	}
}
