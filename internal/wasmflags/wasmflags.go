// Package wasmflags holds the go build flags of the browser wallet
// (app.wasm), for the tools that build it besides the Makefile: the
// browser tests (e2e) and the benchmark's crypto page (bench/wasmcrypto),
// which must cost what the wallet's code costs.
package wasmflags

// Build are the flags, after "go build", that the Makefile's wasm target
// passes too (TestMakefileAgrees):
//   - -s -w: no symbol table or DWARF (size);
//   - -gcflags=all=-l: no inlining, which costs about 0.2 MB of brotli
//     for about 7% of the pages' CPU;
//   - except in decred's secp256k1 (signing, ecrecover, sealing): its
//     field arithmetic is made of small functions, and inlined it is
//     15-20% faster in WebAssembly for 7 KB of brotli.
var Build = []string{
	"-trimpath",
	"-ldflags=-s -w",
	"-gcflags=all=-l",
	"-gcflags=github.com/decred/dcrd/dcrec/secp256k1/v4=",
}
