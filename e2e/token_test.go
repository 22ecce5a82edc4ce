//go:build browser

package e2e

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"paychan/app/amount"
	"paychan/app/chainclient"
	"paychan/app/wallet"
	"paychan/server/host"
)

// tokenBalance reads owner's balance of token on chain (ERC-20 balanceOf).
func tokenBalance(tb testing.TB, m *host.Main, token common.Address, owner string) *big.Int {
	tb.Helper()
	data := append(hexutil.MustDecode("0x70a08231"), common.LeftPadBytes(common.HexToAddress(owner).Bytes(), 32)...)
	out, err := m.Chain().Client().CallContract(context.Background(), ethereum.CallMsg{To: &token, Data: data}, nil)
	if err != nil || len(out) != 32 {
		tb.Fatalf("balanceOf(%s) on token %s: %x, %v", owner, token.Hex(), out, err)
	}
	return new(big.Int).SetBytes(out)
}

// tusd is n tUSD in the token's units (6 decimals).
func tusd(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1_000_000)) }

// selectOption picks value in the select element id, as a person would.
func (u *user) selectOption(id, value string) {
	u.tb.Helper()
	u.poll("select #"+id, fmt.Sprintf(`(() => { const e = document.getElementById(%q); if (!e) return false;
  e.value = %q; e.dispatchEvent(new Event("change", {bubbles: true})); return e.value === %q; })()`, id, value, value))
}

