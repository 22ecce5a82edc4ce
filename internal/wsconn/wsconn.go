// Package wsconn holds the pieces the relay server and its Go client share
// to run a WebSocket (github.com/coder/websocket) cheaply: a net.Conn whose
// every write is bounded by a deadline, so that writes need no per-write
// timeout context, and a reusable buffer for reading messages.
package wsconn

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// Conn is a net.Conn whose every Write must complete within a timeout: the
// write deadline is set to now + timeout before each write. (The WebSocket
// library serialises its writes, so one write is in flight at a time.)
type Conn struct {
	net.Conn
	timeout time.Duration
	writing atomic.Bool
}

// NewConn wraps c so that every Write times out after timeout.
func NewConn(c net.Conn, timeout time.Duration) *Conn {
	return &Conn{Conn: c, timeout: timeout}
}

// Write writes p, failing with a timeout error if that takes longer than the
// timeout.
func (c *Conn) Write(p []byte) (int, error) {
	c.writing.Store(true)
	defer c.writing.Store(false)
	if err := c.Conn.SetWriteDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

// AbortWrite makes a write in flight fail now (later writes are not
// affected).
func (c *Conn) AbortWrite() {
	if c.writing.Load() {
		_ = c.Conn.SetWriteDeadline(time.Unix(1, 0))
	}
}

// HijackResponseWriter wraps an http.ResponseWriter so that the connection
// websocket.Accept hijacks from it is a *Conn with the given write timeout;
// Conn returns it after the hijack.
type HijackResponseWriter struct {
	http.ResponseWriter
	timeout time.Duration
	conn    *Conn
}

// NewHijackResponseWriter wraps w.
func NewHijackResponseWriter(w http.ResponseWriter, timeout time.Duration) *HijackResponseWriter {
	return &HijackResponseWriter{ResponseWriter: w, timeout: timeout}
}

// Hijack implements http.Hijacker.
func (w *HijackResponseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	// The controller finds the Hijacker under wrappers with Unwrap.
	nc, brw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	if err := brw.Writer.Flush(); err != nil {
		_ = nc.Close()
		return nil, nil, err
	}
	w.conn = NewConn(nc, w.timeout)
	brw.Writer.Reset(w.conn)
	return w.conn, brw, nil
}

// Conn is the hijacked connection (nil before a successful Hijack).
func (w *HijackResponseWriter) Conn() *Conn { return w.conn }

// Reader reads whole WebSocket messages into a buffer it reuses: the bytes a
// Read returns are valid until the next Read.
type Reader struct {
	buf []byte
}

// maxKeep is the largest buffer a Reader keeps between messages.
const maxKeep = 64 << 10

// Read reads the next message (the WebSocket's read limit applies).
func (r *Reader) Read(ctx context.Context, ws *websocket.Conn) (websocket.MessageType, []byte, error) {
	typ, rd, err := ws.Reader(ctx)
	if err != nil {
		return 0, nil, err
	}
	if cap(r.buf) > maxKeep {
		r.buf = nil
	}
	b := r.buf[:0]
	if cap(b) == 0 {
		b = make([]byte, 0, 1024)
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := rd.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			r.buf = b
			return typ, b, nil
		}
		if err != nil {
			r.buf = b
			return 0, nil, err
		}
	}
}
