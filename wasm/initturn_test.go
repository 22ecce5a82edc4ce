package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"paychan/internal/wasmflags"
)

// TestInitTurnSplitsInits builds the wallet as the Makefile does, starts it
// under Node with GODEBUG=inittrace=1 (it stops at its first use of the
// page, after every package init) and checks where paychan/wasm/initturn's
// init, the browser's turn, falls: after the runtime's own packages and
// before the bulk of the wallet's (go-ethereum, net/http, go-app, the UI),
// so that the inits are two tasks on the page rather than one; and where
// paychan/wasm/initturn/mid's falls, which cuts the second in two.
func TestInitTurnSplitsInits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wallet")
	}
	node, lib, err := wasmflags.Node()
	if err != nil {
		t.Skip("no node")
	}
	out := filepath.Join(t.TempDir(), "app.wasm")
	if err := wasmflags.BuildJS("", ".", out, wasmflags.Build...); err != nil {
		t.Fatal(err)
	}
	run := exec.Command(node, filepath.Join(lib, "wasm_exec_node.js"), out)
	run.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	b, _ := run.CombinedOutput() // the wallet panics without a page: expected
	var order []string
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) > 2 && f[0] == "init" {
			order = append(order, f[1])
		}
	}
	at := slices.Index(order, "paychan/wasm/initturn")
	if at < 0 {
		t.Fatalf("paychan/wasm/initturn did not init; inits seen: %d\n%s", len(order), b)
	}
	for _, p := range []string{"runtime", "syscall/js"} {
		if i := slices.Index(order, p); i < 0 || i > at {
			t.Errorf("%s inits at %d, the turn at %d: want it before", p, i, at)
		}
	}
	for _, p := range []string{"github.com/ethereum/go-ethereum/common", "net/http", "github.com/maxence-charriere/go-app/v9/pkg/app", "paychan/app/ui"} {
		if i := slices.Index(order, p); i < at {
			t.Errorf("%s inits at %d, the turn at %d: want it after", p, i, at)
		}
	}
	// The second turn (wasm/initturn/mid): after unicode's tables and
	// go-ethereum's common package, before the rest.
	mid := slices.Index(order, "paychan/wasm/initturn/mid")
	if mid < at {
		t.Fatalf("paychan/wasm/initturn/mid inits at %d, the first turn at %d", mid, at)
	}
	for _, p := range []string{"unicode", "github.com/ethereum/go-ethereum/common"} {
		if i := slices.Index(order, p); i < at || i > mid {
			t.Errorf("%s inits at %d, the turns at %d and %d: want it between", p, i, at, mid)
		}
	}
	for _, p := range []string{"github.com/decred/dcrd/dcrec/secp256k1/v4", "net/http", "github.com/maxence-charriere/go-app/v9/pkg/app", "paychan/app/ui"} {
		if i := slices.Index(order, p); i < mid {
			t.Errorf("%s inits at %d, the second turn at %d: want it after", p, i, mid)
		}
	}
	t.Logf("the turns are inits %d and %d of %d", at+1, mid+1, len(order))
}
