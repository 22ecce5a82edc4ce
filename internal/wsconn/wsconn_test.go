package wsconn

import (
	"bytes"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// countConn counts the writes that reach the connection.
type countConn struct {
	net.Conn
	mu     sync.Mutex
	writes int
}

func (c *countConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.writes++
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func (c *countConn) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes
}

// pipe returns a Conn over one end of a pipe (its writes counted) and a
// reader of everything written to it.
func pipe(t *testing.T) (*Conn, *countConn, *bytes.Buffer, func()) {
	t.Helper()
	a, b := net.Pipe()
	cc := &countConn{Conn: a}
	var got bytes.Buffer
	done := make(chan struct{})
	go func() { defer close(done); io.Copy(&got, b) }()
	return NewConn(cc, time.Minute), cc, &got, func() { a.Close(); <-done; b.Close() }
}

func TestHoldGathersWrites(t *testing.T) {
	c, cc, got, wait := pipe(t)
	if _, err := c.Write([]byte("a")); err != nil {
		t.Fatal(err)
	}
	c.Hold()
	c.Hold() // nested
	for _, s := range []string{"b", "c", "d"} {
		if n, err := c.Write([]byte(s)); n != 1 || err != nil {
			t.Fatalf("held Write(%q) = %d, %v; want 1, nil", s, n, err)
		}
	}
	if err := c.Release(); err != nil {
		t.Fatal(err)
	}
	if n := cc.count(); n != 1 {
		t.Errorf("after the inner Release: %d writes; want 1 (the one before Hold)", n)
	}
	if err := c.Release(); err != nil {
		t.Fatal(err)
	}
	if n := cc.count(); n != 2 {
		t.Errorf("after the last Release: %d writes; want 2", n)
	}
	if _, err := c.Write([]byte("e")); err != nil {
		t.Fatal(err)
	}
	if err := c.Release(); err != nil { // an extra Release writes nothing
		t.Fatal(err)
	}
	c.Hold()
	if err := c.Release(); err != nil { // nothing gathered
		t.Fatal(err)
	}
	c.Hold() // holds, after the extra Release
	c.Write([]byte("f"))
	c.Write([]byte("g"))
	if n := cc.count(); n != 3 {
		t.Errorf("held after an extra Release: %d writes; want 3", n)
	}
	c.Release()
	wait()
	if got.String() != "abcdefg" || cc.count() != 4 {
		t.Errorf("peer read %q in %d writes; want \"abcdefg\" in 4", got.String(), cc.count())
	}
}

// TestHoldBounded: past maxHeld gathered bytes, writes go out while held,
// in order.
func TestHoldBounded(t *testing.T) {
	c, cc, got, wait := pipe(t)
	var want bytes.Buffer
	c.Hold()
	chunk := bytes.Repeat([]byte{'x'}, 1000)
	for i := range 100 {
		chunk[0] = byte('0' + i%10)
		want.Write(chunk)
		if _, err := c.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if n := cc.count(); n == 0 {
		t.Errorf("100,000 bytes held: no write went out; want some (bound %d)", maxHeld)
	}
	if err := c.Release(); err != nil {
		t.Fatal(err)
	}
	wait()
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("peer read %d bytes, not the %d written in order", got.Len(), want.Len())
	}
}
