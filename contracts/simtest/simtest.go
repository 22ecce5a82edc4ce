// Package simtest runs the DuplexChannel contract on go-ethereum's simulated
// backend (the real EVM, in process) for tests.
//
// [New] starts a chain at today's mainnet rules (Osaka, no future forks, so gas
// figures match mainnet), funds the named actors Alice, Bob, Mallory and
// Deployer, and deploys DuplexChannel:
//
//	c := simtest.New(t)
//	ch := c.Channel // *bind.BoundContract at c.ChannelAddr
//	rc := c.MustSend(t, c.Alice, big.NewInt(100), c.ABI.PackOpen(c.Bob.Addr, common.Address{}, common.Address{}, 100))
//	id, _ := c.ABI.UnpackOpen(...) // or read the ChannelOpened event from rc.Logs
//
// Alice and Bob use the seed's WIF keys (their addresses are the seed's signer
// addresses); Deployer uses the seed's deployer key; Mallory a fixed test key.
// The package imports "testing" only for testing.TB helpers; it is meant for
// _test files of any package.
package simtest

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"paychan/contracts/bindings"
	"paychan/contracts/internal/tokenbind"
	"paychan/internal/testkit/seed"
)

// Seed WIF keys (public test keys from the seed demo; never use them for real money).
const (
	AliceWIF    = seed.AliceWIF
	BobWIF      = seed.BobWIF
	DeployerWIF = seed.DeployerWIF
)

// ChainID is the simulated backend's chain id (fixed by go-ethereum, same as our dev chain).
const ChainID = 1337

// FundEach is the genesis balance of every actor: 1,000,000 ETH in wei.
var FundEach = new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))

// Actor is a named account with its private key.
type Actor struct {
	Name string
	Key  *ecdsa.PrivateKey
	Addr common.Address
	// Genesis is the balance an extra actor passed to [New] starts with; nil means [FundEach].
	Genesis *big.Int
}

// NewActor returns the actor for key.
func NewActor(name string, key *ecdsa.PrivateKey) *Actor {
	return &Actor{Name: name, Key: key, Addr: crypto.PubkeyToAddress(key.PublicKey)}
}

// ActorFromWIF decodes a WIF private key (any network, compressed or not) into an actor.
func ActorFromWIF(name, wif string) (*Actor, error) {
	w, err := btcutil.DecodeWIF(wif)
	if err != nil {
		return nil, fmt.Errorf("decode %s's WIF: %w", name, err)
	}
	return NewActor(name, w.PrivKey.ToECDSA()), nil
}

// ActorFromSeed derives a deterministic actor from a name and seed string
// (for extra parties in tests; the key is keccak256(seed)).
func ActorFromSeed(name, seed string) *Actor {
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte(seed)))
	if err != nil {
		panic(fmt.Sprintf("simtest: key from seed %q: %v", seed, err)) // keccak output is a valid key with overwhelming probability
	}
	return NewActor(name, key)
}

// ChainConfig returns the chain rules the backend runs: go-ethereum's dev chain
// config stopped at Osaka (no Bogota, Amsterdam or later forks, whose storage
// gas pricing differs from mainnet).
func ChainConfig() *params.ChainConfig {
	cfg := *params.AllDevChainProtocolChanges
	cfg.BPO1Time, cfg.BPO2Time, cfg.BPO3Time, cfg.BPO4Time, cfg.BPO5Time = nil, nil, nil, nil, nil
	cfg.AmsterdamTime = nil
	cfg.BogotaTime = nil
	cfg.UBTTime = nil
	return &cfg
}

// Chain is a simulated chain with funded actors and a deployed DuplexChannel.
type Chain struct {
	Backend *simulated.Backend
	Client  simulated.Client // an *ethclient.Client: bind.ContractBackend and more

	Alice, Bob, Mallory, Deployer *Actor

	ABI         *bindings.DuplexChannel // packs calls, unpacks results, events and errors
	ChannelAddr common.Address          // the DuplexChannel deployed by Deployer in New
	Channel     *bind.BoundContract     // bound to ChannelAddr
}

