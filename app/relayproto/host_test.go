package relayproto

import "testing"

func TestSameHost(t *testing.T) {
	for _, c := range []struct {
		want, named, scheme string
		same                bool
	}{
		{"127.0.0.1:8080", "127.0.0.1:8080", "ws", true},
		{"localhost:8080", "127.0.0.1:8080", "ws", true},
		{"[::1]:8080", "localhost:8080", "ws", true},
		{"LocalHost:8080", "127.0.0.1:8080", "ws", true},
		{"localhost:8081", "127.0.0.1:8080", "ws", false},
		{"127.0.0.2:8080", "127.0.0.1:8080", "ws", false},
		{"paychan.example", "paychan.example", "wss", true},
		{"paychan.example:443", "paychan.example", "wss", true},
		{"Paychan.Example", "paychan.example:443", "wss", true},
		{"paychan.example:8443", "paychan.example", "wss", false},
		{"paychan.example", "paychan.example:443", "ws", false},
		{"evil.example:8080", "127.0.0.1:8080", "ws", false},
		{"127.0.0.1:9000", "127.0.0.1:8080", "ws", false},
		{"relay.test", "", "ws", false},
		{"", "", "ws", false},
		{"[::1]", "localhost:80", "ws", true},
	} {
		if got := SameHost(c.want, c.named, c.scheme); got != c.same {
			t.Errorf("SameHost(%q, %q, %q) = %v, want %v", c.want, c.named, c.scheme, got, c.same)
		}
	}
}
