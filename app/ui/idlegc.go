package ui

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Go's garbage collector has a single thread in WebAssembly: a cycle it
// starts by itself runs inside whatever the page does at that moment, and
// in a payment it added about 10 ms to the stage it fell in (the slowest
// payments of the bench's browser section: a save, the wire or the
// render each 10 ms longer than their p50). So after each payment the
// wallet asks the browser for its next idle moment and collects then,
// when the heap has used most of its way to the next automatic
// collection: the next payment starts with room to spare.

// idleGCHeadroom: collect when less than this share of the room between
// the heap live after the last collection and the next collection's goal
// is left.
const idleGCHeadroom = 0.4

var idleGCAsked atomic.Bool

// paymentSeen is set at the first payment made or received on this page
// (the after-unlock warm-up stops then).
var paymentSeen atomic.Bool

// collectWhenIdle runs the collector at the browser's next idle moment
// (requestIdleCallback; a timeout where a browser has none) if the heap
// is near its goal then. Calls while one is pending are dropped.
func collectWhenIdle() {
	paymentSeen.Store(true)
	if !app.IsClient || !idleGCAsked.CompareAndSwap(false, true) {
		return
	}
	done := make(chan struct{})
	var f app.Func
	f = app.FuncOf(func(app.Value, []app.Value) any {
		f.Release()
		close(done)
		return nil
	})
	if win := app.Window(); win.Get("requestIdleCallback").Truthy() {
		win.Call("requestIdleCallback", f, map[string]any{"timeout": 2000})
	} else {
		win.Call("setTimeout", f, 50)
	}
	go func() {
		<-done
		idleGCAsked.Store(false)
		if heapNearGoal(idleGCHeadroom) {
			runtime.GC()
		}
	}()
}

// heapNearGoal reports whether less than share of the room between the
// heap live after the last collection and the next collection's goal is
// left.
func heapNearGoal(share float64) bool {
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/heap/goal:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
	}
	metrics.Read(s)
	for _, x := range s {
		if x.Value.Kind() != metrics.KindUint64 {
			return false
		}
	}
	live, goal, now := s[0].Value.Uint64(), s[1].Value.Uint64(), s[2].Value.Uint64()
	if goal <= live {
		return false
	}
	left := float64(goal) - float64(now)
	return left < share*float64(goal-live)
}
