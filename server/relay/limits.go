package relay

import (
	"fmt"
	"sync"
	"time"

	"paychan/app/relayproto"
)

// Limits bounds what one connection and the whole server may use. A zero
// field takes its default (DefaultLimits).
type Limits struct {
	// MaxPayloadBytes is the largest payload of a send (default 64 KiB).
	MaxPayloadBytes int
	// MaxFrameBytes is the largest WebSocket message the server reads; a
	// larger one closes the connection with status 1009 (default: room for
	// a base64 payload of MaxPayloadBytes plus 2 KiB). A frame under this
	// size whose payload is too large gets a too_large error and the
	// connection survives.
	MaxFrameBytes int
	// SendRate is the sustained number of sends per second per connection
	// and SendBurst the bucket size (defaults 50 and 100). Sends over the
	// limit get a rate_limited error and are not stored.
	SendRate  float64
	SendBurst int
	// FrameRate and FrameBurst bound all frames of a connection, acks
	// included (defaults 500 and 1000).
	FrameRate  float64
	FrameBurst int
	// IPSendBytesRate is the sustained number of payload bytes a second
	// that the logged-in connections of one network address (an IPv4
	// address or an IPv6 /64) may send together, and IPSendBytesBurst the
	// bucket size (defaults 256 KiB/s and 8 MiB; the burst is at least
	// MaxPayloadBytes). The budget outlives the connections: reconnecting
	// does not refill it. Sends over it get a rate_limited error and are
	// not stored. Without it one address could fill the whole store
	// (MaxBytes) in seconds, through many connections and keys, and every
	// other sender would get store_full for as long as the messages are
	// kept. Behind a reverse proxy every client has the proxy's address:
	// raise it there.
	IPSendBytesRate  float64
	IPSendBytesBurst int
	// MaxConns is the largest number of open connections (default 1024);
	// beyond it the upgrade is refused with HTTP 503.
	MaxConns int
	// MaxConnsPerAddress is the largest number of logged-in connections of
	// one address (default 8).
	MaxConnsPerAddress int
	// MaxPendingPerIP is the largest number of connections from one
	// network address (an IPv4 address or an IPv6 /64) that have not
	// logged in yet (default 16); beyond it the upgrade is refused with
	// HTTP 429. Behind a reverse proxy every client has the proxy's
	// address: raise it (and MaxConnsPerIP) there.
	MaxPendingPerIP int
	// MaxConnsPerIP is the largest number of logged-in connections from one
	// network address (default 128); beyond it a login is refused with
	// too_many_connections and the connection closes.
	MaxConnsPerIP int
	// ReservedConns is the number of connections kept for the host's own
	// clients, those presenting Options.ReservedToken (default 4): they
	// count neither against MaxConns nor the per-IP limits, and have no
	// send or frame rate limit.
	ReservedConns int
	// AuthTimeout is how long a new connection has to log in (default 10 s).
	AuthTimeout time.Duration
	// MaxUnacked is how many delivered messages a connection may leave
	// unacknowledged before delivery pauses (default 256).
	MaxUnacked int
	// MaxInflightSends is how many sends of one connection may be being
	// stored at once (pipelined when the Store is an AsyncAppender;
	// default 1024). Further sends wait.
	MaxInflightSends int
	// MaxBadFrames is how many bad frames in a row close the connection
	// (default 16).
	MaxBadFrames int
	// LookupRate and LookupBurst bound the key lookups of a connection
	// (defaults 5 a second, burst 20): a wallet looks up a peer's key once
	// and keeps it. Lookups over the limit get rate_limited.
	LookupRate  float64
	LookupBurst int
	// MaxKeys bounds the relay's in-memory key directory (default 65,536
	// keys; the store's KeyDirectory keeps them all).
	MaxKeys int
	// ChainKeyBlocks is how many recent blocks ChainKeys searches for a
	// transaction of an address that never logged in (default
	// DefaultChainKeyBlocks; the host passes it).
	ChainKeyBlocks int
	// MaxChainScans is how many chain searches for keys (Options.KeyFallback)
	// run at once, host-wide (default 1). A lookup that needs one while
	// none is free gets unavailable at once (retry later), so that lookups
	// of fresh addresses cannot pin the host; a search stops when the
	// connection that asked ends.
	MaxChainScans int
	// AllowClear lets sends store payloads that are not sealed messages
	// (app/seal). Off by default: from the upgrade to sealed messages on,
	// the relay stores only sealed messages from the sender's own key
	// (not_sealed otherwise). For tests of the transport only.
	AllowClear bool
	// LiveWait is how long a message handed live to its recipient's
	// connection (live.go) may wait for the recipient's acknowledgement
	// before the relay stores it (default 1 s; negative: messages are
	// always stored first). The sender's stored frame waits for one or
	// the other.
	LiveWait time.Duration
	// LiveQueue bounds the live messages waiting for a recipient
	// connection to take them (default 256); beyond it messages are
	// stored first.
	LiveQueue int
	// WriteTimeout bounds each write (default 10 s).
	WriteTimeout time.Duration
	// PingInterval is how often the server pings an idle client to detect
	// dead connections (default 30 s).
	PingInterval time.Duration
}

