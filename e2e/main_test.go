//go:build browser

// Package e2e drives the wallet in Debian's Chromium with chromedp against
// the real host (embedded chain, relay) on 127.0.0.1. The tests carry the
// build tag `browser`; `make test-browser` runs them (never skipped).
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"paychan/internal/wasmflags"
)

// webDir is the folder with app.wasm(.br/.gz) the tests serve.
var webDir string

// artifacts is where screenshots go.
var artifacts string

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	webDir = os.Getenv("PAYCHAN_WEB_DIR")
	if webDir == "" {
		dir, err := os.MkdirTemp("", "paychan-e2e-web")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		if err := buildWASM(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		webDir = dir
	}
	artifacts = os.Getenv("PAYCHAN_ARTIFACTS")
	if artifacts == "" {
		artifacts = filepath.Join("..", "artifacts")
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() {
		if clusterBinsDir != "" {
			os.RemoveAll(clusterBinsDir)
		}
	}()
	return m.Run()
}

// buildWASM compiles the wallet into dir/app.wasm and compresses it, the way
// `make wasm` does.
func buildWASM(dir string) error {
	out := filepath.Join(dir, "app.wasm")
	args := append(append([]string{"build"}, wasmflags.Build...), "-o", out, "paychan/wasm")
	build := exec.Command("go", args...)
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build wasm: %w", err)
	}
	// As the Makefile's wasm rule: the k·G table blanked, the data
	// section packed and loaded after instantiation (wasm/postlink).
	post := exec.Command("go", "run", "paychan/wasm/postlink", out)
	post.Stderr = os.Stderr
	if err := post.Run(); err != nil {
		return fmt.Errorf("postlink wasm: %w", err)
	}
	comp := exec.Command("go", "run", "paychan/wasm/compress", out)
	comp.Stderr = os.Stderr
	if err := comp.Run(); err != nil {
		return fmt.Errorf("compress wasm: %w", err)
	}
	return nil
}

// mustBrowser starts Chromium and returns its context; it stops when the
// test ends.
func mustBrowser(tb testing.TB) context.Context {
	tb.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1000, 1100),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tb.Cleanup(cancelAlloc)
	browser, cancel := chromedp.NewContext(alloc)
	tb.Cleanup(cancel)
	if err := chromedp.Do(browser); err != nil {
		tb.Fatalf("start chromium: %v", err)
	}
	return browser
}

// user is one person's isolated browser context (own storage, own service
// worker), like the seed's incognito window.
type user struct {
	name  string
	ctx   context.Context
	tb    testing.TB
	close context.CancelFunc // closes the tab and its browser context
}

// mustUser opens a new isolated browser context in browser.
func mustUser(tb testing.TB, browser context.Context, name string) *user {
	tb.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	tb.Cleanup(cancel)
	// The first action ties the tab to this (plain) context.
	if err := chromedp.Do(ctx); err != nil {
		tb.Fatalf("%s: open tab: %v", name, err)
	}
	return &user{name: name, ctx: ctx, tb: tb, close: cancel}
}

// do runs actions with a time limit, failing the test on error.
func (u *user) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	u.tb.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		u.shot("failed-" + what)
		u.tb.Fatalf("%s: %s: %v", u.name, what, err)
	}
}

// text returns the text of the element with id.
func (u *user) text(id string) string {
	u.tb.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		u.shot("failed-text-" + id)
		u.tb.Fatalf("%s: text of #%s: %v", u.name, id, err)
	}
	return s
}

// waitText waits until the element with id has exactly want as its text.
func (u *user) waitText(id, want string) {
	u.tb.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, 60*time.Second)
	defer cancel()
	expr := fmt.Sprintf(`(() => { const e = document.getElementById(%q); return !!e && e.innerText.trim() === %q; })()`, id, want)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(0))); err != nil {
		got, _ := chromedp.Run(u.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.getElementById(%q)||{innerText:"<missing>"}).innerText`, id)))
		u.shot("failed-wait-" + id)
		u.tb.Fatalf("%s: #%s = %q; want %q (%v)", u.name, id, got, want, err)
	}
}

// shot writes a PNG screenshot of the page to the artifacts folder.
func (u *user) shot(name string) []byte {
	ctx, cancel := context.WithTimeout(u.ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		u.tb.Logf("%s: screenshot %s: %v", u.name, name, err)
		return nil
	}
	path := filepath.Join(artifacts, fmt.Sprintf("%s-%s-%s.png", u.tb.Name(), u.name, name))
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		u.tb.Logf("write screenshot: %v", err)
	}
	return buf
}

// docShotsEnv makes docShot also write the README's screenshots.
const docShotsEnv = "PAYCHAN_DOC_SHOTS"

// docShot takes a screenshot like shot and, when PAYCHAN_DOC_SHOTS=1, also
// writes it to docs/img/<file>.png for the README (small PNGs: the
// wallet's pages are flat colours and text).
func (u *user) docShot(name, file string) {
	u.tb.Helper()
	buf := u.shot(name)
	if os.Getenv(docShotsEnv) != "1" || buf == nil {
		return
	}
	dir := filepath.Join("..", "docs", "img")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		u.tb.Fatal(err)
	}
	if len(buf) > 250_000 {
		u.tb.Errorf("doc screenshot %s is %d bytes; keep it under 250 KB", file, len(buf))
	}
	if err := os.WriteFile(filepath.Join(dir, file+".png"), buf, 0o644); err != nil {
		u.tb.Fatal(err)
	}
}

// poll waits until the JavaScript expression is truthy.
func (u *user) poll(what, expr string) {
	u.tb.Helper()
	ctx, cancel := context.WithTimeout(u.ctx, 60*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(0))); err != nil {
		u.shot("failed-" + what)
		diag, _ := chromedp.Run(u.ctx, chromedp.Evaluate[string](diagnostics, func(p *runtime.EvaluateParams) { p.AwaitPromise = ptrTrue() }))
		u.tb.Fatalf("%s: %s: %v\npage: %s", u.name, what, err, diag)
	}
}

// diagnostics describes the page's state when a wait fails.
const diagnostics = `(async () => {
  const r = navigator.serviceWorker ? await navigator.serviceWorker.getRegistration() : null;
  const sw = r ? {active: r.active && r.active.state, installing: !!r.installing, waiting: !!r.waiting} : null;
  return JSON.stringify({url: location.href, controller: !!(navigator.serviceWorker && navigator.serviceWorker.controller), sw,
    notices: (document.getElementById("notices") || {}).innerText, net: (document.getElementById("net-status") || {}).innerText});
})()`

// wasmReady is true once go-app removed its loader (the wasm runs) and the
// wallet rendered in the browser.
const wasmReady = `document.getElementById("app-wasm-loader") === null && document.querySelector(".wallet[data-ready]") !== null`

func ptrTrue() *bool { t := true; return &t }
