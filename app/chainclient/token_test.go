//go:build !js

package chainclient

import (
	"context"
	"errors"
	"math/big"
	"os"
	"strings"
	"testing"

	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/contracts/bindings"
	"paychan/contracts/simtest"
)

// tusd returns n tUSD in units (6 decimals).
func tusd(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1_000_000)) }

// mustDeployTestUSD deploys the dev chain's tUSD (contracts/TestUSD.sol)
// on the simulated chain, 1,000,000 tUSD each to Alice and Bob.
func mustDeployTestUSD(tb testing.TB, c *simtest.Chain) common.Address {
	tb.Helper()
	input := bindings.NewTestUSD().PackConstructor([]common.Address{c.Alice.Addr, c.Bob.Addr}, []*big.Int{tusd(1_000_000), tusd(1_000_000)})
	addr, tx, err := bind.DeployContract(c.Opts(c.Deployer), common.FromHex(bindings.TestUSDMetaData.Bin), c.Client, input)
	if err != nil {
		tb.Fatalf("deploy TestUSD: %v", err)
	}
	c.Commit()
	if rc, err := c.Receipt(tx.Hash()); err != nil || rc.Status != types.ReceiptStatusSuccessful {
		tb.Fatalf("deploy TestUSD: %v", err)
	}
	return addr
}

// stages records the stages a Progress reports.
type stages []Stage

func (s *stages) progress(st Stage, _ common.Hash, _ error) { *s = append(*s, st) }

func TestTokenInfo(t *testing.T) { forEachTransport(t, testTokenInfo) }

// testTokenInfo: a pasted address reads as tUSD with 6 decimals; an account
// without code, a contract that is not a token (DuplexChannel) and the zero
// address are refused with ErrNotToken and a sentence saying why.
func testTokenInfo(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	tok := mustDeployTestUSD(t, c)
	got, err := cl.TokenInfo(ctx, tok)
	if err != nil {
		t.Fatalf("TokenInfo(tUSD): %v", err)
	}
	if diff := cmp.Diff(channel.Asset{Token: tok, Symbol: "tUSD", Decimals: 6}, got); diff != "" {
		t.Errorf("TokenInfo(tUSD) (-want +got):\n%s", diff)
	}
	for _, tt := range []struct {
		name string
		addr common.Address
		want string
	}{
		{"an account", c.Mallory.Addr, "returned nothing"},
		{"the channel contract", c.ChannelAddr, "symbol()"},
		{"the zero address", common.Address{}, "zero address"},
	} {
		_, err := cl.TokenInfo(ctx, tt.addr)
		var te *TokenError
		if !errors.Is(err, ErrNotToken) || !errors.As(err, &te) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("TokenInfo(%s) = %v; want ErrNotToken saying %q", tt.name, err, tt.want)
		}
	}
	if bal, err := cl.TokenBalance(ctx, tok, c.Alice.Addr); err != nil || bal.Cmp(tusd(1_000_000)) != 0 {
		t.Errorf("TokenBalance(Alice) = %v, %v; want %v", bal, err, tusd(1_000_000))
	}
}

func TestTokenChannelLifecycle(t *testing.T) { forEachTransport(t, testTokenChannelLifecycle) }

