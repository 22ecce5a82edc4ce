package host

import (
	"net"
	"testing"
)

func TestDefaultRelayHost(t *testing.T) {
	for _, c := range []struct{ addr, ln, want string }{
		{"127.0.0.1:8080", "127.0.0.1:8080", "127.0.0.1:8080"},
		{"127.0.0.1:0", "127.0.0.1:40123", "127.0.0.1:40123"},
		{"localhost:8080", "127.0.0.1:8080", "localhost:8080"},
		{"0.0.0.0:8080", "0.0.0.0:8080", "localhost:8080"},
		{":8080", "[::]:8080", "localhost:8080"},
		{"[::]:8080", "[::]:8080", "localhost:8080"},
		{"[::1]:8080", "[::1]:8080", "[::1]:8080"},
		{"192.168.1.5:8080", "192.168.1.5:8080", "192.168.1.5:8080"},
	} {
		ln, err := net.ResolveTCPAddr("tcp", c.ln)
		if err != nil {
			t.Fatal(err)
		}
		if got := defaultRelayHost(c.addr, ln); got != c.want {
			t.Errorf("defaultRelayHost(%q, %s) = %q; want %q", c.addr, c.ln, got, c.want)
		}
	}
}
