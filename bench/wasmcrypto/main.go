//go:build js && wasm

// Command wasmcrypto times the wallet's per-payment cryptography inside a
// browser (bench/internal/cryptocost): the payer's EIP-712 digest and
// signature (channel.Sign), the payee's digest and verification
// (Signature.Verify, ecrecover), and the sealing of the payment message
// (app/seal: seal by the payer, open by the payee), with the same packages
// and build flags as the wallet's app.wasm. `make bench` builds it, loads
// it in headless Chromium and reads the result from window.paychanCrypto
// (JSON: rounds and nanoseconds per operation).
package main

import (
	"encoding/json"
	"syscall/js"

	_ "paychan/app/basepoints" // as the wallet (wasm/main.go)
	"paychan/bench/internal/cryptocost"
)

// rounds of each operation: enough for the browser's coarse clock
// (performance.now is rounded to 0.1 ms without cross-origin isolation).
const rounds = 500

func main() {
	b, _ := json.Marshal(cryptocost.Measure(rounds))
	js.Global().Set("paychanCrypto", string(b))
}
