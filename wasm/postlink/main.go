// Command postlink rewrites the wallet's WebAssembly binary after go build
// (the Makefile's wasm rule), in place through a temporary name:
//
//  1. it overwrites with zeros the precomputed k·G table decred secp256k1
//     ships as a string (about 520 KB of the compressed download); the
//     wallet computes the same table at first use instead (app/basepoints,
//     imported by wasm/main.go);
//  2. it rewrites the data section as a few segments that skip long runs
//     of zeros (that table among them) instead of Go's 100,000
//     (wasm/wasmdata): the page instantiates the module faster.
package main

import (
	"fmt"
	"os"

	"paychan/app/basepoints"
	"paychan/wasm/wasmdata"
)

// minZeros is the shortest run of zeros a data segment leaves out: a
// segment costs a few bytes of header and some work to instantiate, so
// shorter runs are carried.
const minZeros = 256

// chunk is the most one deferred data segment copies: one call of the
// loader, a task on the page of a few milliseconds.
const chunk = 256 << 10

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: postlink FILE.wasm")
		os.Exit(2)
	}
	if err := rewrite(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "postlink:", err)
		os.Exit(1)
	}
}

func rewrite(path string) error {
	bin, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := basepoints.Blank(bin); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	bin, st, err := wasmdata.Pack(bin, minZeros)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Printf("postlink: %s: data segments %d -> %d, bytes copied %d -> %d\n",
		path, st.SegmentsBefore, st.SegmentsAfter, st.BytesBefore, st.BytesAfter)
	bin, ds, err := wasmdata.Defer(bin, chunk)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Printf("postlink: %s: data loaded after instantiation in %d calls of %s (largest %d bytes)\n",
		path, ds.Segments, wasmdata.LoadExport, ds.Largest)
	tmp := path + ".postlink"
	if err := os.WriteFile(tmp, bin, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
