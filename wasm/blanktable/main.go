// Command blanktable overwrites with zeros, in the wallet's WebAssembly
// binary, the precomputed k·G table decred secp256k1 ships as a string
// (about 520 KB of the compressed download); the wallet computes the same
// table at first use instead (app/basepoints, imported by wasm/main.go).
// The file is rewritten in place through a temporary name.
package main

import (
	"fmt"
	"os"

	"paychan/app/basepoints"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: blanktable FILE.wasm")
		os.Exit(2)
	}
	if err := blank(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "blanktable:", err)
		os.Exit(1)
	}
}

func blank(path string) error {
	bin, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := basepoints.Blank(bin); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	tmp := path + ".blank"
	if err := os.WriteFile(tmp, bin, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