// DefaultLimits returns the limits used for zero fields.
func DefaultLimits() Limits {
	return Limits{
		MaxPayloadBytes:    relayproto.MaxPayloadBytes,
		SendRate:           50,
		SendBurst:          100,
		FrameRate:          500,
		FrameBurst:         1000,
		IPSendBytesRate:    256 << 10,
		IPSendBytesBurst:   8 << 20,
		MaxConns:           1024,
		MaxConnsPerAddress: 8,
		MaxPendingPerIP:    16,
		MaxConnsPerIP:      128,
		ReservedConns:      4,
		AuthTimeout:        10 * time.Second,
		MaxUnacked:         256,
		MaxInflightSends:   1024,
		MaxBadFrames:       16,
		LookupRate:         5,
		LookupBurst:        20,
		MaxKeys:            1 << 16,
		MaxChainScans:      1,
		WriteTimeout:       10 * time.Second,
		PingInterval:       30 * time.Second,
		LiveWait:           time.Second,
		LiveQueue:          256,
	}
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setF := func(v *float64, def float64) {
		if *v <= 0 {
			*v = def
		}
	}
	setD := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.MaxPayloadBytes, d.MaxPayloadBytes)
	setF(&l.SendRate, d.SendRate)
	set(&l.SendBurst, d.SendBurst)
	setF(&l.FrameRate, d.FrameRate)
	set(&l.FrameBurst, d.FrameBurst)
	setF(&l.IPSendBytesRate, d.IPSendBytesRate)
	set(&l.IPSendBytesBurst, d.IPSendBytesBurst)
	l.IPSendBytesBurst = max(l.IPSendBytesBurst, l.MaxPayloadBytes)
	set(&l.MaxConns, d.MaxConns)
	set(&l.MaxConnsPerAddress, d.MaxConnsPerAddress)
	set(&l.MaxPendingPerIP, d.MaxPendingPerIP)
	set(&l.MaxConnsPerIP, d.MaxConnsPerIP)
	set(&l.ReservedConns, d.ReservedConns)
	setD(&l.AuthTimeout, d.AuthTimeout)
	set(&l.MaxUnacked, d.MaxUnacked)
	set(&l.MaxInflightSends, d.MaxInflightSends)
	set(&l.MaxBadFrames, d.MaxBadFrames)
	setF(&l.LookupRate, d.LookupRate)
	set(&l.LookupBurst, d.LookupBurst)
	set(&l.MaxKeys, d.MaxKeys)
	set(&l.MaxChainScans, d.MaxChainScans)
	setD(&l.WriteTimeout, d.WriteTimeout)
	if l.LiveWait == 0 {
		l.LiveWait = d.LiveWait
	}
	set(&l.LiveQueue, d.LiveQueue)
	setD(&l.PingInterval, d.PingInterval)
	set(&l.MaxFrameBytes, (l.MaxPayloadBytes+2)/3*4+2048)
	return l
}

// bucket is a token bucket: rate tokens a second, at most burst saved.
type bucket struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newBucket(rate float64, burst int) *bucket {
	return &bucket{rate: rate, burst: float64(burst), tokens: float64(burst), last: time.Now()}
}

// allow takes a token if there is one. A nil bucket always allows.
func (b *bucket) allow() bool { return b.allowN(1) }

// allowN takes n tokens if there are that many. A nil bucket always allows.
func (b *bucket) allowN(n float64) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(time.Now())
	if b.tokens < n {
		return false
	}
	b.tokens -= n
	return true
}

// refill adds the tokens earned since the last call. Called with b.mu held.
func (b *bucket) refill(now time.Time) {
	b.tokens += now.Sub(b.last).Seconds() * b.rate
	if b.tokens > b.burst {
		b.tokens = b.burst
	}
	b.last = now
}

// full reports whether the bucket has refilled to its burst, i.e. is as a
// new one (so it can be forgotten without giving anyone more).
func (b *bucket) full(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refill(now)
	return b.tokens >= b.burst
}

// ipBuckets holds the send byte budgets of network addresses
// (Limits.IPSendBytesRate), kept while an address has a connection and
// until its bucket has refilled after that.
type ipBuckets struct {
	mu    sync.Mutex
	rate  float64
	burst int
	m     map[string]*bucket
	// sweepAt is the size of m that triggers forgetting the full buckets
	// of addresses without connections.
	sweepAt int
}

// get returns ip's bucket, making it if needed; live reports whether an
// address still has logged-in connections (for the sweep).
func (b *ipBuckets) get(ip string, live func(string) bool) *bucket {
	b.mu.Lock()
	defer b.mu.Unlock()
	if k, ok := b.m[ip]; ok {
		return k
	}
	if len(b.m) >= b.sweepAt {
		now := time.Now()
		for a, k := range b.m {
			if !live(a) && k.full(now) {
				delete(b.m, a)
			}
		}
		b.sweepAt = max(b.sweepAt, 2*len(b.m))
	}
	k := newBucket(b.rate, b.burst)
	b.m[ip] = k
	return k
}

// byteSize writes a byte count (or rate) for people: 262144 is "256 KiB".
func byteSize(n float64) string {
	switch {
	case n >= 1<<20 && n == float64(int64(n)>>20<<20):
		return fmt.Sprintf("%d MiB", int64(n)>>20)
	case n >= 1<<10 && n == float64(int64(n)>>10<<10):
		return fmt.Sprintf("%d KiB", int64(n)>>10)
	}
	return fmt.Sprintf("%.0f bytes", n)
}
