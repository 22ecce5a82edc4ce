//go:build linux

package relay_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"paychan/app/relayclient"
)

// mustBuildRelayd builds the test relay daemon.
func mustBuildRelayd(tb testing.TB) string {
	tb.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = "go"
	}
	bin := filepath.Join(tb.TempDir(), "relayd")
	out, err := exec.Command(goBin, "build", "-o", bin, "paychan/server/relay/internal/relayd").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build relayd: %v\n%s", err, out)
	}
	return bin
}

// relayd is a running relay daemon subprocess.
type relayd struct {
	cmd  *exec.Cmd
	url  string
	addr string
}

// mustStartRelayd starts bin on dir at addr and waits for its URL.
func mustStartRelayd(tb testing.TB, bin, dir, addr string) *relayd {
	tb.Helper()
	for attempt := 0; ; attempt++ {
		cmd := exec.Command(bin, "-data", dir, "-addr", addr, "-send-rate", "2000")
		// The daemon dies with the test process, even if the test panics.
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			tb.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			tb.Fatalf("start relayd: %v", err)
		}
		line, err := bufio.NewReader(stdout).ReadString('\n')
		if err == nil && strings.HasPrefix(line, "relayd listening on ") {
			go io.Copy(io.Discard, stdout)
			url := strings.TrimSpace(strings.TrimPrefix(line, "relayd listening on "))
			d := &relayd{cmd: cmd, url: url, addr: strings.TrimSuffix(strings.TrimPrefix(url, "ws://"), "/relay")}
			tb.Cleanup(func() { d.cmd.Process.Kill(); d.cmd.Wait() })
			return d
		}
		cmd.Wait()
		// The killed daemon's port may not be free yet.
		if attempt < 50 && strings.Contains(stderr.String(), "address already in use") {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		tb.Fatalf("relayd did not start: %q %v\n%s", line, err, stderr.String())
	}
}

// kill9 kills the daemon with SIGKILL and waits for it to be gone.
func (d *relayd) kill9(tb testing.TB) {
	tb.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		tb.Fatalf("kill -9 relayd: %v", err)
	}
	d.cmd.Wait()
}

// TestKill9MidStream streams messages from Alice to Bob through a relay
// daemon, kills it with SIGKILL in the middle, restarts it on the same data
// dir and checks the guarantee: every message whose Send returned (the relay
// said stored) is handed to Bob's Handler exactly once, in Alice's order.
func TestKill9MidStream(t *testing.T) {
	bin := mustBuildRelayd(t)
	dir := t.TempDir()
	d := mustStartRelayd(t, bin, dir, "127.0.0.1:0")

	const total = 400
	in := newInbox()
	mustClient(t, d.url, Bob, relayclient.Options{Handler: in.handle})
	alice := mustClient(t, d.url, Alice, relayclient.Options{})

	// Alice streams messages with four Sends in flight at once, so that
	// some are unconfirmed when the relay dies; each worker's messages are
	// in its own order.
	var mu sync.Mutex
	stored := map[string]bool{}
	var wg sync.WaitGroup
	errs := make(chan error, total)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			for i := range total / 4 {
				p := fmt.Sprintf("w%d %03d", w, i)
				if _, err := alice.Send(ctx, addrOf(Bob), []byte(p)); err != nil {
					errs <- fmt.Errorf("Send(%q): %w", p, err)
					return
				}
				mu.Lock()
				stored[p] = true
				mu.Unlock()
			}
		}()
	}

	// Kill the relay once a quarter is stored, and again at three quarters.
	for _, at := range []int{total / 4, total * 3 / 4} {
		for {
			mu.Lock()
			n := len(stored)
			mu.Unlock()
			if n >= at {
				break
			}
			select {
			case err := <-errs:
				t.Fatal(err)
			case <-time.After(2 * time.Millisecond):
			}
		}
		d.kill9(t)
		t.Logf("killed relayd with %d messages stored, %d handled by Bob", at, len(in.snapshot()))
		d = mustStartRelayd(t, bin, dir, d.addr)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(stored) != total {
		t.Fatalf("%d messages stored; want %d", len(stored), total)
	}

	// Every stored message reaches Bob's handler once, in order per worker.
	in.wait(t, total)
	time.Sleep(200 * time.Millisecond) // let any duplicate show up
	msgs := in.snapshot()
	count := map[string]int{}
	perWorker := map[string][]string{}
	for _, m := range msgs {
		p := string(m.Payload)
		count[p]++
		perWorker[p[:2]] = append(perWorker[p[:2]], p)
	}
	for p := range stored {
		if count[p] != 1 {
			t.Errorf("message %q handled %d times; want exactly once", p, count[p])
		}
	}
	if len(msgs) != total {
		t.Errorf("Bob's handler got %d messages; want %d", len(msgs), total)
	}
	for w := range 4 {
		var want []string
		for i := range total / 4 {
			want = append(want, fmt.Sprintf("w%d %03d", w, i))
		}
		if diff := cmp.Diff(want, perWorker[fmt.Sprintf("w%d", w)]); diff != "" {
			t.Errorf("order of worker %d's messages (-want +got):\n%s", w, diff)
		}
	}
}