// New starts a simulated chain (closed by tb.Cleanup), funds Alice, Bob,
// Mallory, Deployer and the extra actors with [FundEach], and deploys
// DuplexChannel from Deployer.
func New(tb testing.TB, extra ...*Actor) *Chain {
	tb.Helper()
	c, err := Start(extra...)
	if err != nil {
		tb.Fatalf("simtest: %v", err)
	}
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// Start is [New] without testing.TB: the caller must call Close.
func Start(extra ...*Actor) (*Chain, error) {
	c := &Chain{ABI: bindings.NewDuplexChannel()}
	var err error
	if c.Alice, err = ActorFromWIF("Alice", AliceWIF); err != nil {
		return nil, err
	}
	if c.Bob, err = ActorFromWIF("Bob", BobWIF); err != nil {
		return nil, err
	}
	if c.Deployer, err = ActorFromWIF("Deployer", DeployerWIF); err != nil {
		return nil, err
	}
	c.Mallory = ActorFromSeed("Mallory", "paychan simtest Mallory")

	alloc := types.GenesisAlloc{}
	for _, a := range append([]*Actor{c.Alice, c.Bob, c.Mallory, c.Deployer}, extra...) {
		bal := FundEach
		if a.Genesis != nil {
			bal = a.Genesis
		}
		alloc[a.Addr] = types.Account{Balance: new(big.Int).Set(bal)}
	}
	c.Backend = simulated.NewBackend(alloc, func(_ *node.Config, ec *ethconfig.Config) {
		ec.Genesis.Config = ChainConfig()
	})
	c.Client = c.Backend.Client()

	addr, err := c.Deploy(c.Deployer)
	if err != nil {
		_ = c.Backend.Close()
		return nil, err
	}
	c.ChannelAddr = addr
	c.Channel = c.ABI.Instance(c.Client, addr)
	return c, nil
}

// Close stops the backend.
func (c *Chain) Close() error { return c.Backend.Close() }

// ChainID returns the chain id as a *big.Int (a fresh copy).
func (c *Chain) ChainID() *big.Int { return big.NewInt(ChainID) }

// Opts returns transaction options signing as a (gas limit estimated, context.Background).
func (c *Chain) Opts(a *Actor) *bind.TransactOpts {
	opts := bind.NewKeyedTransactor(a.Key, c.ChainID())
	opts.Context = context.Background()
	return opts
}

// Deploy deploys a new DuplexChannel from a, mines it and returns its address.
func (c *Chain) Deploy(a *Actor) (common.Address, error) {
	addr, tx, err := bind.DeployContract(c.Opts(a), common.FromHex(bindings.DuplexChannelMetaData.Bin), c.Client, nil)
	if err != nil {
		return common.Address{}, fmt.Errorf("deploy DuplexChannel from %s: %w", a.Name, err)
	}
	c.Commit()
	rc, err := c.Receipt(tx.Hash())
	if err != nil {
		return common.Address{}, fmt.Errorf("deploy DuplexChannel from %s: %w", a.Name, err)
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		return common.Address{}, fmt.Errorf("deploy DuplexChannel from %s: creation reverted", a.Name)
	}
	return addr, nil
}

// Commit mines one block with the pending transactions and returns its hash.
func (c *Chain) Commit() common.Hash { return c.Backend.Commit() }

// Mine mines n blocks (the first one includes any pending transactions).
func (c *Chain) Mine(n int) {
	for range n {
		c.Backend.Commit()
	}
}

// BlockNumber returns the number of the latest mined block.
func (c *Chain) BlockNumber() uint64 {
	n, err := c.Client.BlockNumber(context.Background())
	if err != nil {
		panic(fmt.Sprintf("simtest: block number: %v", err)) // the in-process backend does not fail while open
	}
	return n
}

// Receipt waits for tx's receipt, polling every millisecond for up to 5 seconds
// (bind.WaitMined polls once a second). It does not mine: call Commit first.
func (c *Chain) Receipt(tx common.Hash) (*types.Receipt, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		rc, err := c.Client.TransactionReceipt(context.Background(), tx)
		if err == nil {
			return rc, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("receipt of %s: %w", tx, err)
		}
		time.Sleep(time.Millisecond)
	}
}

// Send sends a transaction from a to the deployed channel with value (nil for
// none) and calldata (from c.ABI.PackX), mines it and returns its receipt.
// A call that would revert returns the estimation error (see [RevertData]);
// a transaction that was mined but failed returns the receipt and an error.
func (c *Chain) Send(a *Actor, value *big.Int, data []byte) (*types.Receipt, error) {
	return c.SendTo(c.Channel, a, value, data)
}

// SendTo is [Chain.Send] against any bound contract.
func (c *Chain) SendTo(to *bind.BoundContract, a *Actor, value *big.Int, data []byte) (*types.Receipt, error) {
	opts := c.Opts(a)
	opts.Value = value
	tx, err := bind.Transact(to, opts, data)
	if err != nil {
		return nil, fmt.Errorf("%s sends to %s: %w", a.Name, to.Address(), err)
	}
	c.Commit()
	rc, err := c.Receipt(tx.Hash())
	if err != nil {
		return nil, err
	}
	if rc.Status != types.ReceiptStatusSuccessful {
		return rc, fmt.Errorf("%s sends to %s: transaction %s failed", a.Name, to.Address(), tx.Hash())
	}
	return rc, nil
}

