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
	// k·G's table is built after the first render, one slice at a time
	// with the browser's turn after each, before the warm-up signs.
	ui.PrepareTable = basepoints.Prepare
	ui.Routes()
	// The browser's turn between the package inits and the wallet's first
	// render: one long task fewer at start-up.
	time.Sleep(time.Millisecond)
	app.RunWhenOnBrowser()
}
