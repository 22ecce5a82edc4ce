package contracts_test

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"paychan/contracts/bindings"
	"paychan/contracts/simtest"
)

// BlockingToken's Block enum.
const (
	blockNone uint8 = iota
	blockRevert
	blockBurnGas
)

// tokenBurnerCloseGas bounds a third party's cooperativeClose of a token
// channel whose token burns all the gas a payout gives it (100,000 forwarded).
const tokenBurnerCloseGas = 200_000

// TestTokenCooperativeCloseBlockedPayee: a token transfer that fails inside
// cooperativeClose (the token reverts, returns false, or burns the bounded
// gas for one recipient) does not revert the close: the other party is paid
// in tokens, the blocked party's share stays in the contract (withdrawn
// false, balances shows it), its withdraw reverts while it stays blocked and
// pays it once when it is unblocked.
func TestTokenCooperativeCloseBlockedPayee(t *testing.T) {
	c := simtest.New(t)
	for _, kind := range []struct {
		name  string
		token string
		block uint8 // BlockingToken mode; the FalseReturnToken just blocks
	}{
		{"token reverts", tokBlocking, blockRevert},
		{"token burns the gas", tokBlocking, blockBurnGas},
		{"token returns false", tokFalseReturn, 0},
	} {
		for _, blockAlice := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, blocked Alice %v", kind.name, blockAlice), func(t *testing.T) {
				tk := deployToken(t, c, kind.token)
				tk.fund(t, wei(1_000), c.Alice, c.Bob)
				id, _ := mustOpenToken(t, c, tk, c.Alice, c.Bob, wei(100), 10)
				c.MustSend(t, c.Bob, nil, c.ABI.PackDepositToken(id, wei(50)))
				blocked, other, share, otherShare := c.Bob, c.Alice, int64(70), int64(80)
				if blockAlice {
					blocked, other, share, otherShare = c.Alice, c.Bob, 80, 70
				}
				setBlock := func(on bool) {
					if kind.token == tokBlocking {
						mode := blockNone
						if on {
							mode = kind.block
						}
						tk.send(t, c.Deployer, blockingTokenABI.PackSetBlocked(blocked.Addr, mode))
					} else {
						tk.send(t, c.Deployer, falseTokenABI.PackSetBlocked(blocked.Addr, on))
					}
				}
				setBlock(true)
				a, b := wei(30), wei(10)
				otherBefore, blockedBefore := tk.balance(t, other.Addr), tk.balance(t, blocked.Addr)
				rc := sendWithGas(t, c, c.Mallory, c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, c.Alice, id, a, b), mustCloseSig(t, c, c.Bob, id, a, b)), 3_000_000)
				if rc.Status != types.ReceiptStatusSuccessful {
					t.Fatalf("cooperativeClose reverted (%d gas)", rc.GasUsed)
				}
				t.Logf("third party's cooperativeClose: %d gas", rc.GasUsed)
				if rc.GasUsed > tokenBurnerCloseGas {
					t.Errorf("cooperativeClose used %d gas; want <= %d", rc.GasUsed, tokenBurnerCloseGas)
				}
				if got := new(big.Int).Sub(tk.balance(t, other.Addr), otherBefore); got.Int64() != otherShare {
					t.Errorf("%s received %s; want %d", other.Name, got, otherShare)
				}
				if got := new(big.Int).Sub(tk.balance(t, blocked.Addr), blockedBefore); got.Sign() != 0 {
					t.Errorf("blocked %s received %s; want 0", blocked.Name, got)
				}
				if got := tk.balance(t, c.ChannelAddr); got.Int64() != share {
					t.Errorf("contract holds %s; want the blocked share %d", got, share)
				}
				if st := status(t, c, id); st != statusClosed {
					t.Errorf("status = %d; want Closed", st)
				}
				w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn)
				if w.Alice == blockAlice || w.Bob == !blockAlice {
					t.Errorf("withdrawn = %+v; want only %s", w, other.Name)
				}
				bal := simtest.MustCall(t, c, c.ABI.PackBalances(id), c.ABI.UnpackBalances)
				if got := map[bool]*big.Int{true: bal.Alice, false: bal.Bob}[blockAlice]; got.Int64() != share {
					t.Errorf("balances = (%s, %s); want the blocked share %d", bal.Alice, bal.Bob, share)
				}
				_, err := c.CallAs(other, nil, c.ABI.PackWithdraw(id))
				c.RequireRevert(t, err, bindings.DuplexChannelAlreadyWithdrawnErrorID())
				if kind.block != blockBurnGas { // a gas burner makes the estimation run out of gas instead
					if _, err := c.CallAs(blocked, nil, c.ABI.PackWithdraw(id)); err == nil {
						t.Error("withdraw by the blocked party succeeded while blocked")
					} else if kind.token == tokFalseReturn {
						c.RequireRevert(t, err, bindings.DuplexChannelSafeERC20FailedOperationErrorID())
					}
				}
				setBlock(false)
				rc = c.MustSend(t, blocked, nil, c.ABI.PackWithdraw(id))
				if got := new(big.Int).Sub(tk.balance(t, blocked.Addr), blockedBefore); got.Int64() != share {
					t.Errorf("%s withdrew %s; want %d", blocked.Name, got, share)
				}
				var withdrawnEv *bindings.DuplexChannelWithdrawn
				for _, l := range rc.Logs {
					if ev, err := c.ABI.UnpackWithdrawnEvent(l); err == nil && l.Address == c.ChannelAddr {
						withdrawnEv = ev
					}
				}
				if withdrawnEv == nil || withdrawnEv.Amount.Int64() != share || withdrawnEv.Party != blocked.Addr {
					t.Errorf("Withdrawn event = %+v; want %s, %d", withdrawnEv, blocked.Name, share)
				}
				if got := tk.balance(t, c.ChannelAddr); got.Sign() != 0 {
					t.Errorf("contract holds %s; want 0", got)
				}
				_, err = c.CallAs(blocked, nil, c.ABI.PackWithdraw(id))
				c.RequireRevert(t, err, bindings.DuplexChannelChannelSettledErrorID())
			})
		}
	}
}

