package repotest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeGoBlocks holds README.md's Go blocks to the examples they quote:
// every ```go block must be, line for line (indentation aside), the lines
// between "// README begin" and "// README end" in a Go test file, an
// Example that CI compiles and runs. A README edit or an example edit
// alone fails here.
func TestReadmeGoBlocks(t *testing.T) {
	root := "../.."
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	regions := map[string]string{} // normalized region -> file
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") || path == "readme_test.go" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, r := range markedRegions(string(data)) {
			regions[r] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks(string(readme))
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go block; this test would check nothing")
	}
	for i, b := range blocks {
		if _, ok := regions[normalize(b)]; !ok {
			t.Errorf("README.md Go block %d is not the body of any example between \"// README begin\" and \"// README end\":\n%s\nexamples marked:\n%s", i+1, b, strings.Join(keys(regions), "\n----\n"))
		}
	}
}

func goBlocks(s string) []string {
	var blocks []string
	for {
		_, rest, ok := strings.Cut(s, "\n```go\n")
		if !ok {
			return blocks
		}
		b, after, _ := strings.Cut(rest, "\n```")
		blocks = append(blocks, b)
		s = after
	}
}

func markedRegions(s string) []string {
	var regions []string
	for {
		_, rest, ok := strings.Cut(s, "// README begin\n")
		if !ok {
			return regions
		}
		r, after, _ := strings.Cut(rest, "// README end")
		regions = append(regions, normalize(r))
		s = after
	}
}

// normalize trims each line and drops blank ones.
func normalize(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func keys(m map[string]string) []string {
	var out []string
	for k, v := range m {
		out = append(out, v+":\n"+k)
	}
	return out
}
