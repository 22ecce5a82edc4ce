package basepoints

import "testing"

// TestPrepareYields: the sliced computation calls yield between its slices
// (33 windows, two halves each) and gives the same table as the unsliced
// one.
func TestPrepareYields(t *testing.T) {
	yields := 0
	got := compute(func() { yields++ })
	if want := 1 + 2*32; yields != want {
		t.Errorf("compute yielded %d times; want %d", yields, want)
	}
	if want := Compute(); *got != *want {
		t.Error("the sliced table differs from the unsliced one")
	}
	// Prepare fills the table Table returns, or leaves the existing one.
	Prepare(func() {})
	if Table() == nil {
		t.Fatal("no table after Prepare")
	}
}
