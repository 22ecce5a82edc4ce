package ports

import (
	"net"
	"runtime"
	"strconv"
	"testing"
)

// TestFree: the ports are distinct, free to bind, and (on Linux) below the
// kernel's ephemeral range, where no outgoing connection or :0 listener
// takes them between the pick and the bind.
func TestFree(t *testing.T) {
	got, err := Free(8)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 8 {
		t.Fatalf("Free(8) gave %d ports", len(got))
	}
	seen := map[int]bool{}
	lo := ephemeralLow()
	for _, p := range got {
		if seen[p] {
			t.Errorf("port %d given twice", p)
		}
		seen[p] = true
		if runtime.GOOS == "linux" && (p < lowest || p >= lo) {
			t.Errorf("port %d outside [%d, %d): the kernel may give it to another socket", p, lowest, lo)
		}
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			t.Errorf("port %d not free: %v", p, err)
			continue
		}
		ln.Close()
	}
}

// TestFreeSkipsTaken: a port that is taken is not given.
func TestFreeSkipsTaken(t *testing.T) {
	var taken []net.Listener
	defer func() {
		for _, ln := range taken {
			ln.Close()
		}
	}()
	busy := map[int]bool{}
	for range 50 {
		ps, err := Free(1)
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(ps[0])))
		if err != nil {
			t.Fatalf("port %d given but not free: %v", ps[0], err)
		}
		if busy[ps[0]] {
			t.Fatalf("port %d given while taken", ps[0])
		}
		busy[ps[0]] = true
		taken = append(taken, ln)
	}
}
