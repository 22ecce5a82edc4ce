package ui

import (
	"runtime"
	"testing"
)

// TestHeapNearGoal: right after a collection the heap is far from its
// goal; after allocating most of the room it is near it.
func TestHeapNearGoal(t *testing.T) {
	runtime.GC()
	if heapNearGoal(0.4) {
		t.Fatal("near the goal right after a collection")
	}
	var keep [][]byte
	for i := 0; i < 1000 && !heapNearGoal(0.4); i++ {
		keep = append(keep, make([]byte, 64<<10))
	}
	if !heapNearGoal(0.4) {
		t.Fatalf("not near the goal after allocating %d KiB", len(keep)*64)
	}
	runtime.KeepAlive(keep)
}