// MustSend is [Chain.Send] that fails the test on any error.
func (c *Chain) MustSend(tb testing.TB, a *Actor, value *big.Int, data []byte) *types.Receipt {
	tb.Helper()
	rc, err := c.Send(a, value, data)
	if err != nil {
		tb.Fatalf("%s: %v", a.Name, describe(c, err))
	}
	return rc
}

// Call runs a read-only call against the deployed channel at the latest block and unpacks it:
//
//	st, err := simtest.Call(c, c.ABI.PackStatus(id), c.ABI.UnpackStatus)
func Call[T any](c *Chain, data []byte, unpack func([]byte) (T, error)) (T, error) {
	return bind.Call(c.Channel, &bind.CallOpts{Context: context.Background()}, data, unpack)
}

// MustCall is [Call] that fails the test on error.
func MustCall[T any](tb testing.TB, c *Chain, data []byte, unpack func([]byte) (T, error)) T {
	tb.Helper()
	v, err := Call(c, data, unpack)
	if err != nil {
		tb.Fatalf("call: %v", describe(c, err))
	}
	return v
}

// Balance returns addr's balance at the latest block.
func (c *Chain) Balance(addr common.Address) *big.Int {
	b, err := c.Client.BalanceAt(context.Background(), addr, nil)
	if err != nil {
		panic(fmt.Sprintf("simtest: balance of %s: %v", addr, err)) // the in-process backend does not fail while open
	}
	return b
}

// GasCost returns what rc's transaction cost its sender: gas used times effective gas price.
func GasCost(rc *types.Receipt) *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(rc.GasUsed), rc.EffectiveGasPrice)
}

// SignDigest signs a 32-byte digest (from paymentDigest/closeDigest) with key
// and returns the 65-byte signature the contract expects: r, s (low-s), v 27/28.
func SignDigest(key *ecdsa.PrivateKey, digest [32]byte) ([]byte, error) {
	sig, err := crypto.Sign(digest[:], key)
	if err != nil {
		return nil, fmt.Errorf("sign digest: %w", err)
	}
	sig[64] += 27
	return sig, nil
}

// RevertData extracts the revert data (custom error selector and arguments)
// from an error returned by a call or gas estimation that reverted.
func RevertData(err error) ([]byte, bool) {
	var de rpc.DataError
	if !errors.As(err, &de) {
		return nil, false
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return nil, false
	}
	b, decErr := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if decErr != nil {
		return nil, false
	}
	return b, true
}

// describe adds the decoded custom error, if any, to err.
func describe(c *Chain, err error) error {
	data, ok := RevertData(err)
	if !ok || len(data) < 4 {
		return err
	}
	if e, uerr := c.ABI.UnpackError(data); uerr == nil {
		return fmt.Errorf("%w (reverted with %T %+v)", err, e, e)
	}
	return fmt.Errorf("%w (revert data %x)", err, data)
}

// Describe is the error text tests print for a failed call: err plus the decoded custom error.
func (c *Chain) Describe(err error) string { return describe(c, err).Error() }

// OpenChannel has alice open a channel to bob (account = signer for both) with
// deposit (nil for none) and a finalization period, and returns its id.
func (c *Chain) OpenChannel(tb testing.TB, alice, bob *Actor, deposit *big.Int, finalizationBlocks uint64) *big.Int {
	tb.Helper()
	rc := c.MustSend(tb, alice, deposit, c.ABI.PackOpen(bob.Addr, common.Address{}, common.Address{}, finalizationBlocks))
	for _, l := range rc.Logs {
		if ev, err := c.ABI.UnpackChannelOpenedEvent(l); err == nil {
			return ev.Id
		}
	}
	tb.Fatalf("%s opens a channel to %s: no ChannelOpened event", alice.Name, bob.Name)
	return nil
}