// TestTokenCooperativeCloseNoReturnToken: a USDT-like token (no return
// values) is paid out in a cooperative close.
func TestTokenCooperativeCloseNoReturnToken(t *testing.T) {
	c := simtest.New(t)
	tk := deployToken(t, c, tokNoReturn)
	tk.fund(t, wei(1_000), c.Alice, c.Bob)
	id, _ := mustOpenToken(t, c, tk, c.Alice, c.Bob, wei(100), 10)
	c.MustSend(t, c.Bob, nil, c.ABI.PackDepositToken(id, wei(50)))
	a, b := wei(30), wei(10)
	c.MustSend(t, c.Bob, nil, c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, c.Alice, id, a, b), mustCloseSig(t, c, c.Bob, id, a, b)))
	if got := tk.balance(t, c.Alice.Addr); got.Int64() != 1_000-100+80 {
		t.Errorf("Alice holds %s; want 980", got)
	}
	if got := tk.balance(t, c.Bob.Addr); got.Int64() != 1_000-50+70 {
		t.Errorf("Bob holds %s; want 1020", got)
	}
	if w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn); !w.Alice || !w.Bob {
		t.Errorf("withdrawn = %+v; want both", w)
	}
}

// reentrantToken is a deployed ReentrantToken that is also a channel party
// (Alice of its own channels, signing with Mallory's key).
type reentrantToken struct {
	*testToken
}

func (r *reentrantToken) act(tb testing.TB, data []byte) (*types.Receipt, error) {
	tb.Helper()
	return r.c.SendTo(r.bound, r.c.Mallory, nil, reentrantTokenABI.PackAct(data))
}

func (r *reentrantToken) setReentry(tb testing.TB, data []byte, skim int64) {
	tb.Helper()
	r.send(tb, r.c.Mallory, reentrantTokenABI.PackSetReentry(data, wei(skim)))
}

// stats reads the token's re-entry record.
func (r *reentrantToken) stats(tb testing.TB) (attempts, successes uint32, last [4]byte) {
	tb.Helper()
	opts := &bind.CallOpts{Context: context.Background()}
	var err error
	if attempts, err = bind.Call(r.bound, opts, reentrantTokenABI.PackAttempts(), reentrantTokenABI.UnpackAttempts); err != nil {
		tb.Fatal(err)
	}
	if successes, err = bind.Call(r.bound, opts, reentrantTokenABI.PackSuccesses(), reentrantTokenABI.UnpackSuccesses); err != nil {
		tb.Fatal(err)
	}
	if last, err = bind.Call(r.bound, opts, reentrantTokenABI.PackLastSelector(), reentrantTokenABI.UnpackLastSelector); err != nil {
		tb.Fatal(err)
	}
	return attempts, successes, last
}

