package cluster

import (
	"io"
	"net"
	"sync"
	"time"
)

// Front is a TCP load balancer on loopback, the stand-in for the one
// origin (load balancer or reverse proxy) that clients reach a cluster's
// hosts by: each connection goes to the first backend, in order, that
// accepts it (failover, so that a test knows where a client is), and a
// killed host's clients reconnect to the next one. It does not look
// into the traffic (WebSocket and HTTP pass through).
type Front struct {
	ln       net.Listener
	mu       sync.Mutex
	backends []string
	conns    map[net.Conn]struct{}
	wg       sync.WaitGroup
}

// NewFront listens on addr (127.0.0.1:0 picks a port) and balances over
// backends (host:port).
func NewFront(addr string, backends []string) (*Front, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	f := &Front{ln: ln, backends: append([]string(nil), backends...), conns: make(map[net.Conn]struct{})}
	f.wg.Add(1)
	go f.serve()
	return f, nil
}

// Addr is the front's host:port.
func (f *Front) Addr() string { return f.ln.Addr().String() }

// SetBackends replaces the backends; open connections stay where they are.
func (f *Front) SetBackends(backends []string) {
	f.mu.Lock()
	f.backends = append([]string(nil), backends...)
	f.mu.Unlock()
}

func (f *Front) serve() {
	defer f.wg.Done()
	for {
		c, err := f.ln.Accept()
		if err != nil {
			return
		}
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			f.handle(c)
		}()
	}
}

// handle connects c to the first backend that accepts.
func (f *Front) handle(c net.Conn) {
	f.mu.Lock()
	bs := f.backends
	f.mu.Unlock()
	var b net.Conn
	for _, addr := range bs {
		var err error
		if b, err = net.DialTimeout("tcp", addr, 2*time.Second); err == nil {
			break
		}
	}
	if b == nil {
		c.Close()
		return
	}
	if !f.track(c, b) {
		return
	}
	done := make(chan struct{}, 2)
	pipe := func(dst, src net.Conn) {
		io.Copy(dst, src)
		// Half-close is not enough when a backend dies: close both.
		dst.Close()
		src.Close()
		done <- struct{}{}
	}
	go pipe(b, c)
	go pipe(c, b)
	<-done
	<-done
	f.untrack(c, b)
}

func (f *Front) track(cs ...net.Conn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conns == nil {
		for _, c := range cs {
			c.Close()
		}
		return false
	}
	for _, c := range cs {
		f.conns[c] = struct{}{}
	}
	return true
}

func (f *Front) untrack(cs ...net.Conn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range cs {
		delete(f.conns, c)
	}
}

// Close stops accepting and closes every connection.
func (f *Front) Close() error {
	err := f.ln.Close()
	f.mu.Lock()
	for c := range f.conns {
		c.Close()
	}
	f.conns = nil
	f.mu.Unlock()
	f.wg.Wait()
	return err
}
