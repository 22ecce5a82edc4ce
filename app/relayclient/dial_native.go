//go:build !js

package relayclient

import (
	"context"
	"net"
	"net/http"

	"github.com/coder/websocket"

	"paychan/internal/wsconn"
)

// writeDeadlines: natively every write on the connection has a deadline
// (wsconn.Conn), so writes need no timeout context.
const writeDeadlines = true

// dialer dials connections that time out every write after writeTimeout.
var dialer = func() *websocket.DialOptions {
	t := http.DefaultTransport.(*http.Transport).Clone()
	var d net.Dialer
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return wsconn.NewConn(c, writeTimeout), nil
	}
	return &websocket.DialOptions{HTTPClient: &http.Client{Transport: t}}
}()

func dialOptions(h http.Header) *websocket.DialOptions {
	if len(h) == 0 {
		return dialer
	}
	o := *dialer
	o.HTTPHeader = h
	return &o
}
