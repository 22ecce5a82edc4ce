package testkit

import (
	"fmt"
	"testing"
	"time"
)

// DefaultWait bounds [Eventually]: long enough for a loaded 2-core CI
// machine, short enough that a stuck test fails with a message rather than
// at go test's timeout.
const DefaultWait = 30 * time.Second

// Eventually calls cond until it returns nil, pausing 1 ms after the first
// miss, then twice as long after each (at most 100 ms), and fails tb with
// what and cond's last error if cond has not succeeded within DefaultWait
// (or the test's own deadline, if sooner). It is the one way tests here
// wait: no fixed sleeps, no deadline-less loops.
func Eventually(tb testing.TB, what string, cond func() error) {
	tb.Helper()
	EventuallyWithin(tb, DefaultWait, what, cond)
}

// EventuallyWithin is [Eventually] with wait instead of DefaultWait.
func EventuallyWithin(tb testing.TB, wait time.Duration, what string, cond func() error) {
	tb.Helper()
	if err := Poll(deadline(tb, wait), cond); err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

// Poll calls cond until it returns nil or the deadline passes (it calls
// cond at least once), with [Eventually]'s pauses. It returns nil, or an
// error naming the time waited and cond's last error. Use it where a
// failure must not stop the test at once (another goroutine, a cleanup).
func Poll(deadline time.Time, cond func() error) error {
	start := time.Now()
	delay := time.Millisecond
	for {
		err := cond()
		if err == nil {
			return nil
		}
		if !time.Now().Before(deadline) {
			return fmt.Errorf("still not done after %s: %w", time.Since(start).Round(time.Millisecond), err)
		}
		time.Sleep(min(delay, time.Until(deadline)+time.Millisecond))
		delay = min(2*delay, 100*time.Millisecond)
	}
}

// deadline is now + wait, or the test's deadline less a second (to report
// before go test's panic) if that is sooner.
func deadline(tb testing.TB, wait time.Duration) time.Time {
	d := time.Now().Add(wait)
	if t, ok := tb.(interface{ Deadline() (time.Time, bool) }); ok {
		if td, ok := t.Deadline(); ok && td.Add(-time.Second).Before(d) {
			d = td.Add(-time.Second)
		}
	}
	return d
}
