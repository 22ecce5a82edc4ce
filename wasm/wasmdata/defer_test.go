package wasmdata

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"paychan/internal/wasmflags"
)

// TestDeferRunsAlike builds a Go program for the browser, packs and defers
// its data (in pieces of 4 KB: many calls), and runs it under Node three
// ways: as built, deferred under Go's own wasm_exec_node.js (which knows
// nothing of the loader: the wrapped run loads the data), and deferred with
// the loader called first, one segment per call, as the page does
// (testdata/load.js, which also compares the memory with the original's,
// byte for byte, before either runs). All three must print the same.
func TestDeferRunsAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program for GOOS=js")
	}
	node, lib, err := wasmflags.Node()
	if err != nil {
		t.Skip("no node")
	}
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig.wasm")
	if err := wasmflags.BuildJS("", "./testdata/prog", orig, "-trimpath", "-ldflags=-s -w"); err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	packed, _, err := Pack(bin, 256)
	if err != nil {
		t.Fatal(err)
	}
	deferred, st, err := Defer(packed, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if st.Segments < 10 || st.Largest > 4096 {
		t.Fatalf("stats %+v: want many segments of at most 4096 bytes", st)
	}
	def := filepath.Join(dir, "deferred.wasm")
	if err := os.WriteFile(def, deferred, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		b, err := exec.Command(node, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("node %s: %v\n%s", strings.Join(args, " "), err, b)
		}
		return string(b)
	}
	want := run(filepath.Join(lib, "wasm_exec_node.js"), orig)
	if f := strings.Fields(want); len(f) != 2 || f[0] == "0" {
		t.Fatalf("the program printed %q", want)
	}
	if got := run(filepath.Join(lib, "wasm_exec_node.js"), def); got != want {
		t.Errorf("deferred, run by wasm_exec_node.js: %q, want %q", got, want)
	}
	loaded := run("testdata/load.js", filepath.Join(lib, "wasm_exec.js"), orig, def)
	calls, out, _ := strings.Cut(loaded, "\n")
	if calls != "calls "+strconv.Itoa(st.Segments) {
		t.Errorf("loader: %q, want %d calls", calls, st.Segments)
	}
	if out != want {
		t.Errorf("deferred, loaded first: %q, want %q", out, want)
	}

	// Deferred twice: the data count section is refused.
	if _, _, err := Defer(deferred, 4096); err == nil || !strings.Contains(err.Error(), "data count") {
		t.Errorf("Defer of a deferred module: %v", err)
	}
}

func TestDeferRefuses(t *testing.T) {
	for name, bin := range map[string][]byte{
		"not a module":  []byte("hello, world"),
		"only data":     module(Encode([]Segment{{Offset: 8, Data: []byte{1}}})),
		"bad size":      append(append([]byte(nil), wasmHeader...), sectionType, 9, 0),
		"two type secs": append(append([]byte(nil), wasmHeader...), sectionType, 1, 0, sectionType, 1, 0),
	} {
		if _, _, err := Defer(bin, 16); err == nil || !strings.HasPrefix(err.Error(), "wasmdata: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, _, err := Defer(module(nil), 0); err == nil {
		t.Error("chunk 0: no error")
	}
}

// TestSplit: segments cut at chunk bytes fill memory as before, none
// longer than chunk.
func TestSplit(t *testing.T) {
	segs := []Segment{
		{Offset: 10, Data: bytes.Repeat([]byte{1, 2, 3}, 7)},
		{Offset: 100, Data: []byte{4}},
		{Offset: 200, Data: bytes.Repeat([]byte{5}, 8)},
	}
	got := split(segs, 8)
	if !maps.Equal(nonZero(segs), nonZero(got)) {
		t.Fatal("split segments fill memory differently")
	}
	if len(got) != 3+1+1 {
		t.Fatalf("%d segments: %+v", len(got), got)
	}
	for _, s := range got {
		if len(s.Data) > 8 || len(s.Data) == 0 {
			t.Fatalf("segment of %d bytes", len(s.Data))
		}
	}
}
