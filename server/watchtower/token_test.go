package watchtower_test

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	"paychan/app/channel"
	wt "paychan/app/watchtower"
	"paychan/contracts/bindings"
	"paychan/server/devchain"
	"paychan/server/host"
)

// tusd returns n millionths of a tUSD (its units: 6 decimals).
func tusd(n int64) *big.Int { return big.NewInt(n) }

// mustOpenToken has alice open a channel to bob in token with deposit
// units (approving them first) and period, through the wallet's chain
// client.
func mustOpenToken(tb testing.TB, m *host.Main, token common.Address, alice, bob actor, deposit *big.Int, period uint64) channel.ID {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cl := chainclient.New(m.Chain().Client(), m.Contract(), m.ChainID())
	cl.PollInterval = 10 * time.Millisecond
	if _, _, err := cl.EnsureAllowance(ctx, alice.key, token, deposit, nil); err != nil {
		tb.Fatalf("%s approves %v of %s: %v", alice.name, deposit, token.Hex(), err)
	}
	n, _, err := cl.OpenToken(ctx, alice.key, token, bob.addr, common.Address{}, common.Address{}, period, deposit, nil)
	if err != nil {
		tb.Fatalf("%s opens a token channel: %v", alice.name, err)
	}
	return channel.ID{Domain: channel.Domain{ChainID: devchain.ChainID, Contract: m.Contract()}, Channel: n}
}

// mustDeployToken deploys another TestUSD ("Test USD", tUSD, 6 decimals)
// whose supply goes to holder: a token no watchtower price names.
func mustDeployToken(tb testing.TB, m *host.Main, holder actor) common.Address {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	deployer := testActor(tb, "Deployer")
	opts := bind.NewKeyedTransactor(deployer.key, big.NewInt(devchain.ChainID))
	opts.Context = ctx
	input := bindings.NewTestUSD().PackConstructor([]common.Address{holder.addr}, []*big.Int{devchain.TestUSDFunds})
	addr, tx, err := bind.DeployContract(opts, common.FromHex(bindings.TestUSDMetaData.Bin), m.Chain().Client(), input)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := chainclient.WaitMined(ctx, m.Chain().Client(), tx.Hash()); err != nil {
		tb.Fatal(err)
	}
	return addr
}

// TestTokenChannels: the dev host's watchtower prices its tUSD by default
// (devchain.TestUSDWeiPerToken). Bob hands over Alice's 20 tUSD in one
// channel and her 0.000001 tUSD in another; Alice starts closing both. The
// first claim protects 20 tUSD, worth far more than its gas: it is made.
// The second protects one unit (4·10^8 wei), less than the gas: it is not.
// A channel of a token without a price is refused with unsupported_asset,
// naming the flag that would price it. /watchtower lists tUSD.
func TestTokenChannels(t *testing.T) {
	m := mustHost(t, host.Config{DataDir: t.TempDir(), Watchtower: testLimits})
	c := newChain(m.Chain().Client(), m.Contract())
	alice, bob := testActor(t, "Alice"), testActor(t, "Bob")
	tower := m.Watchtower().Address()
	tok := common.HexToAddress(m.Tokens()[0].Address)

	var st wt.Status
	getJSON(t, m.URL()+wt.StatusPath, &st)
	want := wt.TokenStatus{Token: tok.Hex(), Symbol: "tUSD", Decimals: 6, WeiPerToken: devchain.TestUSDWeiPerToken.String()}
	if len(st.Tokens) != 1 || st.Tokens[0] != want {
		t.Fatalf("status tokens = %+v; want [%+v]", st.Tokens, want)
	}

	big20 := mustOpenToken(t, m, tok, alice, bob, tusd(100_000_000), finalization)
	small := mustOpenToken(t, m, tok, alice, bob, tusd(100_000_000), finalization)
	bw := mustWallet(t, m, bob)
	wantAccepted(t, bw.handOff(t, tower, mustPayBig(t, alice, big20, tusd(20_000_000))), big20, alice.addr, 20_000_000)
	wantAccepted(t, bw.handOff(t, tower, mustPayBig(t, alice, small, tusd(1))), small, alice.addr, 1)
	getJSON(t, m.URL()+wt.StatusPath, &st)
	if len(st.Tokens) != 1 || st.Tokens[0].Watched != 2 || st.Watched != 2 {
		t.Fatalf("status = %+v; want 2 payments watched, both in tUSD", st)
	}

	// The premise of the small channel: one unit is worth less than a claim's gas.
	fees, base, err := chainclient.CurrentFees(context.Background(), m.Chain().Client())
	if err != nil {
		t.Fatal(err)
	}
	price := wt.Price{WeiPerToken: devchain.TestUSDWeiPerToken, Decimals: 6}
	if cost := new(big.Int).Mul(big.NewInt(30_000), fees.Price(base)); price.Wei(tusd(1)).Cmp(cost) >= 0 || price.Wei(tusd(20_000_000)).Cmp(new(big.Int).Mul(cost, big.NewInt(100))) <= 0 {
		t.Fatalf("gas price %v: 30,000 gas cost %v wei; want it between 1 unit (%v wei) and 20 tUSD / 100 (%v wei)",
			fees.Price(base), cost, price.Wei(tusd(1)), price.Wei(tusd(200_000)))
	}

	// Alice starts closing both without her payments.
	for _, id := range []channel.ID{big20, small} {
		c.mustTransact(t, alice, nil, c.abi.PackStartClose(big.NewInt(int64(id.Channel))))
	}
	pollUntil(t, m, "the watchtower claims Alice's 20 tUSD", alicePaid(t, c, big20, 20_000_000))
	mineToEnd(t, m, c, small)
	if ap, _ := c.paid(t, small); ap != 0 {
		t.Fatalf("the watchtower claimed %d units in the small channel; want no claim (worth less than its gas)", ap)
	}
	getJSON(t, m.URL()+wt.StatusPath, &st)
	if st.Claims != 1 || st.Failures != 0 {
		t.Fatalf("status = %+v; want exactly 1 claim (the 20 tUSD one), no failure", st)
	}
	t.Logf("figures: token claim gas %d, cost %s wei (%s tUSD at the dev price); 1 unit is worth %v wei",
		st.GasUsed, st.GasSpent, tusdOf(st.GasSpent), price.Wei(tusd(1)))
	cl := chainclient.New(m.Chain().Client(), m.Contract(), m.ChainID())
	if bal, err := cl.TokenBalance(context.Background(), tok, tower); err != nil || bal.Sign() != 0 {
		t.Errorf("the watchtower holds %v tUSD units (%v); want none: a claim moves no tokens", bal, err)
	}

	// A token without a price.
	other := mustDeployToken(t, m, alice)
	id := mustOpenToken(t, m, other, alice, bob, tusd(100_000_000), finalization)
	r := wantRefused(t, bw.handOff(t, tower, mustPayBig(t, alice, id, tusd(20_000_000))), wt.CodeUnsupportedAsset)
	if !strings.Contains(r.Message, wt.PriceFlag+" "+other.Hex()+"=WEI_PER_TOKEN") {
		t.Errorf("refusal %q does not say how to price the token", r.Message)
	}
	if _, held := m.Watchtower().Held(id.Channel, channel.Alice); held {
		t.Errorf("the watchtower holds a payment of the unpriced channel")
	}
}