// TestTokenSeedDemo is the seed's demo in tUSD, the development chain's
// test token: Alice picks the token (read from the chain: symbol, decimals
// and address shown; a pasted address that is no token is refused; a
// 7-decimal amount is refused and stays typed), opens a channel depositing
// 100 tUSD with an approval step, Bob joins, Alice pays 20, Bob claims,
// 100 blocks, both withdraw (80 and 20): the token balances on chain move
// by exactly those amounts.
func TestTokenSeedDemo(t *testing.T) {
	m, _, alice, bob := mustAliceAndBob(t)
	if len(m.Tokens()) == 0 {
		t.Fatal("the host lists no token in /config.json")
	}
	listed := m.Tokens()[0]
	token := common.HexToAddress(listed.Address)
	start := map[string]*big.Int{
		"alice": tokenBalance(t, m, token, aliceSigner),
		"bob":   tokenBalance(t, m, token, bobSigner),
	}

	// Alice picks the asset: a pasted address that is not a token is
	// refused; the token's own address shows its symbol and decimals.
	alice.click("nav-create")
	alice.fill("create-counterparty", bobSigner)
	alice.waitValue("create-signer", bobSigner)
	alice.selectOption("create-asset", "paste")
	alice.fill("create-token", bobSigner)
	alice.poll("not a token", `(document.getElementById("create-token-error")||{innerText:""}).innerText.includes("is not an ERC-20 token")`)
	alice.shot("1-not-a-token")
	alice.fill("create-token", token.Hex())
	alice.waitText("create-token-symbol", "tUSD")
	alice.waitText("create-token-decimals", "6 decimals")
	alice.waitText("create-token-address", token.Hex())
	alice.selectOption("create-asset", listed.Address)
	alice.waitText("create-token-symbol", "tUSD")
	alice.waitText("create-token-address", token.Hex())
	alice.waitText("create-deposit-label", "Initial deposit (tUSD)")

	// 7 decimals: refused with the token's 6 named, the amount stays.
	alice.fill("create-deposit", "1.1234567")
	alice.click("create-submit")
	alice.waitText("create-error", `Initial deposit: amount "1.1234567" has 7 digits after the point, but tUSD has only 6 decimals: keep at most 6 digits after the point`)
	alice.waitValue("create-deposit", "1.1234567")
	alice.shot("2-seven-decimals")

	// 100 tUSD: the approval is a transaction of its own, then the open.
	alice.fill("create-deposit", "100")
	alice.click("create-submit")
	alice.poll("approved", `[...document.querySelectorAll("#txs .tx")].some(e => e.innerText.startsWith("Approve 100 tUSD for the channel contract: mined"))`)
	alice.poll("channel created", `!!document.getElementById("created-id")`)
	idText := alice.text("created-id")
	var id uint64
	fmt.Sscan(idText, &id)
	if id == 0 {
		t.Fatalf("created channel id %q", idText)
	}
	alice.shot("3-created")
	alice.click("goto-created")
	alice.waitText("asset-symbol", "tUSD")
	alice.waitText("asset-token", token.Hex())
	alice.waitText("deposit-mine", "100 tUSD")
	alice.waitText("balance-mine", "100 tUSD")
	if got, want := tokenBalance(t, m, token, aliceSigner), new(big.Int).Sub(start["alice"], tusd(100)); got.Cmp(want) != 0 {
		t.Errorf("Alice holds %s tUSD units after the deposit; want %s", got, want)
	}

	// Bob joins and sees Alice's 100 tUSD and his 0.
	bob.click("nav-join")
	bob.fill("join-input", idText)
	bob.click("join-submit")
	bob.waitText("channel-id", idText)
	bob.waitText("asset-symbol", "tUSD")
	bob.waitText("deposit-peer", "100 tUSD")
	bob.waitText("deposit-mine", "0 tUSD")

	// Alice pays 20 tUSD.
	alice.pay("20")
	bob.waitText("received", "20 tUSD")
	bob.waitText("balance-mine", "20 tUSD")
	bob.poll("notice", `[...document.querySelectorAll(".notice.ok")].some(e => e.innerText.includes("Received 20 tUSD on channel `+idText+`"))`)
	alice.waitText("sent", "20 tUSD")
	alice.waitText("balance-mine", "80 tUSD")
	alice.shot("4-paid")

	// The channel list names the asset.
	alice.click("nav-channels")
	alice.waitText(fmt.Sprintf("channel-%d-asset", id), "tUSD")
	alice.waitText(fmt.Sprintf("channel-%d-balance", id), "80 tUSD")
	alice.shot("5-channel-list")
	alice.gotoChannel(id)

	// Bob claims; 100 blocks are mined (on the host directly: the dev
	// panel's request has a time limit that a loaded machine can exceed,
	// and TestSeedDemo covers the panel).
	bob.waitText("claim-submit", "Claim 20 tUSD")
	bob.click("claim-submit")
	bob.poll("closing", `(document.getElementById("status")||{innerText:""}).innerText.startsWith("closing until block")`)
	if _, err := m.Chain().Mine(100); err != nil {
		t.Fatalf("mine 100 blocks: %v", err)
	}
	alice.waitText("status", "closed")
	alice.waitText("withdraw-amount", "80 tUSD")
	bob.waitText("withdraw-amount", "20 tUSD")

	// Both withdraw: exactly 80 and 20 tUSD on chain.
	for _, w := range []struct {
		u     *user
		addr  string
		want  *big.Int
		total *big.Int // since the start
	}{{alice, aliceSigner, tusd(80), tusd(-20)}, {bob, bobSigner, tusd(20), tusd(20)}} {
		before := tokenBalance(t, m, token, w.addr)
		w.u.click("withdraw-submit")
		w.u.poll("withdrawn", `!!document.getElementById("withdrawn")`)
		w.u.poll("withdraw notice", `[...document.querySelectorAll(".notice.ok")].some(e => e.innerText.startsWith("Withdrew `+
			new(big.Int).Div(w.want, big.NewInt(1_000_000)).String()+` tUSD from channel `+idText+`"))`)
		after := tokenBalance(t, m, token, w.addr)
		if got := new(big.Int).Sub(after, before); got.Cmp(w.want) != 0 {
			t.Errorf("%s's tUSD balance changed by %s units in the withdrawal; want %s", w.u.name, got, w.want)
		}
		if got := new(big.Int).Sub(after, start[w.u.name]); got.Cmp(w.total) != 0 {
			t.Errorf("%s's tUSD balance changed by %s units in the demo; want %s", w.u.name, got, w.total)
		}
	}
	alice.shot("6-withdrawn")

	// The key page shows the key's tUSD next to its ETH.
	alice.click("nav-key")
	alice.waitText("token-balance-tUSD", amount.Format(new(big.Int).Sub(start["alice"], tusd(20)), 6)+" tUSD")
	alice.shot("7-key-page")
}

