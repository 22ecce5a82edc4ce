package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// mustHandler writes app.wasm (and its compressed copies, marked so the test
// can tell which one was served) into a temporary folder and returns the
// handler over it.
func mustHandler(tb testing.TB, wasm string) http.Handler {
	tb.Helper()
	dir := tb.TempDir()
	for name, body := range map[string]string{
		"app.wasm":    wasm,
		"app.wasm.br": "BR:" + wasm,
		"app.wasm.gz": "GZ:" + wasm,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	h, err := NewHandler(Options{Dir: dir})
	if err != nil {
		tb.Fatalf("NewHandler: %v", err)
	}
	return h
}

func get(h http.Handler, path string, hdr map[string]string) *http.Response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(tb testing.TB, res *http.Response) string {
	tb.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestPages(t *testing.T) {
	h := mustHandler(t, "\x00asm-v1")
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/", 200},
		{"/channels", 200},
		{"/create", 200},
		{"/join?id=5", 200},
		{"/channel?id=5", 200},
		{"/devtools", 200},
		{"/no-such-page", 404},
		{"/app.js", 200},
		{"/app-worker.js", 200},
		{"/wasm_exec.js", 200},
		{"/manifest.webmanifest", 200},
		{"/web/app.css", 200},
		{"/web/icon-192.png", 200},
		{"/web/icon-512.png", 200},
		{"/web/icon.svg", 200},
		{"/web/missing.png", 404},
	} {
		res := get(h, tt.path, nil)
		if res.StatusCode != tt.want {
			t.Errorf("serve(%q) = %d; want %d", tt.path, res.StatusCode, tt.want)
		}
		if got := res.Header.Get("Content-Security-Policy"); got != CSP {
			t.Errorf("serve(%q): Content-Security-Policy = %q; want %q", tt.path, got, CSP)
		}
		if got := res.Header.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("serve(%q): X-Frame-Options = %q; want DENY", tt.path, got)
		}
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("serve(%q): X-Content-Type-Options = %q; want nosniff", tt.path, got)
		}
	}
}

func TestCSPAllowsOnlyOwnOrigin(t *testing.T) {
	for _, directive := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(CSP, directive) {
			t.Errorf("CSP lacks %q: %s", directive, CSP)
		}
	}
	for _, bad := range []string{"unsafe-inline", "'unsafe-eval'", "http:", "https:", "*"} {
		if strings.Contains(CSP, bad) {
			t.Errorf("CSP contains %q: %s", bad, CSP)
		}
	}
}

func TestPageHasNoInlineScriptOrRemoteResource(t *testing.T) {
	h := mustHandler(t, "\x00asm")
	for _, path := range []string{"/", "/manifest.webmanifest", "/app-worker.js"} {
		b := body(t, get(h, path, nil))
		if strings.Contains(b, "https://") || strings.Contains(b, "http://raw") {
			t.Errorf("serve(%q) refers to a remote resource:\n%s", path, b)
		}
	}
	page := body(t, get(h, "/", nil))
	if strings.Contains(page, "<script>") {
		t.Errorf("page has an inline script:\n%s", page)
	}
	if strings.Contains(page, " style=") {
		t.Errorf("page has an inline style:\n%s", page)
	}
}

func TestWASMEncoding(t *testing.T) {
	const wasm = "\x00asm-binary"
	h := mustHandler(t, wasm)
	for _, tt := range []struct {
		accept, wantEncoding, wantBody string
	}{
		{"gzip, deflate, br, zstd", "br", "BR:" + wasm},
		{"gzip", "gzip", "GZ:" + wasm},
		{"br;q=0, gzip;q=0.5", "gzip", "GZ:" + wasm},
		{"", "", wasm},
		{"identity", "", wasm},
	} {
		for _, path := range []string{"/web/app.wasm", "/app.wasm"} {
			res := get(h, path, map[string]string{"Accept-Encoding": tt.accept})
			if res.StatusCode != 200 {
				t.Fatalf("serve(%q, Accept-Encoding %q) = %d; want 200", path, tt.accept, res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("serve(%q, Accept-Encoding %q): Content-Encoding = %q; want %q", path, tt.accept, got, tt.wantEncoding)
			}
			if got := body(t, res); got != tt.wantBody {
				t.Errorf("serve(%q, Accept-Encoding %q): body = %q; want %q", path, tt.accept, got, tt.wantBody)
			}
			if got := res.Header.Get("Content-Type"); got != "application/wasm" {
				t.Errorf("serve(%q): Content-Type = %q; want application/wasm", path, got)
			}
			if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("serve(%q): Vary = %q; want Accept-Encoding", path, got)
			}
			if got := res.Header.Get(wasmLengthHeader); got != "11" {
				t.Errorf("serve(%q): %s = %q; want the raw size 11", path, wasmLengthHeader, got)
			}
		}
	}
}

