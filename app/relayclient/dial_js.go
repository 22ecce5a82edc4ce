//go:build js

package relayclient

import (
	"net/http"

	"github.com/coder/websocket"
)

// writeDeadlines: in the browser each write has a timeout context.
const writeDeadlines = false

// dialOptions: the browser sets the handshake's headers itself.
func dialOptions(http.Header) *websocket.DialOptions { return nil }
