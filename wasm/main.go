// Command wasm is the paychan wallet compiled to WebAssembly
// (GOOS=js GOARCH=wasm); the host serves it through server/web.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/ui"
)

func main() {
	ui.Routes()
	app.RunWhenOnBrowser()
}
