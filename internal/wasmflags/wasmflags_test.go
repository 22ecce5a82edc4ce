package wasmflags

import (
	"os"
	"strings"
	"testing"
)

// TestMakefileAgrees: the Makefile builds app.wasm with Build's flags.
func TestMakefileAgrees(t *testing.T) {
	b, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "GOARCH=wasm") && strings.Contains(l, " build ") && strings.HasSuffix(strings.TrimSpace(l), "./wasm") {
			line = l
		}
	}
	if line == "" {
		t.Fatal("no wallet build line (GOOS=js GOARCH=wasm ... build ... ./wasm) in the Makefile")
	}
	for _, f := range Build {
		// The Makefile quotes the flag with spaces.
		want := f
		if k, v, ok := strings.Cut(f, "="); ok && strings.Contains(v, " ") {
			want = k + "='" + v + "'"
		}
		if !strings.Contains(line, " "+want+" ") {
			t.Errorf("the Makefile's wallet build lacks %s:\n%s", want, line)
		}
	}
}
