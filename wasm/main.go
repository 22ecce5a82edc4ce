// Command wasm is the paychan wallet compiled to WebAssembly
// (GOOS=js GOARCH=wasm); the host serves it through server/web.
package main

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	// k·G's precomputed table is computed rather than shipped (the
	// build blanks the library's copy, wasm/blanktable): a quarter of
	// the download.
	"paychan/app/basepoints"
	"paychan/app/ui"
)

func main() {
	// k·G's table is built in the background, one slice at a time with a
	// yield to the browser after each (the page stays responsive), and
	// the wallet's warm-up waits for it.
	go basepoints.Precompute(func() { time.Sleep(time.Millisecond) })
	ui.BeforeWarmup = func() { <-basepoints.Done() }
	ui.Routes()
	app.RunWhenOnBrowser()
}
