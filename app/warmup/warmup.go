// Package warmup runs, once and in memory, the code one payment runs in the
// wallet: key derivation, the EIP-712 digest, a signature, the state's JSON
// for the store, the wire and relay frame encodings, decoding, ecrecover
// and the peer's rules, the acknowledgement back, and the sealing of a
// relay message (app/seal: a key agreement, an ephemeral key, the AEAD) and
// its opening. The wallet calls Run
// in the background after it starts, so that the first real payment after a
// load does not pay for what is done once per page: go-ethereum's
// secp256k1 (decred's, in pure Go) decompressing its precomputed base-point
// table, encoding/json building its per-type codecs, and the browser
// compiling each WebAssembly function the first time it is called.
//
// Run touches nothing but its own values: two throwaway keys, two Books on
// the wallet's own store (app/browserstore) over memory, nothing stored in
// the browser and nothing sent.
package warmup

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/browserstore"
	"paychan/app/channel"
	"paychan/app/relayproto"
	"paychan/app/seal"
	"paychan/app/wire"
)

// Run makes one payment and its acknowledgement between two in-memory
// books, through the wire and relay encodings, and returns the first error.
func Run() error { return RunSliced(func() {}) }

// RunSliced is Run with yield called between its steps (keys, payment,
// delivery, acknowledgement, seal and open), so that a browser can draw and
// answer input between them: in one piece the warm-up is a long task.
func RunSliced(yield func()) error { return Rounds(1, yield, nil) }

// Rounds is RunSliced with n payments, each with its acknowledgement, its
// seal and its open, one after the other on the same books. A browser
// compiles a WebAssembly function at its first call in its baseline tier
// and optimises it only once it has run enough, on the page's cores: code
// run once per payment is optimised during a user's first tens of
// payments, which are slower meanwhile. Rounds makes those runs first.
// It ends early, with no error, once stop (if set) reports true after a
// yield: a real payment need not wait behind the warm-up.
func Rounds(n int, yield func(), stop func() bool) error {
	alice, err := key("paychan warm-up alice")
	if err != nil {
		return err
	}
	bob, err := key("paychan warm-up bob")
	if err != nil {
		return err
	}
	aAddr, bAddr := crypto.PubkeyToAddress(alice.PublicKey), crypto.PubkeyToAddress(bob.PublicKey)
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x00000000000000000000000000000000000c0de1")}, Channel: 1}
	yield()
	pa, pb := channel.Party{Account: aAddr, Signer: aAddr}, channel.Party{Account: bAddr, Signer: bAddr}
	now := time.Now()
	books := map[channel.Role]*channel.Book{
		channel.Alice: channel.NewBook(browserstore.New(browserstore.Memory()), alice),
		channel.Bob:   channel.NewBook(browserstore.New(browserstore.Memory()), bob),
	}
	for r, b := range books {
		s, err := channel.NewState(id, r, pa, pb)
		if err != nil {
			return err
		}
		s.FinalizationBlocks = channel.DefaultMinFinalizationBlocks
		if s, _, err = channel.ApplyEvent(s, channel.Deposited{Party: channel.Alice, Total: big.NewInt(1e18)}); err != nil {
			return err
		}
		if err := b.Add(s); err != nil {
			return err
		}
	}
	// halt yields, then reports whether to stop.
	halt := func() bool {
		yield()
		return stop != nil && stop()
	}
	for range n {
		if halt() {
			return nil
		}
		_, fx, err := books[channel.Alice].Pay(id, big.NewInt(1e9), now)
		if err != nil {
			return fmt.Errorf("warm-up pay: %w", err)
		}
		if halt() {
			return nil
		}
		ack, err := deliver(books[channel.Bob], aAddr, bAddr, fx, now)
		if err != nil {
			return fmt.Errorf("warm-up receive: %w", err)
		}
		if halt() {
			return nil
		}
		if _, err := deliver(books[channel.Alice], bAddr, aAddr, ack, now); err != nil {
			return fmt.Errorf("warm-up acknowledgement: %w", err)
		}
		if _, err := books[channel.Bob].List(); err != nil {
			return err
		}
		if halt() {
			return nil
		}
		if err := sealOpen(alice, bob, aAddr, bAddr); err != nil {
			return err
		}
	}
	return nil
}

// sealOpen seals a message from alice to bob and opens it, as the relay
// client does for every payload (app/relayclient: key agreement once per
// peer, then one seal and one open per message).
func sealOpen(alice, bob *ecdsa.PrivateKey, aAddr, bAddr common.Address) error {
	ka, kb := seal.NewKey(alice), seal.NewKey(bob)
	c := seal.Context{From: aAddr, To: bAddr, ID: "warm-up"}
	msg := []byte(`{"warm":"up"}`)
	b, err := seal.Seal(nil, ka, ka.Agree(kb.Public()), kb.Public(), c, msg)
	if err != nil {
		return fmt.Errorf("warm-up seal: %w", err)
	}
	pt, err := seal.Open(kb, nil, kb.Agree, c, b)
	if err != nil {
		return fmt.Errorf("warm-up open: %w", err)
	}
	if string(pt) != string(msg) {
		return errors.New("warm-up open: wrong plaintext")
	}
	return nil
}

// deliver passes the first message of fx from one address to the other's
// book the way the wallet's engine does: wire (EncodeAll), relay send
// frame, relay deliver frame, wire (DecodeAll), Book.ReceiveMany.
func deliver(to *channel.Book, from, toAddr common.Address, fx channel.Effects, now time.Time) (channel.Effects, error) {
	if len(fx.Send) == 0 {
		return channel.Effects{}, errors.New("nothing to send")
	}
	data, err := wire.EncodeAll(fx.Send[:1])
	if err != nil {
		return channel.Effects{}, err
	}
	frame := relayproto.Frame{V: relayproto.Version, Type: relayproto.TypeSend, To: &toAddr, ID: "warm-up", Payload: data[0]}
	for _, typ := range []string{relayproto.TypeSend, relayproto.TypeDeliver} {
		if typ == relayproto.TypeDeliver {
			frame = relayproto.Frame{V: relayproto.Version, Type: relayproto.TypeDeliver, From: &from, ID: "warm-up", Seq: 1, Payload: frame.Payload}
		}
		b, err := relayproto.Encode(frame)
		if err != nil {
			return channel.Effects{}, err
		}
		if frame, err = relayproto.Decode(b, relayproto.MaxPayloadBytes); err != nil {
			return channel.Effects{}, err
		}
	}
	ms, err := wire.DecodeAll(frame.Payload)
	if err != nil {
		return channel.Effects{}, err
	}
	ins := make([]channel.Incoming, len(ms))
	for i, m := range ms {
		ins[i] = channel.Incoming{From: from, Msg: m}
	}
	outs, err := to.ReceiveMany(ins, now)
	if err != nil {
		return channel.Effects{}, err
	}
	if len(outs) != 1 {
		return channel.Effects{}, fmt.Errorf("%d outcomes of one message", len(outs))
	}
	return outs[0].Effects, outs[0].Err
}

func key(seed string) (*ecdsa.PrivateKey, error) {
	return crypto.ToECDSA(crypto.Keccak256([]byte(seed)))
}
