package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"

	"paychan/server/host"
)

// wasmReady is true once go-app removed its loader and the wallet rendered
// (the marker the wallet's e2e tests wait for).
const wasmReady = `document.getElementById("app-wasm-loader") === null && document.querySelector(".wallet[data-ready]") !== null`

// transferred sums the bytes the page transferred over the network (0 for
// what came from the service worker or the HTTP cache).
// A worker's fetches are not in the page's timeline: the wallet compiles
// app.wasm in one (server/web/appjs.go), which reports its fetch's bytes as
// window.paychanWasmTransfer (-1: not measured, which fails the row). On a
// cold load app.wasm must come from the network: a worker that reports 0
// bytes for it did not measure it (one round of a make bench reported
// 0.04 MB in all), so coldTransferred returns -1 then too.
const (
	transferred     = `(() => { let n = 0; for (const e of performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))) n += e.transferSize || 0; const w = window.paychanWasmTransfer; if (w === undefined || w < 0) return -1; return n + w; })()`
	coldTransferred = `(() => { const w = window.paychanWasmTransfer; if (w === undefined || w <= 0) return -1; return ` + transferred + `; })()`
)

// startWebHost runs the real host in process, serving the built wallet.
func startWebHost(ctx context.Context, webDir, dir string) (*host.Main, error) {
	if _, err := os.Stat(filepath.Join(webDir, "app.wasm")); err != nil {
		return nil, fmt.Errorf("the wallet is not built in %s (run `make wasm`): %w", webDir, err)
	}
	abs, _ := filepath.Abs(webDir)
	m := &host.Main{Config: host.Config{Addr: "127.0.0.1:0", DataDir: dir, WebDir: abs,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))}}
	if err := m.Run(ctx); err != nil {
		return nil, err
	}
	return m, nil
}

// newBrowser starts headless Chromium (options measured to work here).
func newBrowser() (context.Context, context.CancelFunc, error) {
	if _, err := os.Stat("/usr/bin/chromium"); err != nil {
		return nil, nil, errors.New("chromium is not installed (make chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath("/usr/bin/chromium"), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("no-first-run", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1000, 1100),
	}
	if f := os.Getenv("PAYCHAN_BENCH_CHROME_OUT"); f != "" {
		// Chromium's own output into file f, an experiment's tool: with
		// PAYCHAN_BENCH_JS_FLAGS=--trace-wasm-compilation-times, V8's line
		// for each WebAssembly function it compiles (tier, function index),
		// in the order each renderer compiled them. Open until the bench
		// ends.
		out, err := os.Create(f)
		if err == nil {
			opts = append(opts, chromedp.CombinedOutput(out))
		}
	}
	if f := os.Getenv("PAYCHAN_BENCH_JS_FLAGS"); f != "" {
		// V8 flags for an experiment, e.g. --no-wasm-lazy-compilation.
		opts = append(opts, chromedp.Flag("js-flags", f))
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancel := chromedp.NewContext(alloc)
	if err := chromedp.Do(browser); err != nil {
		cancel()
		cancelAlloc()
		return nil, nil, fmt.Errorf("start chromium: %w", err)
	}
	return browser, func() { cancel(); cancelAlloc() }, nil
}

// newTab opens an isolated browser context (own storage and service worker).
func newTab(browser context.Context) (context.Context, context.CancelFunc, error) {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil { // ties the tab to this plain context
		cancel()
		return nil, nil, err
	}
	return ctx, cancel, nil
}

// timeToReady navigates and returns the time until the wallet is interactive.
func timeToReady(tab context.Context, url string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return 0, err
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](wasmReady, chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(0))); err != nil {
		return 0, fmt.Errorf("wallet not ready: %w", err)
	}
	return time.Since(start), nil
}

