// Package cryptocost times the wallet's per-payment cryptography with the
// wallet's own packages: the payer's EIP-712 digest and signature
// (channel.Sign), the payee's digest and verification (Signature.Verify,
// ecrecover), and the sealing of the payment's wire message (app/seal:
// seal by the payer, open by the payee). The bench runs the same code
// natively (section 6) and compiled to WebAssembly in Chromium
// (bench/wasmcrypto), so the two columns differ only by where they run.
package cryptocost

import (
	"crypto/ecdsa"
	"errors"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/channel"
	"paychan/app/seal"
	"paychan/app/wire"
)

// Result is the mean time of each operation (JSON: what bench/wasmcrypto
// leaves in window.paychanCrypto).
type Result struct {
	Rounds      int    `json:"rounds"`
	SignNs      int64  `json:"signNs"`   // digest + channel.Sign
	VerifyNs    int64  `json:"verifyNs"` // digest + Signature.Verify (ecrecover)
	SealNs      int64  `json:"sealNs"`   // seal.Seal of one payment message (one ephemeral key, one ECDH)
	OpenNs      int64  `json:"openNs"`   // seal.Open of it, sender key known (one ECDH)
	AgreeNs     int64  `json:"agreeNs"`  // static-static secret, once per peer
	ClearBytes  int    `json:"clearBytes"`
	SealedBytes int    `json:"sealedBytes"`
	Error       string `json:"error,omitempty"`
}

// Payment returns one payment's wire message as the wallet sends it (a
// signed cumulative total on a channel), signed by key: the payload that
// is sealed and relayed.
func Payment(key *ecdsa.PrivateKey) ([]byte, error) {
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}, Channel: 1}
	paid := big.NewInt(123456789)
	d, err := id.PaymentDigest(paid)
	if err != nil {
		return nil, err
	}
	sig, err := channel.Sign(d, key)
	if err != nil {
		return nil, err
	}
	return wire.Encode(channel.Payment{ID: id, Paid: paid, Sig: sig})
}

// batch is how many operations are timed together: the browser's clock is
// coarse (performance.now is rounded to 0.1 ms without cross-origin
// isolation), and the four kinds of operation take turns batch by batch so
// that a change in the machine's load falls on all of them alike.
const batch = 50

// Measure runs each operation rounds times (rounded up to a multiple of
// 50) and returns the mean of each.
func Measure(rounds int) Result {
	res, err := measure(rounds)
	if err != nil {
		return Result{Error: err.Error()}
	}
	return res
}

func measure(rounds int) (Result, error) {
	nb := max(1, (rounds+batch-1)/batch)
	rounds = nb * batch
	alice, err := crypto.GenerateKey()
	if err != nil {
		return Result{}, err
	}
	bob, err := crypto.GenerateKey()
	if err != nil {
		return Result{}, err
	}
	signer := crypto.PubkeyToAddress(alice.PublicKey)
	a, b := seal.NewKey(alice), seal.NewKey(bob)
	pt, err := Payment(alice)
	if err != nil {
		return Result{}, err
	}
	c := seal.Context{From: signer, To: crypto.PubkeyToAddress(bob.PublicKey), ID: "0123456789abcdef01234567"}
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}, Channel: 7}

	var sign, verify, sealT, openT, agree time.Duration
	sigs := make([]channel.Signature, batch)
	sealed := make([][]byte, batch)
	var ss seal.Shared
	for k := range nb {
		t0 := time.Now()
		for i := range batch {
			d, err := id.PaymentDigest(big.NewInt(int64(k*batch + i + 1)))
			if err == nil {
				sigs[i], err = channel.Sign(d, alice)
			}
			if err != nil {
				return Result{}, err
			}
		}
		sign += time.Since(t0)

		t0 = time.Now()
		for i := range batch {
			d, err := id.PaymentDigest(big.NewInt(int64(k*batch + i + 1)))
			if err == nil {
				err = sigs[i].Verify(d, signer)
			}
			if err != nil {
				return Result{}, err
			}
		}
		verify += time.Since(t0)

		t0 = time.Now()
		for range batch {
			ss = a.Agree(b.Public())
		}
		agree += time.Since(t0)

		t0 = time.Now()
		for i := range batch {
			if sealed[i], err = seal.Seal(nil, a, ss, b.Public(), c, pt); err != nil {
				return Result{}, err
			}
		}
		sealT += time.Since(t0)

		peer := &seal.Peer{Key: crypto.CompressPubkey(&alice.PublicKey), Shared: b.Agree(a.Public())}
		t0 = time.Now()
		for i := range batch {
			got, err := seal.Open(b, peer, nil, c, sealed[i])
			if err != nil {
				return Result{}, err
			}
			if len(got) != len(pt) {
				return Result{}, errors.New("cryptocost: opened message differs from the sealed one")
			}
		}
		openT += time.Since(t0)
	}
	n := int64(rounds)
	return Result{Rounds: rounds, SignNs: sign.Nanoseconds() / n, VerifyNs: verify.Nanoseconds() / n,
		SealNs: sealT.Nanoseconds() / n, OpenNs: openT.Nanoseconds() / n, AgreeNs: agree.Nanoseconds() / n,
		ClearBytes: len(pt), SealedBytes: len(sealed[0])}, nil
}
