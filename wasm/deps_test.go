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

// TestBrowserBuildNoHTTPClient fails if a paychan package of the browser
// build uses net/http's client: http.Client's RoundTrip links net/http's
// Go transport (its fallback when fetch is missing) with crypto/tls and
// crypto/x509, about 0.55 MB of brotli. Requests go through
// paychan/app/chainclient/fetch.
func TestBrowserBuildNoHTTPClient(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", `{{.ImportPath}}{{range .GoFiles}} {{$.Dir}}/{{.}}{{end}}`, ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	uses := []string{"http.Client", "http.DefaultClient", "http.DefaultTransport", "http.Transport", "http.Get(", "http.Post(", "http.Head("}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || !strings.HasPrefix(f[0], "paychan/") {
			continue
		}
		for _, file := range f[1:] {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for i, l := range strings.Split(string(src), "\n") {
				if strings.HasPrefix(strings.TrimSpace(l), "//") {
					continue // comments may name them
				}
				for _, u := range uses {
					if strings.Contains(l, u) {
						t.Errorf("%s:%d uses %s in the browser build: use paychan/app/chainclient/fetch", file, i+1, u)
					}
				}
			}
		}
	}
}
