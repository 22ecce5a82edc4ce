package relay_test

import (
	"context"
	"encoding/binary"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"paychan/app/relayclient"
	"paychan/server/relay"
)

// TestNoDeliveryStall sends bursts both ways between Alice and Bob (100
// sends in flight each, recipients persisting in batches with a 2 ms
// "fsync") and requires every message to arrive without a reader stalling.
// The former pull-based reader (nats.go Messages with 32-message pull
// requests) sometimes stopped getting messages while its mailbox held
// hundreds: the server had no pull request waiting (NumWaiting 0) but the
// client counted its requests as still outstanding, so nothing was asked
// for until the request expired or the heartbeat watchdog fired (60 s with
// a long expiry: this test then failed with 7,149 of 8,000 messages). The
// push reader has no pull requests to lose. The deadline is far below that
// stall and far above a normal run (about 2 s).
func TestNoDeliveryStall(t *testing.T) {
	if testing.Short() {
		t.Skip("8,000 messages")
	}
	st := mustStoreOpts(t, relay.JetStreamOptions{Dir: t.TempDir()})
	r := mustRelay(t, st, relay.Limits{SendRate: 1e6, SendBurst: 1e6, FrameRate: 1e6, FrameBurst: 1e6, MaxUnacked: 1024})
	const n = 4000
	var maxLat, got atomic.Int64
	done := make(chan struct{})
	h := func(_ context.Context, ms []relayclient.Message) error {
		time.Sleep(2 * time.Millisecond) // paces the handler (a slow consumer); waits for nothing
		for _, m := range ms {
			lat := time.Now().UnixNano() - int64(binary.BigEndian.Uint64(m.Payload))
			for old := maxLat.Load(); lat > old && !maxLat.CompareAndSwap(old, lat); old = maxLat.Load() {
			}
			if got.Add(1) == 2*n {
				close(done)
			}
		}
		return nil
	}
	alice := mustClient(t, r.url, Alice, relayclient.Options{BatchHandler: h})
	bob := mustClient(t, r.url, Bob, relayclient.Options{BatchHandler: h})
	var wg sync.WaitGroup
	for _, pair := range [][2]*relayclient.Client{{alice, bob}, {bob, alice}} {
		from, to := pair[0], pair[1].Address()
		jobs := make(chan struct{})
		for range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range jobs {
					p := make([]byte, 300)
					binary.BigEndian.PutUint64(p, uint64(time.Now().UnixNano()))
					if _, err := from.Send(context.Background(), to, p); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range n {
				jobs <- struct{}{}
			}
			close(jobs)
		}()
	}
	wg.Wait()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%d of %d messages arrived within 30 s of the last stored send; a mailbox reader stalled", got.Load(), 2*n)
	}
	t.Logf("largest latency from send to handled: %v", time.Duration(maxLat.Load()))
}
