package contracts_test

import (
	"math/big"
	"testing"

	"paychan/contracts/bindings"
	"paychan/contracts/simtest"
)

// TestTokenChannelCooperative: a channel of a standard 6-decimal ERC-20.
// openToken pulls Alice's deposit (events ChannelOpened, TokenChannelOpened,
// Deposited in that order), Bob deposits with depositToken, token(id) names
// the token (zero for an ETH channel), and a cooperative close by a third
// party pays both in tokens and leaves the contract holding none.
func TestTokenChannelCooperative(t *testing.T) {
	c := simtest.New(t)
	tk := deployToken(t, c, tokStandard)
	tk.fund(t, wei(1_000_000), c.Alice, c.Bob)
	if d := simtest.MustCall(t, c, c.ABI.PackToken(wei(1)), c.ABI.UnpackToken); d != none {
		t.Errorf("token(1) before any channel = %s; want zero", d)
	}
	ethID := c.OpenChannel(t, c.Alice, c.Bob, wei(5), 10)

	id, rc := mustOpenToken(t, c, tk, c.Alice, c.Bob, wei(100_000), 10)
	var names []string
	for _, l := range rc.Logs {
		if l.Address != c.ChannelAddr {
			continue
		}
		if _, err := c.ABI.UnpackChannelOpenedEvent(l); err == nil {
			names = append(names, "ChannelOpened")
		} else if ev, err := c.ABI.UnpackTokenChannelOpenedEvent(l); err == nil {
			names = append(names, "TokenChannelOpened")
			if ev.Token != tk.addr || ev.Id.Cmp(id) != 0 {
				t.Errorf("TokenChannelOpened = %+v", ev)
			}
		} else if ev, err := c.ABI.UnpackDepositedEvent(l); err == nil {
			names = append(names, "Deposited")
			if ev.Amount.Cmp(wei(100_000)) != 0 || ev.Total.Cmp(wei(100_000)) != 0 {
				t.Errorf("Deposited = %+v", ev)
			}
		}
	}
	if len(names) != 3 || names[0] != "ChannelOpened" || names[1] != "TokenChannelOpened" || names[2] != "Deposited" {
		t.Errorf("events = %v; want ChannelOpened, TokenChannelOpened, Deposited", names)
	}
	if got := simtest.MustCall(t, c, c.ABI.PackToken(id), c.ABI.UnpackToken); got != tk.addr {
		t.Errorf("token(%s) = %s; want %s", id, got, tk.addr)
	}
	if got := simtest.MustCall(t, c, c.ABI.PackToken(ethID), c.ABI.UnpackToken); got != none {
		t.Errorf("token(ETH channel) = %s; want zero", got)
	}
	c.MustSend(t, c.Bob, nil, c.ABI.PackDepositToken(id, wei(50_000)))
	d := simtest.MustCall(t, c, c.ABI.PackDeposits(id), c.ABI.UnpackDeposits)
	if d.Alice.Cmp(wei(100_000)) != 0 || d.Bob.Cmp(wei(50_000)) != 0 {
		t.Errorf("deposits = (%s, %s); want (100000, 50000)", d.Alice, d.Bob)
	}
	if got := tk.balance(t, c.ChannelAddr); got.Cmp(wei(150_000)) != 0 {
		t.Errorf("contract holds %s tokens; want 150000", got)
	}
	if got := c.Balance(c.ChannelAddr); got.Cmp(wei(5)) != 0 {
		t.Errorf("contract holds %s wei; want the ETH channel's 5", got)
	}

	a, b := wei(30_000), wei(10_000)
	aliceBefore, bobBefore := tk.balance(t, c.Alice.Addr), tk.balance(t, c.Bob.Addr)
	c.MustSend(t, c.Mallory, nil, c.ABI.PackCooperativeClose(id, a, b, mustCloseSig(t, c, c.Alice, id, a, b), mustCloseSig(t, c, c.Bob, id, a, b)))
	if got := new(big.Int).Sub(tk.balance(t, c.Alice.Addr), aliceBefore); got.Cmp(wei(80_000)) != 0 {
		t.Errorf("Alice received %s tokens; want 80000", got)
	}
	if got := new(big.Int).Sub(tk.balance(t, c.Bob.Addr), bobBefore); got.Cmp(wei(70_000)) != 0 {
		t.Errorf("Bob received %s tokens; want 70000", got)
	}
	if got := tk.balance(t, c.ChannelAddr); got.Sign() != 0 {
		t.Errorf("contract holds %s tokens; want 0", got)
	}
	if w := simtest.MustCall(t, c, c.ABI.PackWithdrawn(id), c.ABI.UnpackWithdrawn); !w.Alice || !w.Bob {
		t.Errorf("withdrawn = %+v; want both", w)
	}
	if got := simtest.MustCall(t, c, c.ABI.PackToken(id), c.ABI.UnpackToken); got != tk.addr {
		t.Errorf("token(%s) after settlement = %s; want %s", id, got, tk.addr)
	}
	if got := c.Balance(c.ChannelAddr); got.Cmp(wei(5)) != 0 {
		t.Errorf("contract holds %s wei; want the ETH channel's 5", got)
	}
}

