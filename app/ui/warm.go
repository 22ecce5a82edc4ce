package ui

import (
	"errors"
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/browserstore"
)

// warmingUp is set while WarmUpRender runs: the wallet then renders as
// when it is prerendered and starts nothing (no store, no network).
var warmingUp bool

// WarmUpRender mounts the wallet's first screen once, in the worker that
// compiled app.wasm (wasm/main.go, warmUpInWorker), on the stand-in
// document that worker defines (assets/wasm-compile.js). The browser
// compiles a WebAssembly function on its first call, on the thread that
// calls it, and the code belongs to the module the worker shares with the
// page: so go-app's mount, update, attribute and event code, the first
// screen's renders and the start's reads of the store are compiled there,
// and the page's first render, one long task of its start-up, does not
// compile them. It refuses to run anywhere but in a worker: go-app's test
// engine, which it uses, clears the storage it is given, and on a page
// that would be the wallet's.
func WarmUpRender() (err error) {
	if !app.IsClient {
		return errors.New("render warm-up: not in a browser")
	}
	g := app.Window()
	scope := g.Get("WorkerGlobalScope")
	if scope.Type() != app.TypeFunction || !g.InstanceOf(scope) || g.Get("paychanStandInDocument").Type() != app.TypeBoolean || !g.Get("paychanStandInDocument").Bool() {
		return errors.New("render warm-up: only in the compiling worker, on its stand-in document")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("render warm-up: %v", r)
		}
	}()
	warmingUp = true
	defer func() { warmingUp = false }()
	w := newRoot()
	d := app.NewClientTester(w)
	// Then what OnMount does on the page in the same task: read the
	// (stand-in, empty) storage and render the wallet as started.
	w.s = newNode("", browserstore.New(browserstore.Local(d.Context().LocalStorage())))
	w.load()
	d.Context().Dispatch(func(app.Context) { w.ready = true })
	d.Consume()
	d.Close()
	return nil
}
