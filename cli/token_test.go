package main

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/cli/node"
	"paychan/internal/testkit"
	"paychan/server/host"
)

// tUSD returns n whole tUSD in its units (6 decimals).
func tUSD(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e6)) }

// mustTestToken returns the address of the dev chain's tUSD, as the host's
// /config.json lists it.
func mustTestToken(tb testing.TB, m *host.Main) common.Address {
	tb.Helper()
	cfg, err := node.FetchConfig(context.Background(), m.URL())
	if err != nil {
		tb.Fatal(err)
	}
	if len(cfg.Tokens) != 1 || cfg.Tokens[0].Symbol != "tUSD" || cfg.Tokens[0].Decimals != 6 {
		tb.Fatalf("/config.json tokens = %+v; want tUSD with 6 decimals", cfg.Tokens)
	}
	return common.HexToAddress(cfg.Tokens[0].Address)
}

// tokenBalance reads addr's balance of token on the host's chain.
func tokenBalance(tb testing.TB, m *host.Main, token common.Address, addr string) *big.Int {
	tb.Helper()
	cl := chainclient.New(m.Chain().Client(), m.Contract(), m.ChainID())
	v, err := cl.TokenBalance(context.Background(), token, common.HexToAddress(addr))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestTokenChannel is the seed's demo in tUSD (issue 13): Alice opens with
// --token and 100 tUSD (approving first), Bob joins and deposits 5 tUSD,
// Alice pays 20 which Bob's listen receives, Bob closes (Alice is away, so
// he claims alone), 100 blocks are mined, Alice withdraws 80 tUSD and Bob
// 25; the token balances on chain moved by exactly that. Every amount is
// parsed with tUSD's 6 decimals and printed in tUSD.
func TestTokenChannel(t *testing.T) {
	m := mustHost(t)
	tok := mustTestToken(t, m)
	alice, bob := mustAliceAndBob(t, m)
	aliceBefore, bobBefore := tokenBalance(t, m, tok, aliceSigner), tokenBalance(t, m, tok, bobSigner)

	alice.mustFail(t, `amount "0.0000001" has 7 digits after the point, but tUSD has only 6 decimals`, "open", bobSigner, "--token", tok.Hex(), "--deposit", "0.0000001")
	alice.mustFail(t, "not an ERC-20 token", "open", bobSigner, "--token", bobSigner, "--deposit", "1")
	alice.mustFail(t, "want the token's 0x address", "open", bobSigner, "--token", "tUSD")
	alice.mustFail(t, "your account holds 1000000 tUSD, less than 2000000 tUSD", "open", bobSigner, "--token", tok.Hex(), "--deposit", "2000000")
	out := alice.must(t, "open", bobSigner, "--token", tok.Hex(), "--deposit", "100", "--blocks", "100")
	mustContain(t, out, "approved the channel contract to take 100 tUSD", "openToken: mined", "opened channel 1", "in tUSD ("+tok.Hex()+"), deposit 100 tUSD")
	mustContain(t, bob.must(t, "join", "1"), "joined channel 1 as Bob", "in tUSD ("+tok.Hex()+")", "my deposit 0 tUSD  peer deposit 100 tUSD")
	mustContain(t, bob.must(t, "deposit", "1", "5"), "approved the channel contract to take 5 tUSD", "deposited 5 tUSD into channel 1; my deposit is 5 tUSD, my balance 5 tUSD")

	alice.mustFail(t, `amount "0.0000001" has 7 digits after the point, but tUSD has only 6 decimals`, "pay", "1", "0.0000001")
	alice.mustFail(t, "is in \"ETH\", not tUSD", "pay", "1", "1 ETH")
	alice.mustFail(t, "your balance there is only 100 tUSD", "pay", "1", "100.000001")

	wait := bob.listen(t, "--count", "2")
	mustContain(t, alice.must(t, "pay", "1", "19.999999"), "paid 19.999999 tUSD on channel 1", "my balance 80.000001 tUSD")
	mustContain(t, alice.must(t, "pay", "1", "0.000001 tUSD"), "total sent 20 tUSD", "my balance 80 tUSD")
	mustContain(t, wait(), "received 19.999999 tUSD on channel 1", "received 0.000001 tUSD on channel 1", "total received 20 tUSD, balance 25 tUSD")
	// listen hands Alice's payments to the host's watchtower, which
	// protects tUSD channels on the dev chain (a listen that ended before
	// the last hand-off went out hands it off when it connects again).
	testkit.Eventually(t, "the watchtower holds Alice's 20 tUSD", func() error {
		if h, ok := m.Watchtower().Held(1, channel.Alice); !ok || h.Paid.Cmp(tUSD(20)) != 0 || h.Token != tok {
			bob.listen(t, "--for", "1s")()
			return fmt.Errorf("held %+v, %v; want 20 tUSD of %s", h, ok, tok.Hex())
		}
		return nil
	})
	mustContain(t, alice.must(t, "status", "1"), "my deposit 100 tUSD  peer deposit 5 tUSD", "balance 80 tUSD  sent 20 tUSD  received 0 tUSD",
		"on-chain balance 999900 tUSD (token "+tok.Hex()+")")

	// Alice is away: Bob's close falls back to claiming his 20 tUSD alone.
	mustContain(t, bob.must(t, "close", "1", "--wait", "1s"), "closing until block", "balance 25 tUSD")
	mustContain(t, alice.must(t, "mine", "100"), "mined 100 blocks")
	mustContain(t, alice.must(t, "status", "1"), "withdrawable 80 tUSD")
	mustContain(t, alice.must(t, "withdraw", "1"), "withdrew 80 tUSD from channel 1")
	mustContain(t, bob.must(t, "withdraw", "1"), "withdrew 25 tUSD from channel 1")
	bob.mustFail(t, "already withdrew", "withdraw", "1")

	if got, want := new(big.Int).Sub(tokenBalance(t, m, tok, aliceSigner), aliceBefore), tUSD(-20); got.Cmp(want) != 0 {
		t.Errorf("Alice's tUSD changed by %v units; want %v (paid 20 tUSD)", got, want)
	}
	if got, want := new(big.Int).Sub(tokenBalance(t, m, tok, bobSigner), bobBefore), tUSD(20); got.Cmp(want) != 0 {
		t.Errorf("Bob's tUSD changed by %v units; want %v (received 20 tUSD)", got, want)
	}
	if got := tokenBalance(t, m, tok, m.Contract().Hex()); got.Sign() != 0 {
		t.Errorf("the channel contract still holds %v tUSD units; want 0", got)
	}
}
