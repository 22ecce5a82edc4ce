// Package web serves the go-app wallet: the prerendered pages, go-app's
// generated scripts and manifest, the static assets, and the WebAssembly
// binary precompressed with brotli or gzip. The host mounts it at "/".
package web

import (
	"crypto/sha256"
	"encoding/hex"

	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/ui"
	"paychan/assets"
)

// Options configures NewHandler.
type Options struct {
	// Dir is the folder holding app.wasm and its precompressed copies
	// app.wasm.br and app.wasm.gz (either may be missing).
	Dir string

	// Title is the page title; default "paychan wallet".
	Title string
}

// wasmLengthHeader carries the uncompressed size of app.wasm so that
// go-app's loading progress stays correct when the body is compressed.
const wasmLengthHeader = "X-Wasm-Content-Length"

// CSP is the Content-Security-Policy of every response: only the host's own
// origin, no inline script or style, no framing. 'wasm-unsafe-eval' lets the
// page compile app.wasm (WebAssembly.instantiateStreaming) without allowing
// JavaScript eval.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"worker-src 'self'; manifest-src 'self'; font-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// NewHandler returns the wallet's HTTP handler. It fails when opts.Dir has no
// app.wasm.
func NewHandler(opts Options) (http.Handler, error) {
	res, err := newResources(opts.Dir)
	if err != nil {
		return nil, err
	}
	ui.Routes()
	title := opts.Title
	if title == "" {
		title = "paychan wallet"
	}
	h := &app.Handler{
		Name:        "paychan wallet",
		ShortName:   "paychan",
		Title:       title,
		Description: "Duplex payment channels: pay instantly off-chain, settle on-chain.",
		// go-app links its SVG icon as the page's favicon and lists it in
		// the manifest; Chromium renders an SVG icon as a document of its
		// own on the page's main thread (two tasks of 17-60 ms in
		// Lighthouse's traces of the first load). The PNG takes its place
		// (pngManifest drops the entry go-app then mislabels as SVG).
		Icon: app.Icon{
			Default: "/web/icon-192.png",
			Large:   "/web/icon-512.png",
			SVG:     "/web/icon-192.png",
		},
		BackgroundColor:         "#f4f6f7",
		ThemeColor:              "#0f766e",
		LoadingLabel:            "loading the wallet…",
		Styles:                  []string{"/web/app.css"},
		CacheableResources:      append([]string{"/web/app.css", compileWorker}, ui.Pages()...),
		Resources:               res,
		Version:                 res.version,
		WasmContentLengthHeader: wasmLengthHeader,
		ServiceWorkerTemplate:   serviceWorkerJS,
	}
	return secure(zoomable(streamingAppJS(pngManifest(h)))), nil
}

// secure adds the security headers to every response of next.
func secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", CSP)
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// resources is go-app's ResourceProvider for the wallet: everything lives
// under /web/ on the host's own origin. It also serves those files
// (go-app calls ServeHTTP for /web/ paths when the provider implements it).
type resources struct {
	dir     string
	rawSize int64
	version string
	static  http.Handler
}

var _ app.ResourceProvider = (*resources)(nil)

func newResources(dir string) (*resources, error) {
	wasm := filepath.Join(dir, "app.wasm")
	st, err := os.Stat(wasm)
	if err != nil {
		return nil, fmt.Errorf("web: wasm binary: %w", err)
	}
	sum := sha256.New()
	if err := hashFile(sum, wasm); err != nil {
		return nil, err
	}
	// The assets are part of the version so a new icon or style sheet
	// updates installed PWAs too.
	err = fs.WalkDir(assets.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.FS.ReadFile(p)
		if err != nil {
			return err
		}
		io.WriteString(sum, p)
		sum.Write(b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: hash assets: %w", err)
	}
	return &resources{
		dir:     dir,
		rawSize: st.Size(),
		version: hex.EncodeToString(sum.Sum(nil))[:20],
		static:  http.FileServerFS(filesOnly{assets.FS}),
	}, nil
}

// filesOnly is a file system whose directories do not exist: the file
// server lists no directory (/web/ answers 404).
type filesOnly struct{ fsys fs.FS }

// Open opens name unless it is a directory.
func (f filesOnly) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := file.Stat(); err != nil || st.IsDir() {
		file.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return file, nil
}

func hashFile(h hash.Hash, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("web: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("web: hash %s: %w", path, err)
	}
	return nil
}

// Package implements app.ResourceProvider: go-app's files are at the root.
func (r *resources) Package() string { return "" }

// Static implements app.ResourceProvider: static files are under /web/.
func (r *resources) Static() string { return "" }

// AppWASM implements app.ResourceProvider.
func (r *resources) AppWASM() string { return "/web/app.wasm" }

// ServeHTTP serves /web/app.wasm (precompressed when the client accepts it)
// and the embedded assets.
func (r *resources) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if req.URL.Path == "/web/app.wasm" {
		r.serveWASM(w, req)
		return
	}
	req2 := req.Clone(req.Context())
	req2.URL.Path = strings.TrimPrefix(req.URL.Path, "/web")
	r.static.ServeHTTP(w, req2)
}

// serveWASM picks app.wasm.br, app.wasm.gz or app.wasm by Accept-Encoding.
// go-app has already set an ETag equal to the version (a hash of the
// binary) and Cache-Control: no-cache, so browsers revalidate cheaply.
func (r *resources) serveWASM(w http.ResponseWriter, req *http.Request) {
	hd := w.Header()
	hd.Add("Vary", "Accept-Encoding")
	hd.Set("Content-Type", "application/wasm")
	hd.Set(wasmLengthHeader, strconv.FormatInt(r.rawSize, 10))
	name := "app.wasm"
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !acceptsEncoding(req.Header.Get("Accept-Encoding"), enc.token) {
			continue
		}
		if _, err := os.Stat(filepath.Join(r.dir, name+enc.ext)); err == nil {
			hd.Set("Content-Encoding", enc.token)
			name += enc.ext
			break
		}
	}
	f, err := os.Open(filepath.Join(r.dir, name))
	if err != nil {
		http.Error(w, "app.wasm unavailable", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		http.Error(w, "app.wasm unavailable", http.StatusInternalServerError)
		return
	}
	hd.Set("Content-Length", strconv.FormatInt(st.Size(), 10))
	w.WriteHeader(http.StatusOK)
	if req.Method == http.MethodHead {
		return
	}
	io.Copy(w, f)
}

// acceptsEncoding reports whether an Accept-Encoding header value accepts
// token with a non-zero quality.
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		if q, ok := strings.CutPrefix(params, "q="); ok {
			v, err := strconv.ParseFloat(q, 64)
			return err == nil && v > 0
		}
		return true
	}
	return false
}
