//go:build browser

package e2e

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum/common"

	"paychan/internal/testkit/hosttest"
	"paychan/internal/testkit/seed"
	"paychan/server/host"
)

// Seed actors.
const (
	aliceWIF    = seed.AliceWIF
	aliceQtum   = seed.AliceQtum
	aliceSigner = seed.AliceSigner
	bobWIF      = seed.BobWIF
	bobQtum     = seed.BobQtum
	bobSigner   = seed.BobSigner
	passphrase  = "correct horse battery"
)

// mustHost starts the real host (embedded chain, relay, wallet) on
// 127.0.0.1:0 with its data in a temporary folder.
func mustHost(tb testing.TB, dataDir string) *host.Main {
	tb.Helper()
	return mustHostAt(tb, "127.0.0.1:0", dataDir)
}

// mustHostAt is mustHost listening on addr (a stopped host's, to start
// another in its place behind the same origin).
func mustHostAt(tb testing.TB, addr, dataDir string) *host.Main {
	tb.Helper()
	return hosttest.Start(tb, host.Config{Addr: addr, DataDir: dataDir, WebDir: webDir, Logger: hosttest.Quiet()})
}

// traffic records every request and WebSocket frame a user's page sends.
type traffic struct {
	mu   sync.Mutex
	sent []string
}

func (tr *traffic) add(s string) {
	tr.mu.Lock()
	tr.sent = append(tr.sent, s)
	tr.mu.Unlock()
}

// record starts capturing u's outgoing traffic.
func (u *user) record() *traffic {
	tr := &traffic{}
	reqs := chromedp.Events(u.ctx, network.RequestWillBeSent)
	frames := chromedp.Events(u.ctx, network.WebSocketFrameSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			s := ev.Request.Method + " " + ev.Request.URL
			for _, e := range ev.Request.PostDataEntries {
				s += " " + string(e.Bytes)
			}
			tr.add(s)
		}
	}()
	go func() {
		for ev, err := range frames {
			if err != nil {
				return
			}
			tr.add("WS " + string(ev.Response.PayloadData))
		}
	}()
	return tr
}

// open loads the wallet and waits until the wasm runs.
func (u *user) open(url string) {
	u.tb.Helper()
	u.do("open "+url, chromedp.Navigate(url))
	u.poll("wasm running", wasmReady)
}

// click clicks the element with id.
func (u *user) click(id string) {
	u.tb.Helper()
	u.do("click #"+id, chromedp.WaitEnabled(chromedp.ID(id)), chromedp.Click(chromedp.ID(id)))
}

// clickUntil clicks the element with id until the JavaScript expression
// done is truthy. Only for idempotent clicks (navigation, dismissing a
// box): on this shared 2-core machine a click landing while go-app
// re-renders is now and then lost.
func (u *user) clickUntil(id, what, done string) {
	u.tb.Helper()
	for attempt := 0; attempt < 3; attempt++ {
		u.click(id)
		ctx, cancel := context.WithTimeout(u.ctx, 5*time.Second)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](done, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(0)))
		cancel()
		if err == nil {
			return
		}
		if ok, _ := chromedp.Run(u.ctx, chromedp.Evaluate[bool](fmt.Sprintf(`!!document.getElementById(%q)`, id))); !ok {
			break
		}
		u.tb.Logf("%s: click #%s had no effect yet; clicking again", u.name, id)
	}
	u.poll(what, done)
}

