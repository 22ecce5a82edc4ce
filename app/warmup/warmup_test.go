package warmup_test

import (
	"testing"

	"paychan/app/warmup"
)

// TestRun: the warm-up's payment goes through (a failure would mean it no
// longer runs the code a real payment runs) and can run again.
func TestRun(t *testing.T) {
	for i := 0; i < 2; i++ {
		if err := warmup.Run(); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
}

// TestRunSliced: the sliced warm-up yields between its steps and succeeds.
func TestRunSliced(t *testing.T) {
	yields := 0
	if err := warmup.RunSliced(func() { yields++ }); err != nil {
		t.Fatal(err)
	}
	if yields < 5 {
		t.Errorf("RunSliced yielded %d times; want at least 5", yields)
	}
}

// TestRounds: many rounds on the same books all go through (none
// overdraws the throwaway deposit), with the page's turn between steps.
func TestRounds(t *testing.T) {
	yields := 0
	if err := warmup.Rounds(120, func() { yields++ }, nil); err != nil {
		t.Fatal(err)
	}
	if yields < 4*120 {
		t.Errorf("Rounds(120) yielded %d times; want at least %d", yields, 4*120)
	}
}

// TestRoundsStop: the rounds end at the first yield after stop says so.
func TestRoundsStop(t *testing.T) {
	asked := 0
	stop := func() bool { asked++; return asked > 9 }
	if err := warmup.Rounds(100, func() {}, stop); err != nil {
		t.Fatal(err)
	}
	if asked != 10 {
		t.Errorf("stop asked %d times; want 10 (it said stop at the 10th)", asked)
	}
}
