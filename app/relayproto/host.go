package relayproto

import (
	"net"
	"strings"
)

// SameHost reports whether named, the relay name in a challenge, is the
// host a client meant to reach: want, the host[:port] of the URL it dialed
// with that URL's scheme (ws, wss, http or https). A client signs a login
// only for such a challenge, so that a server it talks to cannot replay its
// login at another relay (docs/protocol.md section 6).
//
// Host names compare case-insensitively; a missing port is the scheme's
// default (80 for ws and http, 443 for wss and https), so a relay named
// "paychan.example" is the one at wss://paychan.example/relay and at
// wss://paychan.example:443/relay, not at wss://paychan.example:8443/relay.
// The loopback names localhost, 127.0.0.1 and ::1 are one name: a browser at
// http://localhost:8080 reaches the host named 127.0.0.1:8080. An empty
// name matches nothing.
func SameHost(want, named, scheme string) bool {
	wh, wp, ok1 := canonicalHost(want, scheme)
	nh, np, ok2 := canonicalHost(named, scheme)
	return ok1 && ok2 && wh == nh && wp == np
}

// canonicalHost splits host[:port] into a lower-case host name (the
// loopback aliases as "loopback") and a port (the scheme's default when
// absent).
func canonicalHost(hostport, scheme string) (host, port string, ok bool) {
	if hostport == "" {
		return "", "", false
	}
	host, port = hostport, ""
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	} else if strings.HasPrefix(hostport, "[") && strings.HasSuffix(hostport, "]") {
		host = hostport[1 : len(hostport)-1]
	}
	if host == "" {
		return "", "", false
	}
	if port == "" {
		switch strings.ToLower(scheme) {
		case "wss", "https":
			port = "443"
		default:
			port = "80"
		}
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	switch host {
	case "localhost", "127.0.0.1", "::1":
		host = "loopback"
	}
	return host, port, true
}
