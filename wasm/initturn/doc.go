// Package initturn gives the browser its turn in the middle of the
// wallet's package inits: imported (blank) by wasm/main.go, its init waits
// for a JavaScript timeout of 0 before the inits go on.
//
// WebAssembly Go runs the runtime's start and every package init in the
// one task that starts the program, on the page's main thread: 17-46 ms on
// this machine's Chromium, four times that on the phone Lighthouse
// simulates, where the page cannot answer a tap. Go initialises packages
// in import-path order among those whose imports are done, so this one,
// which needs only syscall/js, runs after the github.com/... and
// paychan/app/... packages that are ready by then and before the rest
// (net/http, go-app, the wallet's UI): about half of the inits' time on
// either side of it (inittrace, GODEBUG=inittrace=1).
//
// It does nothing outside js/wasm.
package initturn