// fill replaces the value of input id with text, typed as a person would.
func (u *user) fill(id, text string) {
	u.tb.Helper()
	clear := fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); })()`, id)
	u.do("fill #"+id, chromedp.WaitVisible(chromedp.ID(id)), chromedp.Evaluate[chromedp.Void](clear), chromedp.SendKeys(chromedp.ID(id), text))
}

// importKey imports wif with the passphrase and checks the addresses.
func (u *user) importKey(wif, qtum, signer string) {
	u.tb.Helper()
	u.fill("wif", wif)
	u.fill("passphrase", passphrase)
	u.click("import-key")
	u.waitText("addr-qtum", qtum)
	u.waitText("addr-signer", signer)
	u.poll("relay connected", `(document.getElementById("relay-state")||{}).innerText === "connected"`)
}

// unlock unlocks the stored key after a reload.
func (u *user) unlock() {
	u.tb.Helper()
	u.fill("unlock-passphrase", passphrase)
	u.click("unlock")
	u.poll("relay connected", `(document.getElementById("relay-state")||{}).innerText === "connected"`)
}

// gotoChannel opens channel n from the channel list (in-app navigation,
// the key stays unlocked).
func (u *user) gotoChannel(n uint64) {
	u.tb.Helper()
	link := fmt.Sprintf("open-channel-%d", n)
	u.clickUntil("nav-channels", "channel list", fmt.Sprintf(`!!document.getElementById(%q)`, link))
	u.clickUntil(link, "channel screen",
		fmt.Sprintf(`(document.getElementById("channel-id")||{}).innerText === %q`, fmt.Sprint(n)))
}

func (u *user) balance(m *host.Main, addr string) *big.Int {
	u.tb.Helper()
	b, err := m.Chain().Client().BalanceAt(context.Background(), common.HexToAddress(addr), nil)
	if err != nil {
		u.tb.Fatal(err)
	}
	return b
}

func eth(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

// mustAliceAndBob starts the real host and a browser with Alice and Bob in
// isolated contexts (like the seed's incognito window), each with the seed's
// key imported, and returns the browser for more users.
func mustAliceAndBob(t *testing.T) (m *host.Main, browser context.Context, alice, bob *user) {
	t.Helper()
	m = mustHost(t, t.TempDir())
	browser = mustBrowser(t)
	alice = mustUser(t, browser, "alice")
	bob = mustUser(t, browser, "bob")
	alice.open(m.URL() + "/")
	alice.importKey(aliceWIF, aliceQtum, aliceSigner)
	bob.open(m.URL() + "/")
	bob.importKey(bobWIF, bobQtum, bobSigner)
	return m, browser, alice, bob
}

// TestSeedDemo is the seed README's demo in two isolated browser contexts.
func TestSeedDemo(t *testing.T) {
	start := time.Now()
	m := mustHost(t, t.TempDir())
	url := m.URL()
	browser := mustBrowser(t)
	alice := mustUser(t, browser, "alice")
	bob := mustUser(t, browser, "bob")
	aliceNet, bobNet := alice.record(), bob.record()

	// Import the keys.
	alice.open(url + "/")
	alice.importKey(aliceWIF, aliceQtum, aliceSigner)
	alice.poll("balance shown", `(document.getElementById("balance-chain")||{innerText:""}).innerText.endsWith("ETH")`)
	alice.docShot("1-import-key", "1-import-key")
	bob.open(url + "/")
	bob.importKey(bobWIF, bobQtum, bobSigner)

	// Alice creates a channel with Bob's Qtum and ecrecover addresses.
	alice.click("nav-create")
	alice.fill("create-counterparty", bobQtum)
	alice.fill("create-signer", bobSigner)
	alice.shot("2-create-channel-form")
	alice.click("create-submit")
	alice.poll("channel created", `!!document.getElementById("created-id")`)
	idText := alice.text("created-id")
	var id uint64
	fmt.Sscan(idText, &id)
	if id == 0 {
		t.Fatalf("created channel id %q", idText)
	}
	if link := alice.text("invite-link"); !strings.HasSuffix(link, fmt.Sprintf("/join?id=%d", id)) {
		t.Errorf("invite link %q; want …/join?id=%d", link, id)
	}
	alice.docShot("3-channel-created", "2-channel-created")

	// Alice deposits 100.
	alice.click("goto-created")
	alice.waitText("status", "open")
	alice.fill("deposit-amount", "100")
	alice.click("deposit-submit")
	alice.waitText("deposit-mine", "100 ETH")
	alice.waitText("balance-mine", "100 ETH")
	alice.shot("4-100-in-channel")

	// Bob joins by id and sees Alice's 100 and his 0.
	bob.click("nav-join")
	bob.fill("join-input", idText)
	bob.shot("5-join-channel")
	bob.click("join-submit")
	bob.waitText("channel-id", idText)
	bob.waitText("deposit-peer", "100 ETH")
	bob.waitText("deposit-mine", "0 ETH")
	bob.docShot("6-bob-initial-channel", "3-bob-joined")

	// Alice pays 20: Bob sees it at once, with no block mined.
	headBefore := m.Chain().Head()
	alice.fill("pay-amount", "20")
	alice.click("pay-submit")
	bob.waitText("received", "20 ETH")
	bob.waitText("balance-mine", "20 ETH")
	bob.poll("notice", `[...document.querySelectorAll(".notice.ok")].some(e => e.innerText.includes("Received 20 ETH"))`)
	if head := m.Chain().Head(); head != headBefore {
		t.Errorf("the off-chain payment mined blocks: head %d → %d", headBefore, head)
	}
	alice.waitText("sent", "20 ETH")
	alice.waitText("balance-mine", "80 ETH")
	bob.docShot("7-offchain-transfer", "4-offchain-payment")

	// Bob claims.
	bob.click("claim-submit")
	bob.poll("closing", `(document.getElementById("status")||{innerText:""}).innerText.startsWith("closing until block")`)
	bob.shot("8-bob-claim")

	// 100 blocks from the dev panel, then both withdraw.
	bob.click("nav-dev")
	bob.fill("fund-amount", "5")
	bob.click("fund-submit")
	bob.poll("funded", `[...document.querySelectorAll(".notice")].some(e => e.innerText.startsWith("Funded `+bobSigner+` with 5 ETH"))`)
	bob.fill("mine-blocks", "100")
	bob.click("mine-submit")
	bob.poll("mined", `[...document.querySelectorAll(".notice")].some(e => e.innerText.startsWith("Mined 100 blocks"))`)
	bob.gotoChannel(id)
	alice.waitText("status", "closed")
	alice.waitText("withdraw-amount", "80 ETH")
	bob.waitText("withdraw-amount", "20 ETH")
	alice.docShot("9-final-withdrawable", "5-closed-withdrawable")
	for _, w := range []struct {
		u    *user
		addr string
		want *big.Int
	}{{alice, aliceSigner, eth(80)}, {bob, bobSigner, eth(20)}} {
		before := w.u.balance(m, w.addr)
		w.u.click("withdraw-submit")
		w.u.poll("withdrawn", `!!document.getElementById("withdrawn")`)
		got := new(big.Int).Sub(w.u.balance(m, w.addr), before)
		gasBound := new(big.Int).Sub(w.want, big.NewInt(1e15)) // 0.001 ETH of gas at most
		if got.Cmp(w.want) > 0 || got.Cmp(gasBound) < 0 {
			t.Errorf("%s's balance changed by %s wei; want %s minus gas", w.u.name, got, w.want)
		}
	}
	alice.shot("10-withdrawn")
	checkNoSecrets(t, alice, aliceNet, aliceWIF)
	checkNoSecrets(t, bob, bobNet, bobWIF)
	t.Logf("seed demo took %v", time.Since(start).Round(time.Millisecond))
}
