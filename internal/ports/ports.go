// Package ports picks loopback TCP ports for processes that bind them
// later: a NATS node's client and route ports, a host's address, all named
// on the command line before the process starts.
//
// A port taken from the kernel with :0 and released lies in the kernel's
// ephemeral range, where the source port of any outgoing connection and
// any other :0 listener on the machine (another test package, a browser)
// can take it before the process binds it; a NATS node that cannot bind
// exits, and a fresh JetStream cluster missing a node never elects its
// meta leader. Free picks below that range, where the kernel assigns
// nothing by itself.
package ports

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
)

// lowest is the lowest port Free picks.
const lowest = 10000

// ephemeralLow is the first port of the kernel's ephemeral range (Linux's
// default when the range cannot be read).
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 32768
	}
	lo, err := strconv.Atoi(f[0])
	if err != nil {
		return 32768
	}
	return lo
}

// Free returns n distinct TCP ports that were free on 127.0.0.1 when it
// was called, below the kernel's ephemeral range when that range leaves
// room for them (else taken from the kernel with :0).
func Free(n int) ([]int, error) {
	var lns []net.Listener
	defer func() {
		for _, ln := range lns {
			ln.Close()
		}
	}()
	ports := make([]int, 0, n)
	hi := ephemeralLow()
	if hi-lowest >= 1000 {
		for tries := 0; len(ports) < n && tries < 1000; tries++ {
			p := lowest + rand.IntN(hi-lowest)
			ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
			if err != nil {
				continue // in use: another one
			}
			lns = append(lns, ln)
			ports = append(ports, p)
		}
	}
	for len(ports) < n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("ports: a free port: %w", err)
		}
		lns = append(lns, ln)
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
