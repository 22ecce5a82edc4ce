// Command wasm is the paychan wallet compiled to WebAssembly
// (GOOS=js GOARCH=wasm); the host serves it through server/web.
package main

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	// k·G's precomputed table is computed at first use rather than
	// shipped (the build drops the library's copy, the Makefile's
	// WASM_LDFLAGS): a quarter of the download.
	_ "paychan/app/basepoints"
	"paychan/app/ui"
)

func main() {
	ui.Routes()
	// The browser's turn between the package inits and the wallet's first
	// render: one long task fewer at start-up.
	time.Sleep(time.Millisecond)
	app.RunWhenOnBrowser()
}
