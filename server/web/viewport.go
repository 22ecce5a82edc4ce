package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
)

// go-app v9 writes a viewport that forbids zooming ("maximum-scale=1,
// user-scalable=0"): people who need larger text cannot pinch to zoom
// (WCAG 1.4.4; axe-core and Lighthouse's meta-viewport audit). The go-app
// Handler has no option for it, so zoomable rewrites that tag in the pages
// it serves.
const (
	goappViewport = `content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover"`
	ourViewport   = `content="width=device-width, initial-scale=1, viewport-fit=cover"`
)

// zoomable rewrites the viewport of the HTML pages next serves.
func zoomable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/web/") || strings.Contains(r.URL.Path[1:], ".") {
			next.ServeHTTP(w, r) // files, not pages
			return
		}
		hw := &htmlWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(hw, r)
		hw.finish()
	})
}

// htmlWriter holds back an HTML body to rewrite it; anything else passes.
type htmlWriter struct {
	http.ResponseWriter
	status  int
	decided bool
	html    bool
	buf     bytes.Buffer
}

func (h *htmlWriter) WriteHeader(code int) {
	h.status = code
	if !h.decide() {
		h.ResponseWriter.WriteHeader(code)
	}
}

// decide reports whether the body is HTML to hold back (once the headers
// are known).
func (h *htmlWriter) decide() bool {
	if !h.decided {
		h.decided = true
		h.html = strings.HasPrefix(h.Header().Get("Content-Type"), "text/html") && h.status == http.StatusOK
	}
	return h.html
}

func (h *htmlWriter) Write(b []byte) (int, error) {
	if !h.decided {
		if !h.decide() {
			h.ResponseWriter.WriteHeader(h.status)
		}
	}
	if !h.html {
		return h.ResponseWriter.Write(b)
	}
	return h.buf.Write(b)
}

func (h *htmlWriter) finish() {
	if !h.html {
		return
	}
	body := bytes.Replace(h.buf.Bytes(), []byte(goappViewport), []byte(ourViewport), 1)
	h.Header().Set("Content-Length", strconv.Itoa(len(body)))
	h.ResponseWriter.WriteHeader(h.status)
	h.ResponseWriter.Write(body)
}
