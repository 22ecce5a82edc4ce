//go:build js && wasm

package initturn

import "syscall/js"

func init() { Wait() }

// Wait returns after the page has had its turn: it waits for a JavaScript
// timeout of 0. Only for inits (wasm/initturn/mid): later code has app/ui's
// YieldToBrowser.
func Wait() {
	done := make(chan struct{})
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", f, 0)
	<-done
}
