package host

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"paychan/app/hostapi"
)

// Defaults of the HTTP limits in Config (README "Limits").
const (
	// DefaultRequestTimeout is the deadline of every request but /relay
	// (a WebSocket) and /dev/mine.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultMineTimeout is the deadline of a /dev/mine request: mining the
	// most blocks it allows takes minutes on a slow machine.
	DefaultMineTimeout = 10 * time.Minute
	// DefaultReadHeaderTimeout bounds the time to read a request's header.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultBodyTimeout bounds the time to read a request's body on every
	// route but /relay.
	DefaultBodyTimeout = 10 * time.Second
)

// CodeMisdirected is the hostapi.Error code of a request whose Host header
// names another host (a DNS rebinding attempt, or a missing --relay-host).
const CodeMisdirected = "misdirected_request"

// apiCSP is the Content-Security-Policy of every response that is not a
// wallet page (the wallet sets its own, web.CSP): nothing may load, nothing
// may frame it.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// securityHeaders adds the security headers to every response of next; the
// wallet's handler replaces the Content-Security-Policy with its own.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		hd.Set("Content-Security-Policy", apiCSP)
		next.ServeHTTP(w, r)
	})
}

// hostNames is the set of Host header values the host answers to.
type hostNames struct {
	exact  map[string]bool // lower-case host:port
	names  map[string]bool // lower-case host names accepted with any port
	port   string          // the listening port
	anyIP  bool            // listening on all interfaces: any IP literal with port
	public string          // what the error message suggests
}

// newHostNames computes the names of a host listening on ln with the public
// name relayHost (empty: derived from the listener) and the extra names.
func newHostNames(ln net.Addr, relayHost string, extra []string) *hostNames {
	h := &hostNames{exact: map[string]bool{}, names: map[string]bool{}}
	host, port, err := net.SplitHostPort(ln.String())
	if err != nil {
		host, port = ln.String(), ""
	}
	h.port = port
	h.exact[strings.ToLower(net.JoinHostPort(host, port))] = true
	ip := net.ParseIP(host)
	switch {
	case ip != nil && ip.IsUnspecified():
		h.anyIP = true
		h.addLoopback()
	case ip != nil && ip.IsLoopback():
		h.addLoopback()
	}
	for _, n := range append([]string{relayHost}, extra...) {
		h.add(n)
	}
	h.public = relayHost
	if h.public == "" {
		h.public = net.JoinHostPort(host, port)
	}
	return h
}

// addLoopback accepts the loopback aliases with the listening port.
func (h *hostNames) addLoopback() {
	for _, n := range []string{"localhost", "127.0.0.1", "::1"} {
		h.exact[strings.ToLower(net.JoinHostPort(n, h.port))] = true
	}
}

// add accepts name: "host:port" exactly, "host" with any port.
func (h *hostNames) add(name string) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return
	}
	if _, _, err := net.SplitHostPort(name); err == nil {
		h.exact[name] = true
		return
	}
	h.names[strings.Trim(name, "[]")] = true
}

// allowed reports whether the Host header value hostport names this host.
func (h *hostNames) allowed(hostport string) bool {
	hostport = strings.ToLower(hostport)
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = strings.Trim(hostport, "[]"), "80" // no port: http's default
	}
	if h.exact[net.JoinHostPort(host, port)] || h.names[host] {
		return true
	}
	ip := net.ParseIP(host)
	// An IP literal cannot be rebound: on all interfaces, any of ours will do.
	return h.anyIP && ip != nil && port == h.port
}

// checkHost refuses requests whose Host header is not one of names with 421
// Misdirected Request: a page of another site whose name was rebound to
// this host's address (DNS rebinding) cannot reach it.
func (h *hostNames) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !h.allowed(r.Host) {
			writeError(w, http.StatusMisdirectedRequest, CodeMisdirected, fmt.Sprintf(
				"this host answers only to its own name (%s): Host %q is not one of them; an operator reaching it under another name passes --relay-host NAME or --allow-host NAME",
				h.public, r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withDeadlines gives every request but /relay a deadline (its context) and
// a time limit for its body: a client trickling a body is cut off. The
// relay's WebSocket connections are long-lived and have their own limits.
func (m *Main) withDeadlines(next http.Handler) http.Handler {
	cfg := m.Config
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == hostapi.RelayPath {
			next.ServeHTTP(w, r)
			return
		}
		timeout := cfg.RequestTimeout
		if r.URL.Path == hostapi.MinePath {
			timeout = cfg.MineTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		r = r.WithContext(ctx)
		if r.Body != nil && r.Body != http.NoBody {
			rc := http.NewResponseController(w)
			if err := rc.SetReadDeadline(time.Now().Add(cfg.BodyTimeout)); err == nil {
				r.Body = &deadlineBody{ReadCloser: r.Body, rc: rc}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// deadlineBody lifts the connection's read deadline once the body is read:
// the server's background read (which notices a client going away) must not
// time out while the handler still works.
type deadlineBody struct {
	io.ReadCloser
	rc   *http.ResponseController
	once sync.Once
}

// Read reads the body; at its end (or an error) it lifts the deadline.
func (b *deadlineBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF {
		b.once.Do(func() { b.rc.SetReadDeadline(time.Time{}) })
	}
	return n, err
}

// setLimitDefaults fills the zero limits of c with their defaults.
func (c *Config) setLimitDefaults() {
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{
		{&c.RequestTimeout, DefaultRequestTimeout},
		{&c.MineTimeout, DefaultMineTimeout},
		{&c.ReadHeaderTimeout, DefaultReadHeaderTimeout},
		{&c.BodyTimeout, DefaultBodyTimeout},
	} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
}
