package web

import (
	"strconv"
	"strings"
	"testing"

	"paychan/wasm/wasmdata"
)

// TestAppJSStreamsWasm: the served app.js has app.wasm compiled in the
// worker (which streams the browser's own fetch into
// WebAssembly.compileStreaming), with a Content-Length that matches the
// rewritten body. A go-app upgrade that changes the lines it rewrites fails
// here.
func TestAppJSStreamsWasm(t *testing.T) {
	h := mustHandler(t, "\x00asm-v1")
	res := get(h, "/app.js", nil)
	js := body(t, res)
	if res.StatusCode != 200 {
		t.Fatalf("serve(/app.js) = %d; want 200", res.StatusCode)
	}
	if !strings.Contains(js, ourWasmFetch) || !strings.Contains(js, "function goappCompileWasm(") || !strings.Contains(js, "window.paychanSetTexts = function") ||
		!strings.Contains(js, "window.paychanConfigFetch = { response: response, abort: abort }") ||
		!strings.Contains(js, "async function goappLoadWasmData(instance) {") || !strings.Contains(js, "exports."+wasmdata.LoadExport+";") {
		t.Errorf("app.js does not compile app.wasm in the worker:\n%s", js)
	}
	if res := get(h, compileWorker, nil); res.StatusCode != 200 || !strings.Contains(body(t, res), "WebAssembly.compileStreaming(fetch(") {
		t.Errorf("serve(%q) = %d, or not the compile worker", compileWorker, res.StatusCode)
	}
	if strings.Contains(js, goappWasmFetch) {
		t.Errorf("app.js still reads app.wasm through %s", goappWasmFetch)
	}
	if n, _ := strconv.Atoi(res.Header.Get("Content-Length")); n != len(js) {
		t.Errorf("app.js Content-Length %d; body %d bytes", n, len(js))
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/javascript") && !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("app.js Content-Type %q", ct)
	}
}

// TestWasmServedForStreaming: app.wasm has the Content-Type streaming
// compilation requires, with and without compression.
func TestWasmServedForStreaming(t *testing.T) {
	h := mustHandler(t, "\x00asm-v1")
	for _, enc := range []string{"", "br", "gzip"} {
		res := get(h, "/web/app.wasm", map[string]string{"Accept-Encoding": enc})
		if ct := res.Header.Get("Content-Type"); ct != "application/wasm" {
			t.Errorf("app.wasm (Accept-Encoding %q): Content-Type %q; want application/wasm", enc, ct)
		}
	}
}