// tusdOf formats a wei amount (decimal string) in tUSD at the dev price.
func tusdOf(wei string) string {
	v, _ := new(big.Rat).SetString(wei)
	return new(big.Rat).Quo(v, new(big.Rat).SetInt(devchain.TestUSDWeiPerToken)).FloatString(6)
}

// mustPayBig is mustPay for a big total.
func mustPayBig(tb testing.TB, payer actor, id channel.ID, total *big.Int) channel.Payment {
	tb.Helper()
	d, err := id.PaymentDigest(total)
	if err != nil {
		tb.Fatal(err)
	}
	sig, err := channel.Sign(d, payer.key)
	if err != nil {
		tb.Fatal(err)
	}
	return channel.Payment{ID: id, Paid: new(big.Int).Set(total), Sig: sig}
}

// TestTokenPricesAtStart: a host refuses to start its watchtower with a
// price it cannot use, naming the flag: an address that is not a token, a
// price of 0 or of 10^36 wei, more than 64 tokens.
func TestTokenPricesAtStart(t *testing.T) {
	bob := testActor(t, "Bob")
	many := map[common.Address]*big.Int{}
	for i := range wt.MaxPricedTokens + 1 {
		many[common.BigToAddress(big.NewInt(int64(1000+i)))] = big.NewInt(1)
	}
	for _, tt := range []struct {
		name   string
		prices map[common.Address]*big.Int
		want   string
	}{
		{"not a token", map[common.Address]*big.Int{bob.addr: big.NewInt(1)}, "is not an ERC-20 token"},
		{"zero price", map[common.Address]*big.Int{bob.addr: big.NewInt(0)}, "must be more than 0"},
		{"huge price", map[common.Address]*big.Int{bob.addr: wt.MaxWeiPerToken}, "below 10^36"},
		{"too many", many, "at most 64"},
	} {
		m := &host.Main{Config: host.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), WebDir: "-", Logger: testLogger(t), WatchtowerTokenPrices: tt.prices}}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		err := m.Run(ctx)
		cancel()
		m.Close()
		if err == nil {
			t.Fatalf("%s: the host started; want an error containing %q", tt.name, tt.want)
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), wt.PriceFlag) {
			t.Errorf("%s: Run: %v; want it to name %s and contain %q", tt.name, err, wt.PriceFlag, tt.want)
		}
		t.Logf("%s: %v", tt.name, err)
	}
}