func TestVersionIsHashOfWASM(t *testing.T) {
	etag := func(h http.Handler) string { return get(h, "/", nil).Header.Get("ETag") }
	a1, a2, b := etag(mustHandler(t, "wasm A")), etag(mustHandler(t, "wasm A")), etag(mustHandler(t, "wasm B"))
	if a1 == "" || a1 != a2 {
		t.Errorf("same app.wasm gave versions %q and %q; want equal, non-empty", a1, a2)
	}
	if a1 == b {
		t.Errorf("different app.wasm gave the same version %q", a1)
	}
	h := mustHandler(t, "wasm A")
	worker := body(t, get(h, "/app-worker.js", nil))
	if !strings.Contains(worker, strings.Trim(a1, `"`)) {
		t.Errorf("app-worker.js does not carry version %s", a1)
	}
	for _, p := range []string{`"/"`, `"/channels"`, `"/channel"`, `"/web/app.wasm"`, `"/web/app.css"`, `"/web/icon-192.png"`} {
		if !strings.Contains(worker, p) {
			t.Errorf("app-worker.js does not cache %s", p)
		}
	}
	if res := get(h, "/", map[string]string{"If-None-Match": a1}); res.StatusCode != http.StatusNotModified {
		t.Errorf("serve(/, If-None-Match current version) = %d; want 304", res.StatusCode)
	}
}

func TestNoWASM(t *testing.T) {
	if _, err := NewHandler(Options{Dir: t.TempDir()}); err == nil {
		t.Fatal("NewHandler on an empty folder succeeded; want an error")
	}
}

func TestAcceptsEncoding(t *testing.T) {
	for _, tt := range []struct {
		header, token string
		want          bool
	}{
		{"br", "br", true},
		{"gzip, br", "br", true},
		{"gzip;q=1.0, br;q=0.8", "br", true},
		{"br;q=0", "br", false},
		{"BR", "br", true},
		{"brotli", "br", false},
		{"", "gzip", false},
	} {
		if got := acceptsEncoding(tt.header, tt.token); got != tt.want {
			t.Errorf("acceptsEncoding(%q, %q) = %v; want %v", tt.header, tt.token, got, tt.want)
		}
	}
}

// Issue 10 item 17: the static file server under /web/ lists no directory.
func TestNoDirectoryListing(t *testing.T) {
	h := mustHandler(t, "\x00asm-v1")
	for _, path := range []string{"/web/", "/web", "/web/.", "/web/internal/", "/web/internal"} {
		res := get(h, path, nil)
		b := body(t, res)
		if res.StatusCode == http.StatusOK || strings.Contains(b, "icon.svg") {
			t.Errorf("serve(%q) = %d %.200q; want no directory listing", path, res.StatusCode, b)
		}
	}
}

// TestPagesAreZoomable: every page's viewport lets people zoom (go-app's
// own forbids it), and the Content-Length matches the rewritten body.
func TestPagesAreZoomable(t *testing.T) {
	h := mustHandler(t, "\x00asm-v1")
	for _, path := range []string{"/", "/channels", "/channel?id=1", "/devtools"} {
		res := get(h, path, nil)
		b := body(t, res)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d; want 200", path, res.StatusCode)
		}
		if !strings.Contains(b, ourViewport) || strings.Contains(b, "user-scalable") || strings.Contains(b, "maximum-scale") {
			t.Errorf("GET %s: the viewport forbids zooming or is missing: want %s", path, ourViewport)
		}
		if cl := res.Header.Get("Content-Length"); cl != strconv.Itoa(len(b)) {
			t.Errorf("GET %s: Content-Length %s; body %d bytes", path, cl, len(b))
		}
	}
	// Files pass through untouched.
	if res := get(h, "/web/app.css", nil); res.StatusCode != http.StatusOK || !strings.Contains(body(t, res), ".wallet") {
		t.Errorf("GET /web/app.css = %d; want the style sheet", res.StatusCode)
	}
}
