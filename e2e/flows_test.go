//go:build browser

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// openChannel has Alice open a channel with Bob (0x address) depositing
// aliceDeposit, and Bob join it; both end on the channel screen.
func openChannel(t *testing.T, alice, bob *user, aliceDeposit string) uint64 {
	t.Helper()
	alice.click("nav-create")
	alice.fill("create-counterparty", bobSigner)
	alice.waitValue("create-signer", bobSigner)
	alice.fill("create-deposit", aliceDeposit)
	alice.click("create-submit")
	alice.poll("channel created", `!!document.getElementById("created-id")`)
	var id uint64
	fmt.Sscan(alice.text("created-id"), &id)
	alice.click("goto-created")
	alice.waitText("deposit-mine", aliceDeposit+" ETH")
	bob.click("nav-join")
	bob.fill("join-input", fmt.Sprint(id))
	bob.click("join-submit")
	bob.waitText("deposit-peer", aliceDeposit+" ETH")
	return id
}

// waitValue waits until input id has value want.
func (u *user) waitValue(id, want string) {
	u.tb.Helper()
	u.poll("value of #"+id, fmt.Sprintf(`(document.getElementById(%q)||{}).value === %q`, id, want))
}

// pay pays amount from the channel screen and waits until the button is
// ready again (the payment is saved and handed to the relay).
func (u *user) pay(amount string) {
	u.tb.Helper()
	u.fill("pay-amount", amount)
	u.click("pay-submit")
	// Saved (delivered or not: a peer offline gets it later): the wallet
	// empties the field, and the button is enabled again. Pay's button is
	// disabled only from the next frame, so waiting for it to be enabled
	// alone could return at once, and the next payment's click, while
	// this one is still being made, would be ignored.
	u.poll("payment of "+amount+" saved", `document.getElementById("pay-amount").value === "" && !document.getElementById("pay-submit").disabled`)
}

// TestPaymentsBothWaysWithReload sends payments both ways in quick
// succession, reloads Bob's page in the middle while Alice keeps paying,
// and checks that nothing is lost and both sides agree.
func TestPaymentsBothWaysWithReload(t *testing.T) {
	m, browser, alice, bob := mustAliceAndBob(t)
	id := openChannel(t, alice, bob, "50")
	bob.fill("deposit-amount", "30")
	bob.click("deposit-submit")
	bob.waitText("deposit-mine", "30 ETH")

	// Quick succession, both ways.
	for i := 0; i < 3; i++ {
		alice.pay("1")
		bob.pay("2")
	}
	// Bob reloads while Alice pays twice more: those wait in his mailbox.
	bob.do("reload", chromedp.Reload())
	alice.pay("1")
	alice.pay("1")
	bob.poll("wasm running", wasmReady)
	bob.waitText("channel-id", fmt.Sprint(id)) // the channel shows from storage, locked
	bob.clickUntil("goto-unlock", "unlock screen", `!!document.getElementById("unlock-passphrase")`)
	bob.unlock()
	bob.gotoChannel(id)

	// Alice sent 5 and received 6; Bob the reverse.
	for _, c := range []struct {
		u                                   *user
		sent, received, mine, peer, history string
	}{
		{alice, "5 ETH", "6 ETH", "51 ETH", "29 ETH", "8"},
		{bob, "6 ETH", "5 ETH", "29 ETH", "51 ETH", "8"},
	} {
		c.u.waitText("sent", c.sent)
		c.u.waitText("received", c.received)
		c.u.waitText("balance-mine", c.mine)
		c.u.waitText("balance-peer", c.peer)
		c.u.poll("history", `document.querySelectorAll("#history tr").length === `+c.history)
	}
	bob.shot("both-ways-after-reload")

	// Mallory creates a key (shown once) and cannot join their channel;
	// she opens the invite link.
	mallory := mustUser(t, browser, "mallory")
	mallory.open(m.URL() + "/")
	mallory.fill("passphrase", passphrase)
	mallory.click("create-key")
	mallory.poll("new key shown", `(document.getElementById("new-wif")||{innerText:""}).innerText.length > 50`)
	mallory.clickUntil("saved-wif", "new key hidden", `!document.getElementById("new-wif")`)
	mallory.open(fmt.Sprintf("%s/join?id=%d", m.URL(), id))
	mallory.waitValue("join-input", fmt.Sprint(id)) // the invite link fills the form
	mallory.open(m.URL() + "/")
	mallory.unlock()
	mallory.click("nav-join")
	mallory.fill("join-input", fmt.Sprintf("%s/join?id=%d", m.URL(), id))
	mallory.click("join-submit")
	mallory.poll("refused", fmt.Sprintf(`(document.getElementById("join-error")||{innerText:""}).innerText.startsWith("You are not part of channel %d")`, id))
	mallory.shot("join-refused")
	if n := strings.Count(bob.text("notices"), "Refused"); n != 0 {
		t.Errorf("bob refused %d messages: %s", n, bob.text("notices"))
	}
}

