// Package initturn gives the browser its turn in the middle of the
// wallet's package inits: imported (blank) by wasm/main.go, its init waits
// for a JavaScript timeout of 0 before the inits go on.
//
// WebAssembly Go runs the runtime's start and every package init in the
// one task that starts the program, on the page's main thread: 17-52 ms on
// this machine's Chromium, four times that on the phone Lighthouse
// simulates, where the page cannot answer a tap. Go initialises packages
// in import-path order among those whose imports are done, so this one,
// which needs only syscall/js, runs early (init 19 of 137): after the
// runtime's start and its own few packages, most of the first task
// (17-25 ms), and before go-ethereum, net/http, go-app and the wallet's
// UI, the second (12-17 ms). wasm/initturn_test.go holds it to that order.
//
// Its subpackage mid gives a second turn later in the inits (after
// unicode's tables and go-ethereum's common package), with Wait.
//
// It waits as app/ui's YieldToBrowser does, written again here because
// importing app/ui would make this init run after app/ui's whole import
// graph, at the end of the inits. It does nothing outside js/wasm.
package initturn
