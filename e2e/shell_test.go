//go:build browser

package e2e

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"paychan/server/web"
)

// TestShellRenders serves only the wallet (no host) and checks that the key
// screen renders in Chromium with no Content-Security-Policy violation and
// that the compiling worker's warm-up ran to its end, then that a reload is
// served by the service worker. It prints the first-render times.
func TestShellRenders(t *testing.T) {
	h, err := web.NewHandler(web.Options{Dir: webDir})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	url := "http://" + ln.Addr().String()

	browser := mustBrowser(t)
	alice := mustUser(t, browser, "alice")
	var mu sync.Mutex
	var console []string
	messages := chromedp.Console(alice.ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m.Text)
			mu.Unlock()
		}
	}()

	start := time.Now()
	alice.do("open", chromedp.Navigate(url+"/"))
	alice.poll("wasm running", wasmReady)
	cold := time.Since(start)
	alice.shot("key-screen")
	// The worker that compiled app.wasm ran the program on its own
	// instance too (package inits, the first screen's mount on a stand-in
	// document, the payment path) so that the page does not compile that
	// code on its main thread; it says how that ended.
	alice.poll("the compiling worker's warm-up", `window.paychanWarmUp !== undefined`)
	if got := alice.eval("warm-up", `window.paychanWarmUp`); got != "done" {
		t.Errorf("the compiling worker's warm-up ended with %q; want done", got)
	}
	// The page copied app.wasm's data in after the instantiation, with
	// the module's loader, one segment a call (wasm/wasmdata Defer;
	// app.js's goappLoadWasmData), not in one go when the program ran.
	var data struct{ Calls, Tasks int }
	got := alice.eval("data loader", `JSON.stringify(window.paychanWasmData ?? null)`)
	if err := json.Unmarshal([]byte(got), &data); err != nil || data.Calls < 2 || data.Tasks < 1 {
		t.Errorf("app.wasm's data loaded by the page: %s; want several calls of the loader", got)
	}
	t.Logf("app.wasm's data: %d calls of its loader in %d tasks", data.Calls, data.Tasks)
	// After its warm-up the worker paused as long as the warm-up took, at
	// most 300 ms, for the browser's optimising compiler to catch up
	// (assets/wasm-compile.js settle) before it handed the module over.
	var settled struct{ WarmUpMs, WaitedMs float64 }
	got = alice.eval("settle", `JSON.stringify(window.paychanSettled ?? null)`)
	if err := json.Unmarshal([]byte(got), &settled); err != nil || settled.WarmUpMs <= 0 || settled.WaitedMs < min(settled.WarmUpMs, 300)-5 || settled.WaitedMs > 2000 {
		t.Errorf("the compiling worker's warm-up and pause: %s; want a pause as long as the warm-up, at most 300 ms", got)
	}
	t.Logf("the compiling worker's warm-up took %.0f ms, then it waited %.0f ms before handing the module over", settled.WarmUpMs, settled.WaitedMs)
	// Wait for the service worker to take control, then reload.
	alice.poll("service worker", `navigator.serviceWorker.controller !== null`)
	start = time.Now()
	alice.do("reload", chromedp.Reload())
	alice.poll("wasm running after reload", wasmReady)
	warm := time.Since(start)
	t.Logf("first render: cold %v, warm (service worker) %v", cold.Round(time.Millisecond), warm.Round(time.Millisecond))

	mu.Lock()
	defer mu.Unlock()
	for _, m := range console {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Content-Security-Policy") {
			t.Errorf("console: %s", m)
		}
	}
}
