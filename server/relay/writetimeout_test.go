package relay_test

import (
	"fmt"
	"testing"
	"time"

	"paychan/app/relayproto"
	"paychan/internal/testkit"
	"paychan/server/relay"
)

// A client that stops reading cannot hold the server: once its socket
// buffers are full, the blocked write fails within WriteTimeout and the
// server closes the connection (here seen by its address's connection slot
// coming free).
func TestStuckReaderDisconnected(t *testing.T) {
	const writeTimeout = time.Second
	st := mustStoreOpts(t, relay.JetStreamOptions{Dir: t.TempDir(), SenderQuota: 10_000})
	r := mustRelay(t, st, relay.Limits{
		SendRate: 1e6, SendBurst: 1e6, FrameRate: 1e6, FrameBurst: 1e6,
		MaxUnacked: 2048, MaxConnsPerAddress: 1, WriteTimeout: writeTimeout,
		IPSendBytesRate: 1e12, IPSendBytesBurst: 1 << 40, // 120 MB from one address
		// No pings: on a loaded machine (-race) the sender's pong could
		// take longer than the write timeout, which bounds the ping.
		PingInterval: time.Hour,
	})
	bob := addrOf(Bob)
	stuck := mustRaw(t, r.url)
	stuck.login(Bob) // and never reads again

	// 2,000 deliveries of 60 KiB (120 MB) are far more than the loopback
	// socket buffers hold.
	alice := mustRaw(t, r.url)
	alice.login(Alice)
	payload := make([]byte, 60<<10)
	const n = 2000
	go func() {
		for i := range n {
			alice.writeFrame(relayproto.Frame{Type: relayproto.TypeSend, To: &bob, ID: fmt.Sprint("m", i), Payload: payload})
		}
	}()
	for range n {
		alice.mustRead(relayproto.TypeStored)
	}
	stored := time.Now()

	// The stuck connection ends within the write timeout (plus slack for
	// the loaded test machine); until then a second login of Bob is
	// refused.
	err := testkit.Poll(stored.Add(writeTimeout+3*time.Second), func() error {
		c := mustRaw(t, r.url)
		ch := c.mustRead(relayproto.TypeChallenge)
		c.writeFrame(authFrame(Bob, ch.Host, ch.Challenge, ch.Challenge))
		f, err := c.readFrame()
		if err == nil && f.Type == relayproto.TypeReady {
			return nil
		}
		return fmt.Errorf("last login answer %+v, %v", f, err)
	})
	if err != nil {
		t.Fatalf("the connection that stopped reading still holds its slot %s after the last send was stored (write timeout %s): %v", time.Since(stored), writeTimeout, err)
	}
	t.Logf("stuck connection gone %s after the last send was stored", time.Since(stored).Round(time.Millisecond))
}
