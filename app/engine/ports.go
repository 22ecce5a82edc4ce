// Package engine is the wallet engine that both the browser wallet
// (app/ui, compiled to wasm) and the CLI (cli/) run. It owns one key's
// channel.Book and carries out every effect the rules return: it sends
// messages through the relay, submits transactions to the chain (a claim
// when the peer starts closing with a lower total, a cooperative close, its
// unilateral fallback), hands received payments to the watchtower, resyncs
// after a reconnection, joins channels found on chain, and coalesces acks.
// The shells give it small ports (Relay, Chain, Watchtower, the
// channel.Store) and render its notifications; they decide no protocol.
//
// The engine does no I/O of its own: everything goes through the ports, so
// it builds for GOOS=js and native alike, and its tests drive it with the
// in-memory store and fake ports.
package engine

import (
	"context"
	"crypto/ecdsa"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/relayclient"
)

// Relay stores a payload in a peer's mailbox and returns once the relay
// stored it durably (its sequence number). *relayclient.Client implements it.
type Relay interface {
	Send(ctx context.Context, to common.Address, payload []byte) (uint64, error)
}

// ChainReader reads the contract. *chainclient.Client implements it.
type ChainReader interface {
	BlockNumber(ctx context.Context) (uint64, error)
	Balance(ctx context.Context, account common.Address) (*big.Int, error)
	MyChannels(ctx context.Context, account common.Address) ([]chainclient.Opened, error)
	Channel(ctx context.Context, id uint64) (*chainclient.Channel, error)
	Deposits(ctx context.Context, id uint64, alice, bob common.Address) (aliceTotal, bobTotal *big.Int, err error)
}

// ChainWriter submits the contract calls the rules ask for and waits for
// their receipts. *chainclient.Client implements it.
type ChainWriter interface {
	Claim(ctx context.Context, key *ecdsa.PrivateKey, id uint64, payer common.Address, paid *big.Int, sig []byte, progress chainclient.Progress) (*chainclient.Receipt, error)
	StartClose(ctx context.Context, key *ecdsa.PrivateKey, id uint64, progress chainclient.Progress) (*chainclient.Receipt, error)
	CooperativeClose(ctx context.Context, key *ecdsa.PrivateKey, id uint64, alicePaid, bobPaid *big.Int, aliceSig, bobSig []byte, progress chainclient.Progress) (*chainclient.Receipt, error)
	Withdraw(ctx context.Context, key *ecdsa.PrivateKey, id uint64, progress chainclient.Progress) (*big.Int, *chainclient.Receipt, error)
}

// Chain is the contract, read and written.
type Chain interface {
	ChainReader
	ChainWriter
}

// Watchtower receives my best received payment of a channel after it was
// persisted, so that it can claim it if I am offline when the peer closes.
// It must be idempotent (a resent payment is answered as protected).
type Watchtower interface {
	HandOff(ctx context.Context, st channel.State) error
}

var (
	_ Relay = (*relayclient.Client)(nil)
	_ Chain = (*chainclient.Client)(nil)
)

// KeyPrefetcher is a Relay that can look up a peer's sealing key ahead of
// the first message (*relayclient.Client): the engine asks for each
// channel's peer when the channel is added and after each connection, so
// that the first payment does not wait for the lookup.
type KeyPrefetcher interface {
	PrefetchKey(ctx context.Context, addr common.Address) error
}

var _ KeyPrefetcher = (*relayclient.Client)(nil)