// TestTokenChannelUnilateral: the seed demo with a token: claim, wait,
// withdraw (with safeTransfer); a second withdraw fails; the contract ends
// empty of the token.
func TestTokenChannelUnilateral(t *testing.T) {
	c := simtest.New(t)
	for _, kind := range []string{tokStandard, tokNoReturn, tokFalseReturn} {
		t.Run(kind, func(t *testing.T) {
			tk := deployToken(t, c, kind)
			tk.fund(t, wei(1_000), c.Alice, c.Bob)
			id, _ := mustOpenToken(t, c, tk, c.Alice, c.Bob, wei(100), 5)
			c.MustSend(t, c.Bob, nil, c.ABI.PackDepositToken(id, wei(40)))
			c.MustSend(t, c.Bob, nil, c.ABI.PackClaim(id, c.Alice.Addr, wei(20), mustPaymentSig(t, c, c.Alice, id, wei(20))))
			_, err := c.CallAs(c.Alice, nil, c.ABI.PackWithdraw(id))
			c.RequireRevert(t, err, bindings.DuplexChannelChannelNotClosedErrorID())
			c.Mine(5)
			c.MustSend(t, c.Alice, nil, c.ABI.PackWithdraw(id))
			if got := tk.balance(t, c.Alice.Addr); got.Cmp(wei(1_000-100+80)) != 0 {
				t.Errorf("Alice holds %s; want 980", got)
			}
			if got := tk.balance(t, c.ChannelAddr); got.Cmp(wei(60)) != 0 {
				t.Errorf("contract holds %s; want Bob's 60", got)
			}
			_, err = c.CallAs(c.Alice, nil, c.ABI.PackWithdraw(id))
			c.RequireRevert(t, err, bindings.DuplexChannelAlreadyWithdrawnErrorID())
			c.MustSend(t, c.Bob, nil, c.ABI.PackWithdraw(id))
			if got := tk.balance(t, c.Bob.Addr); got.Cmp(wei(1_000-40+60)) != 0 {
				t.Errorf("Bob holds %s; want 1020", got)
			}
			if got := tk.balance(t, c.ChannelAddr); got.Sign() != 0 {
				t.Errorf("contract holds %s; want 0", got)
			}
		})
	}
}

