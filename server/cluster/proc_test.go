package cluster

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWaitListening: a process that ends at start (a NATS node that could
// not bind its port) is an error at once, naming it and quoting its log; a
// process whose address accepts connections is ready.
func TestWaitListening(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()

	dead := &Proc{Name: "nats9", Bin: "/bin/sh", Args: []string{"-c", "echo 'Error listening on router port: 4248' >&2; exit 1"},
		logPath: filepath.Join(dir, "nats9.log")}
	if err := dead.start(ctx, 0); err != nil {
		t.Fatal(err)
	}
	err = dead.waitListening(ctx, "127.0.0.1:1", time.Minute)
	if err == nil || !strings.Contains(err.Error(), "nats9 exited at start") || !strings.Contains(err.Error(), "Error listening on router port") {
		t.Fatalf("waitListening on a process that ended = %v; want nats9's exit with its log", err)
	}

	live := &Proc{Name: "nats8", Bin: "/bin/sh", Args: []string{"-c", "sleep 60"}, logPath: filepath.Join(dir, "nats8.log")}
	if err := live.start(ctx, 0); err != nil {
		t.Fatal(err)
	}
	defer live.Kill()
	if err := live.waitListening(ctx, ln.Addr().String(), time.Minute); err != nil {
		t.Fatalf("waitListening on a listening address: %v", err)
	}
}