// testTokenChannelLifecycle: Alice approves (one transaction with the
// usual stages; a second EnsureAllowance within the allowance sends
// nothing), opens a tUSD channel with 100 tUSD, Bob approves and deposits
// 30 tUSD, and Channel returns the token channel with its asset and
// deposits in tUSD units; the tokens moved into the contract.
func testTokenChannelLifecycle(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	tok := mustDeployTestUSD(t, c)
	alice, bob := c.Alice, c.Bob

	// Without an allowance, openToken is refused before anything is signed.
	var st stages
	if _, _, err := cl.OpenToken(ctx, alice.Key, tok, bob.Addr, common.Address{}, common.Address{}, 100, tusd(100), st.progress); !errors.Is(err, ErrAllowance) {
		t.Fatalf("OpenToken without approval = %v; want ErrAllowance", err)
	}
	if diff := cmp.Diff(stages{Failed}, st); diff != "" {
		t.Errorf("OpenToken without approval: stages (-want +got):\n%s", diff)
	}

	st = nil
	approved, rc, err := cl.EnsureAllowance(ctx, alice.Key, tok, tusd(100), st.progress)
	if err != nil || !approved || rc == nil {
		t.Fatalf("EnsureAllowance(100 tUSD) = %v, %v, %v; want an approval", approved, rc, err)
	}
	if diff := cmp.Diff(stages{Signing, Sent, Mined}, st); diff != "" {
		t.Errorf("approve: stages (-want +got):\n%s", diff)
	}
	if a, err := cl.Allowance(ctx, tok, alice.Addr); err != nil || a.Cmp(tusd(100)) != 0 {
		t.Errorf("Allowance = %v, %v; want %v", a, err, tusd(100))
	}
	nonce, _ := c.Client.PendingNonceAt(ctx, alice.Addr)
	st = nil
	for _, amt := range []*big.Int{tusd(100), tusd(40)} {
		approved, rc, err = cl.EnsureAllowance(ctx, alice.Key, tok, amt, st.progress)
		if err != nil || approved || rc != nil {
			t.Errorf("EnsureAllowance(%v) within the allowance = %v, %v, %v; want skipped", amt, approved, rc, err)
		}
	}
	if after, _ := c.Client.PendingNonceAt(ctx, alice.Addr); after != nonce || len(st) != 0 {
		t.Errorf("a skipped approval sent %d transactions and reported %v", after-nonce, st)
	}

	// More than she holds is refused before signing too.
	if _, _, err := cl.OpenToken(ctx, alice.Key, tok, bob.Addr, common.Address{}, common.Address{}, 100, tusd(2_000_000), nil); !errors.Is(err, ErrTokenBalance) {
		t.Errorf("OpenToken above the balance = %v; want ErrTokenBalance", err)
	}

	st = nil
	id, _, err := cl.OpenToken(ctx, alice.Key, tok, bob.Addr, common.Address{}, common.Address{}, 100, tusd(100), st.progress)
	if err != nil {
		t.Fatalf("OpenToken: %v", err)
	}
	if diff := cmp.Diff(stages{Signing, Sent, Mined}, st); diff != "" {
		t.Errorf("openToken: stages (-want +got):\n%s", diff)
	}
	if approved, _, err := cl.EnsureAllowance(ctx, bob.Key, tok, tusd(30), nil); err != nil || !approved {
		t.Fatalf("Bob's EnsureAllowance = %v, %v", approved, err)
	}
	if _, err := cl.DepositToken(ctx, bob.Key, id, tusd(30), nil); err != nil {
		t.Fatalf("Bob's DepositToken: %v", err)
	}

	ch, err := cl.Channel(ctx, id)
	if err != nil {
		t.Fatalf("Channel(%d): %v", id, err)
	}
	want := channel.Asset{Token: tok, Symbol: "tUSD", Decimals: 6}
	if diff := cmp.Diff(want, ch.Asset); diff != "" {
		t.Errorf("Channel(%d).Asset (-want +got):\n%s", id, diff)
	}
	if ch.Status != StatusOpen || ch.AliceDeposit.Cmp(tusd(100)) != 0 || ch.BobDeposit.Cmp(tusd(30)) != 0 || ch.Alice != alice.Addr || ch.Bob != bob.Addr {
		t.Errorf("Channel(%d) = %+v; want open, deposits 100 and 30 tUSD", id, ch)
	}
	for _, tt := range []struct {
		who  common.Address
		want *big.Int
	}{{alice.Addr, tusd(999_900)}, {bob.Addr, tusd(999_970)}, {c.ChannelAddr, tusd(130)}} {
		if got, err := cl.TokenBalance(ctx, tok, tt.who); err != nil || got.Cmp(tt.want) != 0 {
			t.Errorf("tUSD balance of %s = %v, %v; want %v", tt.who, got, err, tt.want)
		}
	}

	// The state records the asset; the chain's Opened event checks it.
	s, err := channel.NewState(channel.ID{Domain: channel.Domain{ChainID: simtest.ChainID, Contract: c.ChannelAddr}, Channel: id}, channel.Bob,
		channel.Party{Account: alice.Addr, Signer: alice.Addr}, channel.Party{Account: bob.Addr, Signer: bob.Addr})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := channel.ApplyEvent(s, ch.Opened()); !errors.Is(err, channel.ErrBadEvent) {
		t.Errorf("the token channel's Opened on a state stored as ETH = %v; want ErrBadEvent", err)
	}
	s.Asset = channel.Asset{Token: tok}
	if n, _, err := channel.ApplyEvent(s, ch.Opened()); err != nil || n.Asset != want {
		t.Errorf("Opened on the token state = %+v, %v; want asset %+v", n.Asset, err, want)
	}

	// Mixing assets is refused with a sentence.
	var re *RevertError
	if _, err := cl.Deposit(ctx, bob.Key, id, eth(1), nil); !errors.As(err, &re) || re.Name != "NotEthChannel" {
		t.Errorf("ETH deposit to a token channel = %v; want NotEthChannel", err)
	}
	ethID, _, err := cl.Open(ctx, alice.Key, bob.Addr, common.Address{}, common.Address{}, 100, eth(1), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.DepositToken(ctx, bob.Key, ethID, tusd(1), nil); err == nil || !strings.Contains(err.Error(), "holds ETH") {
		t.Errorf("token deposit to an ETH channel = %v; want refused", err)
	}
	ethCh, err := cl.Channel(ctx, ethID)
	if err != nil || ethCh.Asset.IsToken() || ethCh.Asset != (channel.Asset{}) {
		t.Errorf("Channel(ETH channel) = %+v, %v; want the zero asset", ethCh, err)
	}
}

// TestEmbeddedERC20ABIIsCurrent keeps the embedded ERC-20 ABI equal to the
// test token's build output (run `cp contracts/build/TestUSD.abi
// app/chainclient/erc20.abi.json` after changing it).
func TestEmbeddedERC20ABIIsCurrent(t *testing.T) {
	want, err := os.ReadFile("../../contracts/build/TestUSD.abi")
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != erc20JSON {
		t.Error("app/chainclient/erc20.abi.json differs from contracts/build/TestUSD.abi: copy it again")
	}
}

func TestEnsureAllowanceUsdtLike(t *testing.T) { forEachTransport(t, testEnsureAllowanceUsdtLike) }

// testEnsureAllowanceUsdtLike: a token that refuses to change a non-zero
// allowance to another non-zero value (USDT) is approved to 0 first, as a
// transaction of its own, and then to the amount; a token whose approve
// succeeds without granting anything is an ErrAllowance, not a silent pass.
func testEnsureAllowanceUsdtLike(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	tok := c.DeployUsdtLikeToken(t, tusd(1000), c.Alice)
	if a, err := cl.TokenInfo(ctx, tok); err != nil || a.Symbol != "USDT" || a.Decimals != 6 {
		t.Fatalf("TokenInfo(USDT-like) = %+v, %v", a, err)
	}
	if ok, _, err := cl.EnsureAllowance(ctx, c.Alice.Key, tok, tusd(10), nil); err != nil || !ok {
		t.Fatalf("first approval = %v, %v", ok, err)
	}
	var st stages
	ok, _, err := cl.EnsureAllowance(ctx, c.Alice.Key, tok, tusd(50), st.progress)
	if err != nil || !ok {
		t.Fatalf("raising a non-zero allowance = %v, %v; want approved", ok, err)
	}
	if diff := cmp.Diff(stages{Signing, Sent, Mined, Signing, Sent, Mined}, st); diff != "" {
		t.Errorf("approve 0 then 50: stages (-want +got):\n%s", diff)
	}
	if a, err := cl.Allowance(ctx, tok, c.Alice.Addr); err != nil || a.Cmp(tusd(50)) != 0 {
		t.Errorf("Allowance = %v, %v; want %v", a, err, tusd(50))
	}
	id, _, err := cl.OpenToken(ctx, c.Alice.Key, tok, c.Bob.Addr, common.Address{}, common.Address{}, 100, tusd(50), nil)
	if err != nil {
		t.Fatalf("OpenToken(USDT-like): %v", err)
	}
	if ch, err := cl.Channel(ctx, id); err != nil || ch.AliceDeposit.Cmp(tusd(50)) != 0 || ch.Asset.Symbol != "USDT" {
		t.Errorf("Channel(%d) = %+v, %v; want 50 USDT from Alice", id, ch, err)
	}

	c.SetIgnoreApprovals(t, tok, true)
	if _, _, err := cl.EnsureAllowance(ctx, c.Alice.Key, tok, tusd(5), nil); !errors.Is(err, ErrAllowance) {
		t.Errorf("an approval that does not take = %v; want ErrAllowance", err)
	}
}

func TestTokenSeedDemoOnChain(t *testing.T) { forEachTransport(t, testTokenSeedDemoOnChain) }

// testTokenSeedDemoOnChain: the seed's demo in tUSD through the client's
// existing calls: Alice opens with 100 tUSD, pays Bob 20 off chain, Bob
// claims, 100 blocks later Alice withdraws 80 and Bob 20 tUSD (Withdraw
// reports the amounts in tUSD units), and the token balances on chain
// agree; the ether balances moved by gas only.
func testTokenSeedDemoOnChain(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	tok := mustDeployTestUSD(t, c)
	alice, bob := c.Alice, c.Bob
	if _, _, err := cl.EnsureAllowance(ctx, alice.Key, tok, tusd(100), nil); err != nil {
		t.Fatal(err)
	}
	id, _, err := cl.OpenToken(ctx, alice.Key, tok, bob.Addr, common.Address{}, common.Address{}, 100, tusd(100), nil)
	if err != nil {
		t.Fatalf("OpenToken: %v", err)
	}
	d := channel.Domain{ChainID: simtest.ChainID, Contract: c.ChannelAddr}
	digest, err := d.PaymentDigest(new(big.Int).SetUint64(id), tusd(20))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := channel.Sign(digest, alice.Key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Claim(ctx, bob.Key, id, alice.Addr, tusd(20), sig[:], nil); err != nil {
		t.Fatalf("Claim: %v", err)
	}
	c.Mine(100)
	for _, tt := range []struct {
		name string
		who  *simtest.Actor
		want *big.Int
		left *big.Int // tUSD held afterwards
	}{{"Alice", alice, tusd(80), tusd(999_980)}, {"Bob", bob, tusd(20), tusd(1_000_020)}} {
		ethBefore := c.Balance(tt.who.Addr)
		got, rc, err := cl.Withdraw(ctx, tt.who.Key, id, nil)
		if err != nil {
			t.Fatalf("%s Withdraw: %v", tt.name, err)
		}
		if got.Cmp(tt.want) != 0 {
			t.Errorf("%s withdrew %v; want %v", tt.name, got, tt.want)
		}
		if bal, err := cl.TokenBalance(ctx, tok, tt.who.Addr); err != nil || bal.Cmp(tt.left) != 0 {
			t.Errorf("%s holds %v tUSD units, %v; want %v", tt.name, bal, err, tt.left)
		}
		if spent := new(big.Int).Sub(ethBefore, c.Balance(tt.who.Addr)); spent.Cmp(rc.GasCost()) != 0 {
			t.Errorf("%s's ether moved by %v; want the gas %v only", tt.name, spent, rc.GasCost())
		}
	}
	if bal, err := cl.TokenBalance(ctx, tok, c.ChannelAddr); err != nil || bal.Sign() != 0 {
		t.Errorf("the contract still holds %v tUSD units, %v; want 0", bal, err)
	}
	// Settled (the contract cleared the deposits), it still reads as tUSD.
	if ch, err := cl.Channel(ctx, id); err != nil || ch.Asset.Token != tok || ch.Asset.Symbol != "tUSD" || !ch.AliceWithdrawn || !ch.BobWithdrawn {
		t.Errorf("settled Channel(%d) = %+v, %v; want tUSD, both withdrawn", id, ch, err)
	}
}

// mustDeployConstant deploys a contract that answers every call with out
// (a token whose symbol() the test chooses: its other calls answer the
// same bytes).
func mustDeployConstant(tb testing.TB, c *simtest.Chain, out []byte) common.Address {
	tb.Helper()
	if len(out) > 200 {
		tb.Fatalf("constant answer of %d bytes: at most 200", len(out))
	}
	// CODECOPY(0, 12, n) RETURN(0, n), then the n bytes: 12 bytes of code.
	copyReturn := func(n int) []byte {
		return []byte{0x60, byte(n), 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, byte(n), 0x60, 0x00, 0xf3}
	}
	runtime := append(copyReturn(len(out)), out...)
	creation := append(copyReturn(len(runtime)), runtime...)
	addr, tx, err := bind.DeployContract(c.Opts(c.Deployer), creation, c.Client, nil)
	if err != nil {
		tb.Fatalf("deploy a constant contract: %v", err)
	}
	c.Commit()
	if rc, err := c.Receipt(tx.Hash()); err != nil || rc.Status != types.ReceiptStatusSuccessful {
		tb.Fatalf("deploy a constant contract: %v", err)
	}
	return addr
}

// abiString is the ABI encoding of one string return value.
func abiString(s string) []byte {
	out := make([]byte, 64, 64+len(s)+32)
	out[31] = 0x20
	big.NewInt(int64(len(s))).FillBytes(out[32:64])
	out = append(out, s...)
	if pad := len(s) % 32; pad != 0 {
		out = append(out, make([]byte, 32-pad)...)
	}
	return out
}

func TestTokenInfoRefusesBadSymbols(t *testing.T) {
	forEachTransport(t, testTokenInfoRefusesBadSymbols)
}

// testTokenInfoRefusesBadSymbols: a token whose symbol no wallet should
// show (over MaxSymbolLen characters, terminal escapes, empty) is refused
// with ErrNotToken saying why; a symbol returned as bytes32 is read.
func testTokenInfoRefusesBadSymbols(t *testing.T, c *simtest.Chain, cl *Client) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		out  []byte
		want string
	}{
		{"33 characters", abiString(strings.Repeat("U", MaxSymbolLen+1)), "33 characters"},
		{"terminal escape", abiString("\x1b[31mUSDC"), "unprintable"},
		{"empty", abiString(""), "empty symbol"},
		{"not UTF-8", abiString("US\xffD"), "not UTF-8"},
	} {
		tok := mustDeployConstant(t, c, tt.out)
		_, err := cl.TokenInfo(ctx, tok)
		if !errors.Is(err, ErrNotToken) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("TokenInfo(symbol %s) = %v; want ErrNotToken saying %q", tt.name, err, tt.want)
		}
	}
	if a, err := cl.TokenInfo(ctx, mustDeployConstant(t, c, abiString(strings.Repeat("U", MaxSymbolLen)))); err != nil || len(a.Symbol) != MaxSymbolLen {
		t.Errorf("TokenInfo(symbol of %d characters) = %+v, %v; want accepted", MaxSymbolLen, a, err)
	}
	// bytes32 "MKR" (as early tokens return it): symbol() is read. The
	// constant contract's decimals() answers the same 32 bytes, so only the
	// symbol is read here.
	mkr := make([]byte, 32)
	copy(mkr, "MKR")
	if sym, err := cl.tokenSymbol(ctx, mustDeployConstant(t, c, mkr)); err != nil || sym != "MKR" {
		t.Errorf("bytes32 symbol = %q, %v; want MKR", sym, err)
	}
}