// OpenTokenChannel deploys a standard test ERC-20 (6 decimals) from the
// Deployer, mints deposit to alice, has her approve the channel contract
// and open a token channel to bob (account = signer for both) with deposit,
// and returns the channel's id and the token's address. Packages outside
// contracts/ use it to see how they treat a token channel.
func (c *Chain) OpenTokenChannel(tb testing.TB, alice, bob *Actor, deposit *big.Int, finalizationBlocks uint64) (*big.Int, common.Address) {
	tb.Helper()
	addr, tx, err := bind.DeployContract(c.Opts(c.Deployer), common.FromHex(tokenbind.StandardTokenMetaData.Bin), c.Client, nil)
	if err != nil {
		tb.Fatalf("deploy a test token: %v", err)
	}
	c.Commit()
	if rc, err := c.Receipt(tx.Hash()); err != nil || rc.Status != types.ReceiptStatusSuccessful {
		tb.Fatalf("deploy a test token: %v", err)
	}
	tok := tokenbind.NewStandardToken()
	bound := tok.Instance(c.Client, addr)
	for _, step := range []struct {
		who  *Actor
		data []byte
	}{
		{c.Deployer, tok.PackMint(alice.Addr, deposit)},
		{alice, tok.PackApprove(c.ChannelAddr, deposit)},
	} {
		if _, err := c.SendTo(bound, step.who, nil, step.data); err != nil {
			tb.Fatalf("test token: %v", c.Describe(err))
		}
	}
	rc := c.MustSend(tb, alice, nil, c.ABI.PackOpenToken(addr, bob.Addr, common.Address{}, common.Address{}, finalizationBlocks, deposit))
	for _, l := range rc.Logs {
		if ev, err := c.ABI.UnpackChannelOpenedEvent(l); err == nil {
			return ev.Id, addr
		}
	}
	tb.Fatalf("%s opens a token channel to %s: no ChannelOpened event", alice.Name, bob.Name)
	return nil, common.Address{}
}

// ErrorSelector returns the 4-byte selector of a custom error ID (the
// bindings' DuplexChannelXErrorID()).
func ErrorSelector(id common.Hash) [4]byte { return [4]byte(id[:4]) }

// RequireRevert fails the test unless err is a revert with the custom error
// whose ID is want (e.g. bindings.DuplexChannelNotPartyErrorID()).
func (c *Chain) RequireRevert(tb testing.TB, err error, want common.Hash) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no revert; want custom error %x", want[:4])
	}
	data, ok := RevertData(err)
	if !ok || len(data) < 4 {
		tb.Fatalf("error %v is not a revert with data; want custom error %x", err, want[:4])
	}
	if [4]byte(data[:4]) != ErrorSelector(want) {
		tb.Fatalf("reverted with %v; want custom error %x", describe(c, err), want[:4])
	}
}

// CallAs simulates a call from a to the deployed channel against the pending
// block (so block.number is that of the next transaction) without sending a
// transaction. A revert returns an error carrying the revert data ([RevertData]).
func (c *Chain) CallAs(a *Actor, value *big.Int, data []byte) ([]byte, error) {
	msg := ethereum.CallMsg{From: a.Addr, To: &c.ChannelAddr, Value: value, Data: data}
	out, err := c.Client.PendingCallContract(context.Background(), msg)
	if err != nil {
		return nil, fmt.Errorf("%s calls %s: %w", a.Name, c.ChannelAddr, err)
	}
	return out, nil
}

// DeployUsdtLikeToken deploys a test token that approves like Tether's USDT
// (approve returns nothing and refuses to change a non-zero allowance to
// another non-zero value; symbol "USDT", 6 decimals) from the Deployer,
// mints amount to each holder and returns its address. Packages outside
// contracts/ use it to see how they approve such a token.
func (c *Chain) DeployUsdtLikeToken(tb testing.TB, amount *big.Int, holders ...*Actor) common.Address {
	tb.Helper()
	addr, tx, err := bind.DeployContract(c.Opts(c.Deployer), common.FromHex(tokenbind.UsdtLikeTokenMetaData.Bin), c.Client, nil)
	if err != nil {
		tb.Fatalf("deploy a USDT-like token: %v", err)
	}
	c.Commit()
	if rc, err := c.Receipt(tx.Hash()); err != nil || rc.Status != types.ReceiptStatusSuccessful {
		tb.Fatalf("deploy a USDT-like token: %v", err)
	}
	tok := tokenbind.NewUsdtLikeToken()
	bound := tok.Instance(c.Client, addr)
	for _, h := range holders {
		if _, err := c.SendTo(bound, c.Deployer, nil, tok.PackMint(h.Addr, amount)); err != nil {
			tb.Fatalf("USDT-like token: mint to %s: %v", h.Name, c.Describe(err))
		}
	}
	return addr
}

// SetIgnoreApprovals makes the USDT-like token at addr (DeployUsdtLikeToken)
// accept approve calls without changing any allowance (on) or behave again
// (off).
func (c *Chain) SetIgnoreApprovals(tb testing.TB, addr common.Address, on bool) {
	tb.Helper()
	tok := tokenbind.NewUsdtLikeToken()
	if _, err := c.SendTo(tok.Instance(c.Client, addr), c.Deployer, nil, tok.PackSetIgnoreApprovals(on)); err != nil {
		tb.Fatalf("USDT-like token: setIgnoreApprovals(%v): %v", on, c.Describe(err))
	}
}
