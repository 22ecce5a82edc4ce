package web

import (
	"strconv"
	"strings"
	"testing"
)

// TestAppJSStreamsWasm: the served app.js hands the browser's own fetch of
// app.wasm to WebAssembly.instantiateStreaming (no JavaScript stream in
// between), with a Content-Length that matches the rewritten body. A go-app
// upgrade that changes the line it rewrites fails here.
func TestAppJSStreamsWasm(t *testing.T) {
	h := mustHandler(t, "\x00asm-v1")
	res := get(h, "/app.js", nil)
	js := body(t, res)
	if res.StatusCode != 200 {
		t.Fatalf("serve(/app.js) = %d; want 200", res.StatusCode)
	}
	if !strings.Contains(js, "instantiateStreaming(\n      "+ourWasmFetch+",") {
		t.Errorf("app.js does not stream %s into instantiateStreaming:\n%s", ourWasmFetch, js)
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
