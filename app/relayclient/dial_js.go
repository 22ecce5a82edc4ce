//go:build js

package relayclient

import "github.com/coder/websocket"

// writeDeadlines: in the browser each write has a timeout context.
const writeDeadlines = false

func dialOptions() *websocket.DialOptions { return nil }