// TestTokenChannelRefusals: ether and token entry points do not mix, the
// token functions are not payable, and deposits keep the ETH rules
// (party only, Open only, non-zero, 96 bits).
func TestTokenChannelRefusals(t *testing.T) {
	c := simtest.New(t)
	tk := deployToken(t, c, tokStandard)
	tk.fund(t, new(big.Int).Lsh(big.NewInt(1), 100), c.Alice, c.Bob)
	id, _ := mustOpenToken(t, c, tk, c.Alice, c.Bob, wei(100), 5)
	ethID := c.OpenChannel(t, c.Alice, c.Bob, wei(100), 5)

	for _, tc := range []struct {
		name  string
		who   *simtest.Actor
		value *big.Int
		data  []byte
		want  [4]byte // zero: a revert without a custom error (non-payable)
	}{
		{"deposit ether into a token channel", c.Bob, wei(1), c.ABI.PackDeposit(id), simtest.ErrorSelector(bindings.DuplexChannelNotEthChannelErrorID())},
		{"depositToken into an ETH channel", c.Bob, nil, c.ABI.PackDepositToken(ethID, wei(1)), simtest.ErrorSelector(bindings.DuplexChannelNotTokenChannelErrorID())},
		{"ether sent to depositToken", c.Bob, wei(1), c.ABI.PackDepositToken(id, wei(1)), [4]byte{}},
		{"ether sent to openToken", c.Alice, wei(1), c.ABI.PackOpenToken(tk.addr, c.Bob.Addr, none, none, 5, wei(1)), [4]byte{}},
		{"openToken with a zero token", c.Alice, nil, c.ABI.PackOpenToken(none, c.Bob.Addr, none, none, 5, wei(1)), simtest.ErrorSelector(bindings.DuplexChannelInvalidTokenErrorID())},
		{"openToken with an account as token", c.Alice, nil, c.ABI.PackOpenToken(c.Mallory.Addr, c.Bob.Addr, none, none, 5, wei(0)), simtest.ErrorSelector(bindings.DuplexChannelInvalidTokenErrorID())},
		{"openToken with itself", c.Alice, nil, c.ABI.PackOpenToken(tk.addr, c.Alice.Addr, none, none, 5, wei(1)), simtest.ErrorSelector(bindings.DuplexChannelInvalidCounterpartyErrorID())},
		{"openToken with period 0", c.Alice, nil, c.ABI.PackOpenToken(tk.addr, c.Bob.Addr, none, none, 0, wei(1)), simtest.ErrorSelector(bindings.DuplexChannelInvalidFinalizationBlocksErrorID())},
		{"openToken above 96 bits", c.Alice, nil, c.ABI.PackOpenToken(tk.addr, c.Bob.Addr, none, none, 5, new(big.Int).Add(maxAmount, wei(1))), simtest.ErrorSelector(bindings.DuplexChannelAmountTooLargeErrorID())},
		{"depositToken by an outsider", c.Mallory, nil, c.ABI.PackDepositToken(id, wei(1)), simtest.ErrorSelector(bindings.DuplexChannelNotPartyErrorID())},
		{"depositToken of zero", c.Bob, nil, c.ABI.PackDepositToken(id, wei(0)), simtest.ErrorSelector(bindings.DuplexChannelZeroDepositErrorID())},
		{"depositToken above 96 bits", c.Alice, nil, c.ABI.PackDepositToken(id, maxAmount), simtest.ErrorSelector(bindings.DuplexChannelAmountTooLargeErrorID())},
		{"depositToken into no channel", c.Bob, nil, c.ABI.PackDepositToken(wei(99), wei(1)), simtest.ErrorSelector(bindings.DuplexChannelChannelNotOpenErrorID())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CallAs(tc.who, tc.value, tc.data)
			if tc.want == ([4]byte{}) {
				if err == nil {
					t.Fatal("no revert")
				}
				if data, ok := simtest.RevertData(err); ok && len(data) > 0 {
					t.Fatalf("reverted with data %x; want a plain revert (not payable)", data)
				}
				return
			}
			data, ok := simtest.RevertData(err)
			if !ok || len(data) < 4 || [4]byte(data[:4]) != tc.want {
				t.Fatalf("got %v; want custom error %x", err, tc.want)
			}
		})
	}

	// Without an approval the pull fails (the token's own error bubbles up).
	c.MustSend(t, c.Alice, nil, c.ABI.PackDepositToken(id, wei(1)))
	tk.send(t, c.Bob, erc20.PackApprove(c.ChannelAddr, wei(0)))
	if _, err := c.CallAs(c.Bob, nil, c.ABI.PackDepositToken(id, wei(1))); err == nil {
		t.Error("depositToken without an allowance did not revert")
	}
	// Deposits stop once the channel is Closing.
	c.MustSend(t, c.Alice, nil, c.ABI.PackStartClose(id))
	_, err := c.CallAs(c.Alice, nil, c.ABI.PackDepositToken(id, wei(1)))
	c.RequireRevert(t, err, bindings.DuplexChannelChannelNotOpenErrorID())
	if got := tk.balance(t, c.ChannelAddr); got.Cmp(wei(101)) != 0 {
		t.Errorf("contract holds %s tokens; want 101", got)
	}
}

