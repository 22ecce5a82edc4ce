//go:build js && wasm

// Command wasmcrypto times the wallet's per-payment cryptography inside a
// browser: the payer's EIP-712 digest and signature (channel.Sign) and the
// payee's digest and verification (Signature.Verify, ecrecover), with the
// same packages and build flags as the wallet's app.wasm. `make bench`
// builds it, loads it in headless Chromium and reads the result from
// window.paychanCrypto (JSON: rounds and nanoseconds per operation).
package main

import (
	"encoding/json"
	"math/big"
	"syscall/js"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/channel"
)

// rounds of each operation: enough for the browser's coarse clock
// (performance.now is rounded to 0.1 ms without cross-origin isolation).
const rounds = 500

type result struct {
	Rounds   int    `json:"rounds"`
	SignNs   int64  `json:"signNs"`
	VerifyNs int64  `json:"verifyNs"`
	Error    string `json:"error,omitempty"`
}

func main() {
	res := measure()
	b, _ := json.Marshal(res)
	js.Global().Set("paychanCrypto", string(b))
}

func measure() result {
	key, err := crypto.GenerateKey()
	if err != nil {
		return result{Error: err.Error()}
	}
	signer := crypto.PubkeyToAddress(key.PublicKey)
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}, Channel: 7}
	sigs := make([]channel.Signature, rounds)

	start := time.Now()
	for i := range rounds {
		d, err := id.PaymentDigest(big.NewInt(int64(i + 1)))
		if err == nil {
			sigs[i], err = channel.Sign(d, key)
		}
		if err != nil {
			return result{Error: err.Error()}
		}
	}
	sign := time.Since(start)

	start = time.Now()
	for i := range rounds {
		d, err := id.PaymentDigest(big.NewInt(int64(i + 1)))
		if err == nil {
			err = sigs[i].Verify(d, signer)
		}
		if err != nil {
			return result{Error: err.Error()}
		}
	}
	verify := time.Since(start)
	return result{Rounds: rounds, SignNs: sign.Nanoseconds() / rounds, VerifyNs: verify.Nanoseconds() / rounds}
}
