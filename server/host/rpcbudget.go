package host

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"paychan/app/hostapi"
	"paychan/server/relay"
)

// Defaults of the per-address /rpc budget (Config.RPCIPShare, RPCIPBurst,
// RPCIPConcurrent).
const (
	DefaultRPCIPShare      = 0.5
	DefaultRPCIPBurst      = 30 * time.Second
	DefaultRPCIPConcurrent = 8
)

// rpcBudget bounds the /rpc work of one network address (an IPv4 address
// or an IPv6 /64): at most concurrent requests at once, and on average
// share seconds of handling a second, with burst seconds at once. It is a
// token bucket of seconds charged with each request's duration when the
// request ends; a request starts only while its address's bucket is not
// empty. Every call of the allowlist is answered by the same chain, and a
// batch of heavy eth_calls keeps a core busy for seconds (README
// "Limits"): without it a few requests from one address at a time could
// take every core of the host from the wallets and the relay.
type rpcBudget struct {
	timed      bool    // the share applies (the embedded chain)
	share      float64 // seconds per second
	burst      float64 // seconds
	concurrent int

	mu      sync.Mutex
	m       map[string]*rpcAccount
	sweepAt int
}

type rpcAccount struct {
	seconds  float64 // left in the bucket; below zero when in debt
	last     time.Time
	inflight int
}

// newRPCBudget returns the budget; with timed false (an external node
// answers /rpc: a request's time is mostly the wait for the node, which
// applies its own limits) only the requests in progress are bounded.
func newRPCBudget(timed bool, share float64, burst time.Duration, concurrent int) *rpcBudget {
	if share <= 0 {
		share = DefaultRPCIPShare
	}

	if burst <= 0 {
		burst = DefaultRPCIPBurst
	}
	if concurrent <= 0 {
		concurrent = DefaultRPCIPConcurrent
	}
	return &rpcBudget{timed: timed, share: share, burst: burst.Seconds(), concurrent: concurrent, m: make(map[string]*rpcAccount), sweepAt: 1024}
}

// refill adds what a's bucket earned since its last use. Called with b.mu held.
func (b *rpcBudget) refill(a *rpcAccount, now time.Time) {
	a.seconds = math.Min(b.burst, a.seconds+now.Sub(a.last).Seconds()*b.share)
	a.last = now
}

// begin admits a request of network address ip, or says why not and when
// to retry.
func (b *rpcBudget) begin(ip string, now time.Time) (ok bool, retry time.Duration, why string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a := b.m[ip]
	if a == nil {
		if len(b.m) >= b.sweepAt {
			b.sweep(now)
		}
		a = &rpcAccount{seconds: b.burst, last: now}
		b.m[ip] = a
	}
	b.refill(a, now)
	switch {
	case a.inflight >= b.concurrent:
		return false, time.Second, fmt.Sprintf("%d requests from %s are in progress (the limit); retry once they are answered", a.inflight, ip)
	case b.timed && a.seconds <= 0:
		wait := time.Duration((-a.seconds + 0.001) / b.share * float64(time.Second))
		return false, wait, fmt.Sprintf("the requests from %s have used their share of the host's time (%s of handling a second, %s at once); retry in %s",
			ip, strconv.FormatFloat(b.share, 'f', -1, 64)+" s", time.Duration(b.burst*float64(time.Second)), wait.Round(time.Second))
	}
	a.inflight++
	return true, 0, ""
}

// end charges a request of ip that took d.
func (b *rpcBudget) end(ip string, d time.Duration, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	a := b.m[ip]
	if a == nil {
		return
	}
	a.inflight--
	b.refill(a, now)
	if b.timed {
		a.seconds -= d.Seconds()
	}
}

// sweep forgets the addresses with nothing in progress whose bucket has
// refilled (as a new one). Called with b.mu held.
func (b *rpcBudget) sweep(now time.Time) {
	for ip, a := range b.m {
		b.refill(a, now)
		if a.inflight == 0 && a.seconds >= b.burst {
			delete(b.m, ip)
		}
	}
	b.sweepAt = max(1024, 2*len(b.m))
}

// wrap applies the budget to next: a request over it gets HTTP 429 with a
// Retry-After header and a rate_limited error naming the limit.
func (b *rpcBudget) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := relay.NetKey(r.RemoteAddr)
		ok, retry, why := b.begin(ip, time.Now())
		if !ok {
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(retry.Seconds())))))
			writeError(w, http.StatusTooManyRequests, hostapi.CodeRateLimited, "/rpc: "+why)
			return
		}
		start := time.Now()
		defer func() { b.end(ip, time.Since(start), time.Now()) }()
		next.ServeHTTP(w, r)
	})
}
