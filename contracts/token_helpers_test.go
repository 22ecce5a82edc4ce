package contracts_test

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"paychan/contracts/internal/tokenbind"
	"paychan/contracts/simtest"
)

// Test token kinds (contracts/test/TestTokens.sol).
const (
	tokStandard    = "StandardToken"
	tokNoReturn    = "NoReturnToken"
	tokFalseReturn = "FalseReturnToken"
	tokFee         = "FeeToken"
	tokReentrant   = "ReentrantToken"
	tokBlocking    = "BlockingToken"
)

// erc20 packs the calls every test token answers (mint, approve, transfer,
// balanceOf): the selectors are the same for all of them.
var erc20 = tokenbind.NewStandardToken()

// Bindings of the test tokens' own functions.
var (
	feeTokenABI       = tokenbind.NewFeeToken()
	reentrantTokenABI = tokenbind.NewReentrantToken()
	blockingTokenABI  = tokenbind.NewBlockingToken()
	falseTokenABI     = tokenbind.NewFalseReturnToken()
)

// maxUint256 is an unlimited approval.
var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// testToken is a deployed test ERC-20.
type testToken struct {
	c     *simtest.Chain
	kind  string
	addr  common.Address
	bound *bind.BoundContract
}

// deployToken deploys a test token of kind from the Deployer.
func deployToken(tb testing.TB, c *simtest.Chain, kind string) *testToken {
	tb.Helper()
	var bin string
	var ctor []byte
	switch kind {
	case tokStandard:
		bin = tokenbind.StandardTokenMetaData.Bin
	case tokNoReturn:
		bin = tokenbind.NoReturnTokenMetaData.Bin
	case tokFalseReturn:
		bin = tokenbind.FalseReturnTokenMetaData.Bin
	case tokFee:
		bin = tokenbind.FeeTokenMetaData.Bin
	case tokReentrant:
		bin, ctor = tokenbind.ReentrantTokenMetaData.Bin, tokenbind.NewReentrantToken().PackConstructor(c.ChannelAddr)
	case tokBlocking:
		bin = tokenbind.BlockingTokenMetaData.Bin
	default:
		tb.Fatalf("unknown token kind %q", kind)
	}
	addr, tx, err := bind.DeployContract(c.Opts(c.Deployer), common.FromHex(bin), c.Client, ctor)
	if err != nil {
		tb.Fatalf("deploy %s: %v", kind, err)
	}
	c.Commit()
	if rc, err := c.Receipt(tx.Hash()); err != nil || rc.Status != types.ReceiptStatusSuccessful {
		tb.Fatalf("deploy %s: %v", kind, err)
	}
	return &testToken{c: c, kind: kind, addr: addr, bound: erc20.Instance(c.Client, addr)}
}

// send sends data to the token from a and fails the test on error.
func (tk *testToken) send(tb testing.TB, a *simtest.Actor, data []byte) *types.Receipt {
	tb.Helper()
	rc, err := tk.c.SendTo(tk.bound, a, nil, data)
	if err != nil {
		tb.Fatalf("%s: %v", tk.kind, tk.c.Describe(err))
	}
	return rc
}

// fund mints amount to each actor and has it approve the channel without limit.
func (tk *testToken) fund(tb testing.TB, amount *big.Int, actors ...*simtest.Actor) {
	tb.Helper()
	for _, a := range actors {
		tk.send(tb, tk.c.Deployer, erc20.PackMint(a.Addr, amount))
		tk.send(tb, a, erc20.PackApprove(tk.c.ChannelAddr, maxUint256))
	}
}

// balance returns addr's token balance.
func (tk *testToken) balance(tb testing.TB, addr common.Address) *big.Int {
	tb.Helper()
	v, err := bind.Call(tk.bound, &bind.CallOpts{Context: context.Background()}, erc20.PackBalanceOf(addr), erc20.UnpackBalanceOf)
	if err != nil {
		tb.Fatalf("%s balanceOf: %v", tk.kind, err)
	}
	return v
}

// mustOpenToken has alice open a token channel to bob (account = signer) with amount and returns its id.
func mustOpenToken(tb testing.TB, c *simtest.Chain, tk *testToken, alice, bob *simtest.Actor, amount *big.Int, fin uint64) (*big.Int, *types.Receipt) {
	tb.Helper()
	rc := c.MustSend(tb, alice, nil, c.ABI.PackOpenToken(tk.addr, bob.Addr, none, none, fin, amount))
	for _, l := range rc.Logs {
		if ev, err := c.ABI.UnpackChannelOpenedEvent(l); err == nil {
			return ev.Id, rc
		}
	}
	tb.Fatal("no ChannelOpened event")
	return nil, nil
}
