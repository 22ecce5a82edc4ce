package relay_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"paychan/app/relayclient"
	"paychan/server/relay"
)

// BenchmarkRelayThroughput measures messages per second end to end: Alice
// sends with 32 Sends in flight through the relay (durable JetStream file
// storage, embedded), Bob's client hands each to its handler and
// acknowledges it. Reported as msgs/s (from the first send to the last
// message handled).
func BenchmarkRelayThroughput(b *testing.B) {
	for _, size := range []int{256, 4096} {
		b.Run(fmt.Sprintf("payload=%d", size), func(b *testing.B) {
			st := mustStore(b, b.TempDir())
			r := mustRelay(b, st, relay.Limits{SendRate: 1e6, SendBurst: 1e6, FrameRate: 1e6, FrameBurst: 1e6})
			var handled atomic.Int64
			done := make(chan struct{})
			total := int64(b.N)
			bobHandler := func(_ context.Context, m relayclient.Message) error {
				if handled.Add(1) == total {
					close(done)
				}
				return nil
			}
			mustClient(b, r.url, Bob, relayclient.Options{Handler: bobHandler})
			alice := mustClient(b, r.url, Alice, relayclient.Options{})
			payload := make([]byte, size)
			jobs := make(chan int)
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range 32 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range jobs {
						if _, err := alice.Send(context.Background(), addrOf(Bob), payload); err != nil {
							b.Error(err)
						}
					}
				}()
			}
			for i := range b.N {
				jobs <- i
			}
			close(jobs)
			wg.Wait()
			<-done
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
		})
	}
}