// open has the token open a channel of itself with Bob (its signer is Mallory's key) with deposit.
func (r *reentrantToken) open(tb testing.TB, deposit int64) *big.Int {
	tb.Helper()
	rc, err := r.act(tb, r.c.ABI.PackOpenToken(r.addr, r.c.Bob.Addr, none, r.c.Mallory.Addr, 5, wei(deposit)))
	if err != nil {
		tb.Fatalf("token opens: %v", r.c.Describe(err))
	}
	for _, l := range rc.Logs {
		if ev, err := r.c.ABI.UnpackChannelOpenedEvent(l); err == nil {
			return ev.Id
		}
	}
	tb.Fatal("no ChannelOpened")
	return nil
}

// TestTokenReentrancy: a token whose transferFrom and transfer re-enter the
// channel (the token is itself a channel party) gains nothing:
//   - a nested depositToken (or openToken) inside the pull of depositToken is
//     refused (ReentrancyGuardReentrantCall), so the double-count attack (the
//     outer transfer withholding what the nested deposit credited) fails: the
//     outer transfer moves everything and exactly one deposit is credited;
//   - a nested cooperativeClose inside the pull closes the channel, which
//     makes the whole depositToken revert (the channel is still Open after);
//   - a nested withdraw or cooperativeClose inside a cooperative close's
//     payout gets ChannelSettled / ChannelNotActive, and the close pays each
//     party once.
func TestTokenReentrancy(t *testing.T) {
	c := simtest.New(t)
	r := &reentrantToken{deployToken(t, c, tokReentrant)}
	r.send(t, c.Deployer, erc20.PackMint(r.addr, wei(1_000_000)))
	r.fund(t, wei(1_000), c.Bob)

	t.Run("nested deposits in the pull", func(t *testing.T) {
		id := r.open(t, 100)
		for i, nested := range [][]byte{
			c.ABI.PackDepositToken(id, wei(10)),
			c.ABI.PackOpenToken(r.addr, c.Bob.Addr, none, c.Mallory.Addr, 5, wei(10)),
		} {
			r.setReentry(t, nested, 10)
			held := r.balance(t, c.ChannelAddr)
			if _, err := r.act(t, c.ABI.PackDepositToken(id, wei(100))); err != nil {
				t.Fatalf("deposit: %v", c.Describe(err))
			}
			attempts, successes, last := r.stats(t)
			if attempts != uint32(i+1) || successes != 0 {
				t.Fatalf("re-entries: %d attempted, %d succeeded; want %d, 0", attempts, successes, i+1)
			}
			requireSelector(t, last, bindings.DuplexChannelReentrancyGuardReentrantCallErrorID())
			if got := new(big.Int).Sub(r.balance(t, c.ChannelAddr), held); got.Cmp(wei(100)) != 0 {
				t.Errorf("contract received %s; want 100", got)
			}
		}
		d := simtest.MustCall(t, c, c.ABI.PackDeposits(id), c.ABI.UnpackDeposits)
		if d.Alice.Cmp(wei(300)) != 0 {
			t.Errorf("deposit = %s; want 300 (100 + 2 x 100, nothing nested)", d.Alice)
		}
	})

	t.Run("nested close in the pull", func(t *testing.T) {
		id := r.open(t, 100)
		c.MustSend(t, c.Bob, nil, c.ABI.PackDepositToken(id, wei(50)))
		a, b := wei(0), wei(0)
		r.setReentry(t, c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, c.Mallory, id, a, b), mustCloseSig(t, c, c.Bob, id, a, b)), 0)
		_, err := r.act(t, c.ABI.PackDepositToken(id, wei(100)))
		if err == nil {
			t.Fatal("a deposit whose pull closed the channel succeeded")
		}
		if st := status(t, c, id); st != statusOpen {
			t.Errorf("status = %d; want Open", st)
		}
		d := simtest.MustCall(t, c, c.ABI.PackDeposits(id), c.ABI.UnpackDeposits)
		if d.Alice.Cmp(wei(100)) != 0 || d.Bob.Cmp(wei(50)) != 0 {
			t.Errorf("deposits = (%s, %s); want (100, 50)", d.Alice, d.Bob)
		}
		r.setReentry(t, nil, 0)
	})

	t.Run("nested calls in the payouts", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			again func(id *big.Int, close []byte) []byte
			want  common.Hash
		}{
			{"withdraw", func(id *big.Int, _ []byte) []byte { return c.ABI.PackWithdraw(id) }, bindings.DuplexChannelChannelSettledErrorID()},
			{"cooperativeClose again", func(_ *big.Int, close []byte) []byte { return close }, bindings.DuplexChannelChannelNotActiveErrorID()},
		} {
			t.Run(tc.name, func(t *testing.T) {
				id := r.open(t, 100)
				c.MustSend(t, c.Bob, nil, c.ABI.PackDepositToken(id, wei(50)))
				a, b := wei(0), wei(40)
				closeCall := c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, c.Mallory, id, a, b), mustCloseSig(t, c, c.Bob, id, a, b))
				r.setReentry(t, tc.again(id, closeCall), 0)
				attempts0, _, _ := r.stats(t)
				tokenBefore, bobBefore, held := r.balance(t, r.addr), r.balance(t, c.Bob.Addr), r.balance(t, c.ChannelAddr)
				c.MustSend(t, c.Bob, nil, closeCall)
				attempts, successes, last := r.stats(t)
				if attempts != attempts0+2 || successes != 0 {
					t.Fatalf("re-entries: %d attempted (before %d), %d succeeded; want 2 more, 0", attempts, attempts0, successes)
				}
				requireSelector(t, last, tc.want)
				if got := new(big.Int).Sub(r.balance(t, r.addr), tokenBefore); got.Cmp(wei(140)) != 0 {
					t.Errorf("token (Alice) received %s; want 140", got)
				}
				if got := new(big.Int).Sub(r.balance(t, c.Bob.Addr), bobBefore); got.Cmp(wei(10)) != 0 {
					t.Errorf("Bob received %s; want 10", got)
				}
				if got := new(big.Int).Sub(held, r.balance(t, c.ChannelAddr)); got.Cmp(wei(150)) != 0 {
					t.Errorf("contract paid out %s; want 150", got)
				}
				if w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn); !w.Alice || !w.Bob {
					t.Errorf("withdrawn = %+v; want both", w)
				}
			})
		}
	})
}