// TestTokenDeposit: a tUSD channel opened with no deposit needs no
// approval; Bob's deposits into it approve the channel contract as a step
// of their own, skipped when his allowance already covers the amount; a
// 7-decimal payment is refused and stays typed.
func TestTokenDeposit(t *testing.T) {
	m, _, alice, bob := mustAliceAndBob(t)
	token := common.HexToAddress(m.Tokens()[0].Address)
	bobStart := tokenBalance(t, m, token, bobSigner)

	alice.click("nav-create")
	alice.fill("create-counterparty", bobSigner)
	alice.waitValue("create-signer", bobSigner)
	alice.selectOption("create-asset", m.Tokens()[0].Address)
	alice.waitText("create-token-symbol", "tUSD")
	alice.click("create-submit")
	alice.poll("channel created", `!!document.getElementById("created-id")`)
	idText := alice.text("created-id")
	var id uint64
	fmt.Sscan(idText, &id)
	if txs := alice.text("txs"); strings.Contains(txs, "Approve") {
		t.Errorf("a channel opened with no deposit asked for an approval: %s", txs)
	}
	alice.click("goto-created")
	alice.waitText("deposit-mine", "0 tUSD")
	bob.click("nav-join")
	bob.fill("join-input", idText)
	bob.click("join-submit")
	bob.waitText("asset-symbol", "tUSD")

	// Bob already approved 3 tUSD (outside the wallet): no approval step.
	bk, err := wallet.ParseWIF(bobWIF)
	if err != nil {
		t.Fatal(err)
	}
	cl := chainclient.New(m.Chain().Client(), m.Contract(), m.ChainID())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, _, err := cl.EnsureAllowance(ctx, bk.PrivateKey(), token, tusd(3), nil); err != nil {
		t.Fatal(err)
	}
	bob.fill("deposit-amount", "3")
	bob.click("deposit-submit")
	bob.poll("deposit mined", `[...document.querySelectorAll("#txs .tx")].some(e => e.innerText.startsWith("Deposit 3 tUSD: mined"))`)
	bob.waitText("deposit-mine", "3 tUSD")
	if txs := bob.text("txs"); strings.Contains(txs, "Approve") {
		t.Errorf("a deposit within the allowance asked for an approval: %s", txs)
	}

	// 2 more: the allowance is used up, so the wallet approves first.
	bob.fill("deposit-amount", "2")
	bob.click("deposit-submit")
	bob.poll("approved", `[...document.querySelectorAll("#txs .tx")].some(e => e.innerText.startsWith("Approve 2 tUSD for the channel contract: mined"))`)
	bob.poll("deposit mined", `[...document.querySelectorAll("#txs .tx")].some(e => e.innerText.startsWith("Deposit 2 tUSD: mined"))`)
	bob.waitText("deposit-mine", "5 tUSD")
	alice.waitText("deposit-peer", "5 tUSD")
	if got, want := new(big.Int).Sub(bobStart, tokenBalance(t, m, token, bobSigner)), tusd(5); got.Cmp(want) != 0 {
		t.Errorf("Bob's tUSD balance fell by %s units; want %s", got, want)
	}
	bob.shot("deposited")

	// A payment with 7 decimals is refused; the amount stays typed.
	bob.fill("pay-amount", "0.0000001")
	bob.click("pay-submit")
	bob.waitText("pay-error", `Payment: amount "0.0000001" has 7 digits after the point, but tUSD has only 6 decimals: keep at most 6 digits after the point`)
	bob.waitValue("pay-amount", "0.0000001")
	bob.pay("0.000001")
	alice.waitText("received", "0.000001 tUSD")
}
