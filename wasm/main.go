// Command wasm is the paychan wallet compiled to WebAssembly
// (GOOS=js GOARCH=wasm); the host serves it through server/web.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	// k·G's precomputed table is computed rather than shipped (the
	// build blanks the library's copy, wasm/postlink): a quarter of
	// the download.
	"paychan/app/basepoints"
	"paychan/app/ui"
	"paychan/app/warmup"
	// The page's turns between the runtime's start and the package
	// inits, and in the middle of the inits.
	_ "paychan/wasm/initturn"
	_ "paychan/wasm/initturn/mid"
)

// workerHook is the function assets/wasm-compile.js defines in the worker
// that compiled app.wasm: there the program only warms up (below).
const workerHook = "paychanWorkerWarmUp"

// channelWorker is set in the worker of the second warm-up
// (assets/wasm-compile.js, channelWarmUp).
const channelWorker = "paychanWorkerChannel"

func main() {
	if hook := app.Window().Get(workerHook); app.IsClient && hook.Type() == app.TypeFunction {
		if app.Window().Get(channelWorker).Truthy() {
			warmUpChannelInWorker(hook)
			return
		}
		warmUpInWorker(hook)
		return
	}
	// k·G's table is built after the first render, one slice at a time
	// with the browser's turn after each, before the warm-up signs.
	ui.PrepareTable = basepoints.Prepare
	ui.Routes()
	// The browser's turn between the package inits and the wallet's first
	// render: one long task fewer at start-up.
	ui.YieldToBrowser()
	app.RunWhenOnBrowser()
}

// warmUpInWorker runs in the compiling worker, on its own instance of the
// module: the browser compiles a WebAssembly function the first time it
// is called, and the code it compiles belongs to the module, which the
// worker shares with the page. So the package inits (which the worker has
// just run), the first screen's mount and the start's store reads
// (ui.WarmUpRender), k·G's table and the payment path (app/warmup) are
// compiled off the page's main thread: the page's start-up tasks are
// shorter and its first payment does not compile them either. All of it
// runs before the worker hands the module to the page (hook "ready"), so
// that the worker does not compete with the page's start-up for a phone's
// cores: measured here, the wallet is interactive about 0.2 s later and
// its start-up's long tasks are shorter. Then hook is told "done", or
// "error" and the first error's message (the page runs all the same).
func warmUpInWorker(hook app.Value) {
	failed := ui.WarmUpRender()
	basepoints.Prepare(func() {})
	if err := warmup.Run(); err != nil && failed == nil {
		failed = err
	}
	hook.Invoke("ready")
	if failed != nil {
		hook.Invoke("error", failed.Error())
		return
	}
	hook.Invoke("done")
}

// warmUpChannelInWorker is the second warm-up, in a worker the page
// starts once a key is unlocked: the channel screen rendered as at each
// payment (ui.WarmUpChannel) and the payment path, so that the browser
// optimises that code in the worker before the first payments rather than
// on the payers' and payees' pages during them. Then hook is told "done",
// or "error" and the message.
func warmUpChannelInWorker(hook app.Value) {
	err := ui.WarmUpChannel()
	if err == nil {
		// And the payment path, as the page does after the unlock
		// (app/ui, warmup.Rounds), on top of the page's rounds: the
		// signature's and the verification's field arithmetic is
		// optimised only after some hundred calls. More rounds made
		// the warm-up outlast the bench's robot's set-up (bench note
		// "Browser payments, eleventh round").
		basepoints.Prepare(func() {})
		err = warmup.Rounds(channelWorkerRounds, func() {}, nil)
	}
	if err != nil {
		hook.Invoke("error", err.Error())
		return
	}
	hook.Invoke("done")
}

// channelWorkerRounds is how many in-memory payments the second warm-up
// makes.
const channelWorkerRounds = 40
