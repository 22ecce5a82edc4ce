package web

import (
	"bytes"
	"net/http"
	"strconv"
)

// go-app v9's app.js hands WebAssembly.instantiateStreaming a Response it
// rebuilds in JavaScript (fetchWithProgress) to count the bytes for its
// loading label: every chunk of app.wasm then passes through a JavaScript
// stream on the page's main thread, which the profile showed as two long
// tasks of more than a second each while the wallet downloads. The wallet
// hands the browser the fetch itself instead, so the download and its
// compilation stay off the main thread; the loading line (app.css) shows
// progress without a percentage. The Handler has no option for it, so
// streamingAppJS rewrites the call in the app.js it serves.
const (
	goappWasmFetch = `fetchWithProgress("/web/app.wasm", showProgress)`
	ourWasmFetch   = `fetch("/web/app.wasm")`
)

// streamingAppJS rewrites the wasm fetch of go-app's /app.js.
func streamingAppJS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/app.js" {
			next.ServeHTTP(w, r)
			return
		}
		bw := &bufferWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(bw, r)
		body := bw.buf.Bytes()
		if bw.status == http.StatusOK {
			body = bytes.Replace(body, []byte(goappWasmFetch), []byte(ourWasmFetch), 1)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(bw.status)
		w.Write(body)
	})
}

// bufferWriter holds back a whole response (headers go to the real writer,
// which has not sent them yet).
type bufferWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (b *bufferWriter) WriteHeader(code int)        { b.status = code }
func (b *bufferWriter) Write(p []byte) (int, error) { return b.buf.Write(p) }
