package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestBrowserBuildDeps lists the packages of the wasm build and fails on
// any that belongs on the server: they would bloat app.wasm (the wallet
// must stay small) or do not belong in a browser at all.
func TestBrowserBuildDeps(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	forbidden := []string{
		"paychan/server/",
		"paychan/contracts/simtest",
		"github.com/nats-io/",
		"github.com/chromedp/",
		"github.com/ethereum/go-ethereum/signer/core/apitypes",
		"github.com/ethereum/go-ethereum/eth/",
		"github.com/ethereum/go-ethereum/node",
		"github.com/ethereum/go-ethereum/core/vm",
		"github.com/ethereum/go-ethereum/ethclient/simulated",
		"github.com/ethereum/go-ethereum/accounts/abi/bind/v2/backends",
		// app/chainclient speaks JSON-RPC and signs transactions itself:
		// ethclient and rpc (OpenTelemetry, metrics, pprof, gorilla
		// websocket) and core/types (KZG, BLS12-381) cost about 0.35 MB
		// of brotli.
		"github.com/ethereum/go-ethereum/ethclient",
		"github.com/ethereum/go-ethereum/rpc",
		"github.com/ethereum/go-ethereum/core/types",
		"github.com/ethereum/go-ethereum/crypto/kzg4844",
		"github.com/consensys/gnark-crypto/",
		"go.opentelemetry.io/",
		"github.com/gorilla/websocket",
	}
	n := 0
	for _, pkg := range strings.Fields(string(out)) {
		n++
		for _, f := range forbidden {
			if pkg == strings.TrimSuffix(f, "/") || strings.HasPrefix(pkg, f) {
				t.Errorf("the browser build imports %s", pkg)
			}
		}
	}
	t.Logf("%d packages in the browser build", n)
}
