// Package mid gives the browser a second turn in the wallet's package
// inits, later than wasm/initturn's: imported (blank) by wasm/main.go,
// it needs go-ethereum's common package (the first of go-ethereum's with
// an init of note, after unicode's tables and the standard library's
// crypto), so Go runs it after those and before the rest of go-ethereum,
// the secp256k1 libraries, net/http, go-app and the wallet's packages:
// the inits after wasm/initturn's turn, one task of 20-30 ms on this
// machine's Chromium, become two. wasm/initturn_test.go holds it to that
// order.
package mid

import (
	_ "github.com/ethereum/go-ethereum/common"

	"paychan/wasm/initturn"
)

func init() { initturn.Wait() }
