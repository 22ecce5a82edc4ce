//go:build js && wasm

package perfmark

import (
	"runtime/debug"
	"sync"
	"syscall/js"
)

var (
	once   sync.Once
	perf   js.Value
	origin float64
	marks  js.Value
)

// Mark records now under name in window.paychanTiming unless name is
// there already.
func Mark(name string) {
	once.Do(func() {
		g := js.Global()
		perf = g.Get("performance")
		origin = perf.Get("timeOrigin").Float()
		marks = g.Get("Object").New()
		g.Set("paychanTiming", marks)
		// The benchmark reads the Go garbage collector's cycles and
		// pauses before and after its payments: [cycles, pause ms].
		g.Set("paychanGC", js.FuncOf(func(js.Value, []js.Value) any {
			var st debug.GCStats
			debug.ReadGCStats(&st)
			return js.ValueOf([]any{float64(st.NumGC), float64(st.PauseTotal) / 1e6})
		}))
	})
	if marks.Get(name).IsUndefined() {
		marks.Set(name, origin+perf.Call("now").Float())
	}
}

// MarkAfter is Mark, but only once one of the marks after is set: a save
// counts as the payment's only after its click (payer) or its receipt
// (payee), not a background refresh's save before it.
func MarkAfter(name string, after ...string) {
	if marks.IsUndefined() {
		return
	}
	for _, a := range after {
		if !marks.Get(a).IsUndefined() {
			Mark(name)
			return
		}
	}
}
