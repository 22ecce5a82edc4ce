package testkit

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestPollReturnsOnceCondHolds(t *testing.T) {
	calls := 0
	err := Poll(time.Now().Add(DefaultWait), func() error {
		if calls++; calls < 4 {
			return fmt.Errorf("call %d", calls)
		}
		return nil
	})
	if err != nil || calls != 4 {
		t.Fatalf("Poll = %v after %d calls; want nil after 4", err, calls)
	}
}

func TestPollGivesUpAtTheDeadlineWithTheLastError(t *testing.T) {
	last := errors.New("head 7, want 9")
	calls := 0
	err := Poll(time.Now().Add(20*time.Millisecond), func() error { calls++; return last })
	if !errors.Is(err, last) || !strings.Contains(err.Error(), "still not done after") {
		t.Fatalf("Poll = %v; want the last error, wrapped with the time waited", err)
	}
	if calls < 2 {
		t.Fatalf("Poll called cond %d times in 20 ms; want at least 2", calls)
	}
}

func TestPollCallsOnceEvenPastTheDeadline(t *testing.T) {
	calls := 0
	if err := Poll(time.Now().Add(-time.Hour), func() error { calls++; return nil }); err != nil || calls != 1 {
		t.Fatalf("Poll(past deadline) = %v after %d calls; want nil after 1", err, calls)
	}
}

// fatalTB records Fatalf instead of stopping the test.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
}

func TestEventuallyFailsWithWhatAndTheLastError(t *testing.T) {
	f := &fatalTB{TB: t}
	EventuallyWithin(f, 10*time.Millisecond, "the watchtower claims", func() error { return errors.New("alicePaid 0") })
	if !strings.Contains(f.msg, "the watchtower claims") || !strings.Contains(f.msg, "alicePaid 0") {
		t.Fatalf("Eventually failed with %q; want what and the last error", f.msg)
	}
	f.msg = ""
	Eventually(f, "at once", func() error { return nil })
	if f.msg != "" {
		t.Fatalf("Eventually failed a condition that holds: %q", f.msg)
	}
}
