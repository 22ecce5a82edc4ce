package testkit

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// testSupport are the folders (relative to the repository root) whose
// non-test files may import the test kit: test kits themselves and tools
// that only drive tests and benchmarks.
var testSupport = []string{
	"internal/testkit",
	"contracts/simtest",
	"bench",
	"e2e",
}

// TestProductionCodeDoesNotImportTheTestKit walks the repository's non-test
// Go files and fails if one outside testSupport imports
// paychan/internal/testkit or a package below it (the development chain's
// funded keys, for one, come from internal/devkeys).
func TestProductionCodeDoesNotImportTheTestKit(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if name := d.Name(); name == "node_modules" || name == "testdata" || (strings.HasPrefix(name, ".") && rel != ".") {
				return filepath.SkipDir
			}
			for _, dir := range testSupport {
				if rel == dir || strings.HasPrefix(rel, dir+"/") {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == "paychan/internal/testkit" || strings.HasPrefix(p, "paychan/internal/testkit/") {
				t.Errorf("%s imports %s: production code must not import the test kit", rel, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", root, err)
	}
	if checked < 50 {
		t.Fatalf("checked %d non-test Go files under %s; want the whole repository", checked, root)
	}
}
