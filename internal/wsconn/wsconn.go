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
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// Conn is a net.Conn whose every Write must complete within a timeout: the
// write deadline is set to now + timeout before each write. (The WebSocket
// library serialises its writes, so one write is in flight at a time.)
//
// Between Hold and Release, writes are gathered in memory and Release
// writes them with one system call: a writer that knows more frames follow
// at once (a burst of deliveries, the stored replies to a batch of sends)
// pays one write for the burst instead of one per frame.
type Conn struct {
	net.Conn
	timeout time.Duration
	writing atomic.Bool

	wmu  sync.Mutex // held while writing to Conn, and by a Write being gathered
	mu   sync.Mutex // guards holds and held
	hold int        // Holds not yet Released
	held []byte     // gathered writes
}

// maxHeld is how many gathered bytes make a Write go out at once, held or not.
const maxHeld = 64 << 10

// heldBufs keeps the gathering buffers between bursts (an idle connection
// keeps none).
var heldBufs = sync.Pool{New: func() any { return new([]byte) }}

// NewConn wraps c so that every Write times out after timeout.
func NewConn(c net.Conn, timeout time.Duration) *Conn {
	return &Conn{Conn: c, timeout: timeout}
}

// Write writes p, failing with a timeout error if that takes longer than the
// timeout. While held, it gathers p instead (and returns len(p)).
func (c *Conn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.mu.Lock()
	if c.hold > 0 && len(c.held)+len(p) <= maxHeld {
		if c.held == nil {
			c.held = (*heldBufs.Get().(*[]byte))[:0]
		}
		c.held = append(c.held, p...)
		c.mu.Unlock()
		return len(p), nil
	}
	held := c.held
	c.held = nil
	c.mu.Unlock()
	// Not held, or the gathered bytes are many: what was gathered goes
	// first.
	if err := c.flush(held); err != nil {
		return 0, err
	}
	return c.write(p)
}

// write writes p to the connection within the timeout; c.wmu is held.
func (c *Conn) write(p []byte) (int, error) {
	c.writing.Store(true)
	defer c.writing.Store(false)
	if err := c.Conn.SetWriteDeadline(time.Now().Add(c.timeout)); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

// flush writes the gathered bytes b, if any, and gives b back to the pool;
// c.wmu is held.
func (c *Conn) flush(b []byte) error {
	if b == nil {
		return nil
	}
	var err error
	if len(b) > 0 {
		_, err = c.write(b)
	}
	if cap(b) <= maxHeld {
		b = b[:0]
		heldBufs.Put(&b)
	}
	return err
}

// Hold makes writes gather until the matching Release. Holds nest; every
// Hold needs its Release, soon (a gathered write waits for it).
func (c *Conn) Hold() {
	c.mu.Lock()
	c.hold++
	c.mu.Unlock()
}

// Release ends a Hold; the last one writes what was gathered, in one
// write, and returns that write's error.
func (c *Conn) Release() error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.mu.Lock()
	if c.hold = max(c.hold-1, 0); c.hold > 0 {
		c.mu.Unlock()
		return nil
	}
	held := c.held
	c.held = nil
	c.mu.Unlock()
	return c.flush(held)
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
