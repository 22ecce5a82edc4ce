package relay_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"paychan/server/relay"
)

// TestCrossSiteRelayRefused pins the WebSocket origin check: a page on
// another site cannot open /relay from a visitor's browser (the handshake
// with Origin https://evil.example is refused with 403), while the
// wallet's own page (same origin) and clients without an Origin header
// (the CLI, the watchtower) get in.
func TestCrossSiteRelayRefused(t *testing.T) {
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir())})
	self := "http://" + strings.TrimPrefix(r.http.URL, "http://")
	for _, tt := range []struct {
		origin string
		want   int // HTTP status of the handshake
	}{
		{"https://evil.example", http.StatusForbidden},
		{"http://evil.example", http.StatusForbidden},
		{"null", http.StatusForbidden},
		{self, http.StatusSwitchingProtocols},
		{"", http.StatusSwitchingProtocols},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		h := http.Header{}
		if tt.origin != "" {
			h.Set("Origin", tt.origin)
		}
		ws, resp, err := websocket.Dial(ctx, r.url, &websocket.DialOptions{HTTPHeader: h})
		cancel()
		got := 0
		if resp != nil {
			got = resp.StatusCode
		}
		if got != tt.want {
			t.Errorf("handshake with Origin %q = %d (%v); want %d", tt.origin, got, err, tt.want)
		}
		if ws != nil {
			ws.CloseNow()
		}
	}
}