func benchLoad(ctx context.Context, s settings, r *report, dir string) error {
	size := func(name string) int64 {
		fi, err := os.Stat(filepath.Join(s.webDir, name))
		if err != nil {
			return -1
		}
		return fi.Size()
	}
	raw, br, gz := size("app.wasm"), size("app.wasm.br"), size("app.wasm.gz")
	m, err := startWebHost(ctx, s.webDir, dir)
	if err != nil {
		return err
	}
	defer m.Close()
	browser, stop, err := newBrowser()
	if err != nil {
		return err
	}
	defer stop()

	const rounds = 3
	var cold, warm []time.Duration
	coldBytes, warmBytes := -1.0, 0.0
	swControlled := 0
	var starts []startupTasks
	for i := 0; i < rounds; i++ {
		tab, cancel, err := newTab(browser)
		if err != nil {
			return err
		}
		if err := recordStartupTasks(tab); err != nil {
			cancel()
			return err
		}
		d, err := timeToReady(tab, m.URL()+"/")
		if err != nil {
			cancel()
			return fmt.Errorf("cold load: %w", err)
		}
		cold = append(cold, d)
		// The largest round's: the figure is held to a budget, and a
		// round the worker did not measure (-1) does not hide the others.
		if b, err := chromedp.Run(tab, chromedp.Evaluate[float64](coldTransferred)); err == nil && b > coldBytes {
			coldBytes = b
		}
		st, err := readStartupTasks(tab)
		if err != nil {
			cancel()
			return err
		}
		starts = append(starts, st)
		// Give the service worker time to install, then load again.
		wctx, wcancel := context.WithTimeout(tab, 10*time.Second)
		_, err = chromedp.Run(wctx, chromedp.Poll[bool](`!!navigator.serviceWorker && navigator.serviceWorker.getRegistrations !== undefined && !!navigator.serviceWorker.controller`, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(0)))
		wcancel()
		if err == nil {
			swControlled++
		}
		d, err = timeToReady(tab, m.URL()+"/")
		if err != nil {
			cancel()
			return fmt.Errorf("warm load: %w", err)
		}
		warm = append(warm, d)
		warmBytes, _ = chromedp.Run(tab, chromedp.Evaluate[float64](transferred))
		cancel()
	}
	mib := func(b int64) string { return fmt.Sprintf("%.2f MB", float64(b)/1e6) }
	r.section("3. Load (the browser build)")
	r.line("`%s` as built by `make wasm`; load times in headless Chromium on the real host (in process) on 127.0.0.1, %d fresh browser contexts, median.", filepath.Join(s.webDir, "app.wasm"), rounds)
	r.line("Interactive = go-app's loader gone and the wallet rendered (`.wallet[data-ready]`, the marker of the e2e tests). Warm = the same context navigating again (the page was controlled by the service worker before the warm load in %d of %d rounds; otherwise the HTTP cache served it).\n", swControlled, rounds)
	r.table([]string{"figure", "value"}, [][]string{
		{"app.wasm raw", mib(raw)},
		{"app.wasm.br (served to Chromium)", mib(br)},
		{"app.wasm.gz", mib(gz)},
		{"bytes transferred, cold load (whole page, app.wasm fetched by the compiling worker included; the largest of the rounds)", mb(coldBytes)},
		{"bytes transferred, warm load", mb(warmBytes)},
		{"navigation to interactive, cold", ms(percentile(cold, 50))},
		{"navigation to interactive, warm (second navigation, same context)", ms(percentile(warm, 50))},
	})
	st := medianTasks(starts)
	r.line("The wallet's start on the page's main thread, cold load (median of the rounds, each figure on its own): every call into its WebAssembly timed in the page (`bench/startup.go`: `WebAssembly.instantiate`, the module's data loader and `wasm_exec.js`'s `Go` wrapped before the page loads; no tracing, which slows calls out of WebAssembly), from the instantiation of the module the compiling worker handed over to %v after it. Lighthouse's phone run slows the CPU 4x and counts each task's time over 50 ms as blocking (its Total Blocking Time, section 8): the last row applies that to these tasks, as a guide to what Lighthouse will find (it also counts the page's style, layout and paint, not here).\n", startupWindow)
	r.table([]string{"figure", "value"}, [][]string{
		{"the compiling worker's wait after its warm-up for the browser's optimising compiler (`assets/wasm-compile.js` settle: as long as the warm-up took, at most 300 ms)", settleText(st.settle)},
		{"instantiating the module the worker compiled (`WebAssembly.instantiate`, in the task of the worker's message)", ms(st.instantiate)},
		{"copying the module's data into its memory after the instantiation (`wasm/wasmdata` Defer: time in all, tasks, the longest)", fmt.Sprintf("%s in %d tasks, longest %s", ms(st.data), st.dataSlices, ms(st.dataLongest))},
		{"the program's start (the runtime, the package inits up to `wasm/initturn`)", ms(st.run)},
		{"the longest later task of the wallet (the inits' rest, the engine's start, the first mount, the first refresh, k·G's table, the warm-up)", ms(st.longest)},
		{"the wallet's main-thread time in all", ms(st.all)},
		{"tasks over 12.5 ms (50 ms at a quarter of the speed)", fmt.Sprint(st.long)},
		{"their time over 50 ms at a quarter of the speed, summed (an estimate of the wallet's part of Lighthouse's Total Blocking Time)", ms(st.blocking)},
	})
	r.goals("Load", []string{"goal", "target", "reached", ""}, [][]string{
		{"transferred", "<= 3 MB", mb(coldBytes), goal(coldBytes >= 0 && coldBytes <= 3e6)},
		{"cold", "<= 3 s", ms(percentile(cold, 50)), goal(percentile(cold, 50) <= 3*time.Second)},
		{"warm", "<= 1 s", ms(percentile(warm, 50)), goal(percentile(warm, 50) <= time.Second)},
	})
	return nil
}

// mb formats a byte count, or says it was not measured (negative).
func mb(n float64) string {
	if n < 0 {
		return "not measured (the worker did not report app.wasm's transfer)"
	}
	return fmt.Sprintf("%.2f MB", n/1e6)
}

// settleText is the compiling worker's wait, or what it means when the
// page did not say (a host without the wait, or no warm-up).
func settleText(d time.Duration) string {
	if d < 0 {
		return "not said by the page"
	}
	return ms(d)
}