// TestTokenCooperativeCloseStarvedPayoutReverts: a submitter cannot push an
// honest party onto withdraw by starving its token payout with a tight gas
// limit: across a sweep of gas limits every cooperativeClose of a standard
// token channel either reverts (the channel stays Open) or pays both parties.
func TestTokenCooperativeCloseStarvedPayoutReverts(t *testing.T) {
	c := simtest.New(t)
	tk := deployToken(t, c, tokStandard)
	tk.fund(t, wei(1_000_000), c.Alice, c.Bob)
	open := func() (*big.Int, []byte) {
		id, _ := mustOpenToken(t, c, tk, c.Alice, c.Bob, wei(100), 10)
		c.MustSend(t, c.Bob, nil, c.ABI.PackDepositToken(id, wei(50)))
		a, b := wei(30), wei(10)
		return id, c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, c.Alice, id, a, b), mustCloseSig(t, c, c.Bob, id, a, b))
	}
	id, data := open()
	successes, reverts := 0, 0
	for gas := uint64(40_000); successes < 3; gas += 250 {
		if gas > 300_000 {
			t.Fatal("no gas limit up to 300,000 closes the channel")
		}
		rc := sendWithGas(t, c, c.Mallory, data, gas)
		if rc.Status != types.ReceiptStatusSuccessful {
			reverts++
			if st := status(t, c, id); st != statusOpen {
				t.Fatalf("status after a reverted close = %d; want Open", st)
			}
			continue
		}
		if w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn); !w.Alice || !w.Bob {
			t.Fatalf("gas limit %d: the close went through without paying both (withdrawn %+v)", gas, w)
		}
		successes++
		t.Logf("gas limit %d: closed, %d gas used (after %d reverted attempts)", gas, rc.GasUsed, reverts)
		id, data = open()
	}
	if reverts == 0 {
		t.Error("no gas limit was low enough to revert: the sweep started too high")
	}
	if got := tk.balance(t, c.ChannelAddr); got.Cmp(wei(150)) != 0 {
		t.Errorf("contract holds %s; want only the last open channel's 150", got)
	}
}