// TestTokenAmountMismatch: a fee-on-transfer token (less arrives) and a
// token that delivers more than asked are refused by openToken and
// depositToken with TokenAmountMismatch(token, expected, received).
func TestTokenAmountMismatch(t *testing.T) {
	c := simtest.New(t)
	tk := deployToken(t, c, tokFee)
	tk.fund(t, wei(1_000_000), c.Alice, c.Bob)
	id, _ := mustOpenToken(t, c, tk, c.Alice, c.Bob, wei(1_000), 5) // no fee yet
	for _, tc := range []struct {
		name          string
		feeBps, bonus int64
		received      int64
	}{
		{"fee on transfer (1%)", 100, 0, 990},
		{"bonus on transfer", 0, 7, 1_007},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tk.send(t, c.Deployer, feeTokenABI.PackSetFee(wei(tc.feeBps), wei(tc.bonus)))
			for _, call := range []struct {
				who  *simtest.Actor
				data []byte
			}{
				{c.Alice, c.ABI.PackOpenToken(tk.addr, c.Bob.Addr, none, none, 5, wei(1_000))},
				{c.Bob, c.ABI.PackDepositToken(id, wei(1_000))},
			} {
				_, err := c.CallAs(call.who, nil, call.data)
				c.RequireRevert(t, err, bindings.DuplexChannelTokenAmountMismatchErrorID())
				data, _ := simtest.RevertData(err)
				e, uerr := c.ABI.UnpackError(data)
				m, ok := e.(*bindings.DuplexChannelTokenAmountMismatch)
				if uerr != nil || !ok || m.Token != tk.addr || m.Expected.Cmp(wei(1_000)) != 0 || m.Received.Int64() != tc.received {
					t.Errorf("error = %+v, %v; want TokenAmountMismatch(token, 1000, %d)", e, uerr, tc.received)
				}
			}
		})
	}
	if got := tk.balance(t, c.ChannelAddr); got.Cmp(wei(1_000)) != 0 {
		t.Errorf("contract holds %s; want the first deposit only", got)
	}
}

// TestTokenOpenWithoutDeposit: openToken with amount 0 moves no tokens and
// emits no Deposited (like open without value); separate signers work for
// token channels as for ETH ones; both parties then deposit with depositToken.
func TestTokenOpenWithoutDeposit(t *testing.T) {
	c := simtest.New(t)
	tk := deployToken(t, c, tokNoReturn)
	tk.fund(t, wei(1_000), c.Alice, c.Bob)
	rc := c.MustSend(t, c.Alice, nil, c.ABI.PackOpenToken(tk.addr, c.Bob.Addr, c.Mallory.Addr, none, 5, wei(0)))
	var id *big.Int
	for _, l := range rc.Logs {
		if l.Address != c.ChannelAddr {
			t.Errorf("log from %s: openToken without a deposit touched the token", l.Address)
		}
		if ev, err := c.ABI.UnpackChannelOpenedEvent(l); err == nil {
			id = ev.Id
			if ev.BobSigner != c.Mallory.Addr {
				t.Errorf("bobSigner = %s; want Mallory's", ev.BobSigner)
			}
		}
		if _, err := c.ABI.UnpackDepositedEvent(l); err == nil {
			t.Error("Deposited emitted for a zero deposit")
		}
	}
	if len(rc.Logs) != 2 || id == nil {
		t.Fatalf("%d logs; want ChannelOpened and TokenChannelOpened", len(rc.Logs))
	}
	c.MustSend(t, c.Alice, nil, c.ABI.PackDepositToken(id, wei(60)))
	c.MustSend(t, c.Bob, nil, c.ABI.PackDepositToken(id, wei(40)))
	// Bob's payments are signed by his signer (Mallory's key here).
	c.MustSend(t, c.Alice, nil, c.ABI.PackClaim(id, c.Bob.Addr, wei(15), mustPaymentSig(t, c, c.Mallory, id, wei(15))))
	c.Mine(5)
	c.MustSend(t, c.Alice, nil, c.ABI.PackWithdraw(id))
	c.MustSend(t, c.Bob, nil, c.ABI.PackWithdraw(id))
	if got := tk.balance(t, c.Alice.Addr); got.Int64() != 1_000+15 {
		t.Errorf("Alice holds %s; want 1015", got)
	}
	if got := tk.balance(t, c.Bob.Addr); got.Int64() != 1_000-15 {
		t.Errorf("Bob holds %s; want 985", got)
	}
}