// TestOfflineReload stops the host and reloads: the service worker serves
// the wallet, which shows the stored key, channels and balances with a
// clear offline state and its actions disabled.
func TestOfflineReload(t *testing.T) {
	m, _, alice, bob := mustAliceAndBob(t)
	id := openChannel(t, alice, bob, "10")
	alice.pay("3")
	bob.waitText("received", "3 ETH")
	alice.click("nav-key")
	balance := alice.text("balance-chain")
	alice.poll("service worker", `navigator.serviceWorker.controller !== null`)

	if err := m.Close(); err != nil {
		t.Fatalf("stop host: %v", err)
	}
	alice.do("reload offline", chromedp.Reload())
	alice.poll("wasm running offline", wasmReady)
	alice.waitText("net-status", "offline: actions disabled until the host is back")
	alice.waitText("addr-qtum", aliceQtum)
	alice.waitText("balance-chain", balance)
	alice.shot("offline-key")
	alice.click("nav-channels")
	alice.waitText(fmt.Sprintf("channel-%d-balance", id), "7 ETH")
	alice.click(fmt.Sprintf("open-channel-%d", id))
	alice.waitText("balance-mine", "7 ETH")
	alice.waitText("sent", "3 ETH")
	alice.poll("pay disabled", `document.getElementById("pay-submit").disabled === true`)
	alice.poll("deposit disabled", `document.getElementById("deposit-submit").disabled === true`)
	alice.shot("offline-channel")
}

// TestChainReset: the host is stopped and started again with an empty data
// directory (the README's "delete ./data to start over"): a new chain with
// the same chain id, contract address and channel ids. The open wallets
// notice it, set their old channels aside, and a new channel 1 between the
// same two people starts from its own deposits, not the old channel's.
func TestChainReset(t *testing.T) {
	m, _, alice, bob := mustAliceAndBob(t)
	old := m.Contract()
	id := openChannel(t, alice, bob, "10")
	alice.pay("3")
	bob.waitText("received", "3 ETH")

	addr := strings.TrimPrefix(m.URL(), "http://")
	if err := m.Close(); err != nil {
		t.Fatalf("stop host: %v", err)
	}
	m2 := mustHostAt(t, addr, t.TempDir())
	if m2.Contract() != old {
		t.Fatalf("the new chain's contract is %s; the test wants the old address %s (same deployer, same nonce)", m2.Contract(), old)
	}
	for _, u := range []*user{alice, bob} {
		u.poll("chain reset notice", `(document.getElementById("notices")||{innerText:""}).innerText.includes("started again from scratch")`)
		u.click("nav-channels")
		u.poll("old channel gone", fmt.Sprintf(`!document.getElementById("channel-%d-balance")`, id))
	}
	alice.shot("chain-reset")

	again := openChannel(t, alice, bob, "5")
	if again != id {
		t.Fatalf("the new chain's first channel is %d; want %d (the old channel's id)", again, id)
	}
	alice.waitText("balance-mine", "5 ETH")
	alice.waitText("sent", "0 ETH")
	bob.waitText("received", "0 ETH")
	bob.waitText("balance-peer", "5 ETH")
	alice.pay("1")
	bob.waitText("received", "1 ETH")
	alice.waitText("balance-mine", "4 ETH")
}
