//go:build browser

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"

	"paychan/app/chainclient"
	"paychan/internal/testkit"
	"paychan/server/host"
)

// exportBackup exports u's encrypted backup from the key screen and
// sealedFields are the fields of wallet.Seal's envelope, the only ones a
// backup file may have.
var sealedFields = map[string]bool{"v": true, "kdf": true, "n": true, "r": true, "p": true,
	"salt": true, "check": true, "nonce": true, "ct": true}

// returns the downloaded file (a real download of the Blob link).
func (u *user) exportBackup(dir string) string {
	u.tb.Helper()
	u.click("nav-key")
	u.fill("backup-passphrase", passphrase)
	u.click("backup-export")
	u.poll("backup link", `!!document.getElementById("backup-link")`)
	bctx := chromedp.FromContext(u.ctx).BrowserContextID
	u.do("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, BrowserContextID: bctx,
			DownloadPath: dir, EventsEnabled: ptrTrue(),
		})
		return err
	}), chromedp.Click(chromedp.ID("backup-link")))
	var file string
	err := testkit.Poll(time.Now().Add(testkit.DefaultWait), func() error {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".crdownload") {
				continue // Chromium renames it when the download completes
			}
			p := filepath.Join(dir, e.Name())
			if b, err := os.ReadFile(p); err == nil && json.Valid(b) {
				// A sealed backup is the passphrase envelope and nothing
				// else: no plaintext field, and not the key in any form.
				var env map[string]json.RawMessage
				if err := json.Unmarshal(b, &env); err != nil {
					u.tb.Fatalf("the backup file is not a sealed envelope: %v", err)
				}
				for k := range env {
					if !sealedFields[k] {
						u.tb.Fatalf("the backup file has a plaintext field %q: %.200s", k, b)
					}
				}
				if env["ct"] == nil || strings.Contains(string(b), aliceWIF) || strings.Contains(string(b), bobWIF) {
					u.tb.Fatalf("the backup file is not encrypted: %.200s", b)
				}
				file = p
				return nil
			}
		}
		if len(entries) == 0 {
			return errors.New("no file yet")
		}
		return fmt.Errorf("%d files, none a complete JSON backup yet", len(entries))
	})
	if err != nil {
		u.shot("failed-download")
		u.tb.Fatalf("%s: the backup was not downloaded to %s: %v", u.name, dir, err)
	}
	return file
}

// restoreBackup restores file in u's fresh browser context.
func (u *user) restoreBackup(file, qtum, signer string) {
	u.tb.Helper()
	u.do("choose backup", chromedp.WaitVisible(chromedp.ID("restore-file")), chromedp.SetUploadFiles(chromedp.ID("restore-file"), []string{file}))
	u.fill("restore-passphrase", passphrase)
	u.click("restore-submit")
	u.waitText("addr-qtum", qtum)
	u.waitText("addr-signer", signer)
	u.poll("relay connected", `(document.getElementById("relay-state")||{}).innerText === "connected"`)
}

// onChain reads channel id from the host's chain.
func onChain(tb testing.TB, m *host.Main, id uint64) *chainclient.Channel {
	tb.Helper()
	cl := chainclient.New(m.Chain().Client(), m.Contract(), m.ChainID())
	ch, err := cl.Channel(context.Background(), id)
	if err != nil {
		tb.Fatalf("read channel %d: %v", id, err)
	}
	return ch
}

// checkReceived checks that addr's on-chain balance changed by want minus
// at most 0.001 ETH of gas since before.
func checkReceived(tb testing.TB, u *user, m *host.Main, addr string, before, want *big.Int) {
	tb.Helper()
	got := new(big.Int).Sub(u.balance(m, addr), before)
	gasBound := new(big.Int).Sub(want, big.NewInt(1e15))
	if got.Cmp(want) > 0 || got.Cmp(gasBound) < 0 {
		tb.Errorf("%s's balance changed by %s wei; want %s minus gas", u.name, got, want)
	}
}

// TestBobOnVacation is the seed's finalization story with paychan's
// answer: Bob's wallet hands its best received payment to the host's
// watchtower, Bob's browser is closed, Alice closes with stale totals, the
// watchtower claims Bob's 500 without him, and after the period Bob
// restores his wallet in a new browser and withdraws his 400.
func TestBobOnVacation(t *testing.T) {
	start := time.Now()
	m, br, alice, bob := mustAliceAndBob(t)
	id := openChannel(t, alice, bob, "400")

	alice.pay("200")
	bob.waitText("received", "200 ETH")
	bob.waitText("protection", "protected by the host")
	bob.pay("100")
	alice.waitText("received", "100 ETH")
	alice.pay("300")
	bob.waitText("received", "500 ETH")
	bob.waitText("balance-mine", "400 ETH")
	bob.waitText("protection", "protected by the host")
	bob.docShot("protected", "6-protected-by-the-host")
	backup := bob.exportBackup(t.TempDir())

	// Bob goes on vacation: his browser context is closed, no page runs.
	bob.close()

	// Alice closes with stale totals: her claim of Bob's 100 leaves what
	// she paid at 0 on chain.
	alice.gotoChannel(id)
	alice.waitText("claim-submit", "Claim 100 ETH")
	alice.click("claim-submit")
	alice.poll("closing", `(document.getElementById("status")||{innerText:""}).innerText.startsWith("closing until block")`)
	// The watchtower (polling every second) claims Bob's 500 before closesAt.
	var ch *chainclient.Channel
	testkit.EventuallyWithin(t, 60*time.Second, "the watchtower claims Bob's 500", func() error {
		if ch = onChain(t, m, id); ch.AlicePaid.Cmp(eth(500)) != 0 {
			return fmt.Errorf("alicePaid %v at block %d (closes at %d)", ch.AlicePaid, ch.Block, ch.ClosesAt)
		}
		return nil
	})
	// Two claims: Alice's stale one (Bob paid 100, Alice 0 on chain), then
	// the watchtower's (Alice paid 500), sent from its own account.
	type claim struct {
		From, Payer common.Address
		Paid        string
	}
	var claims []claim
	ec := m.Chain().Client()
	logs, err := ec.FilterLogs(context.Background(), ethereum.FilterQuery{
		FromBlock: big.NewInt(0), Addresses: []common.Address{m.Contract()},
		Topics: [][]common.Hash{{crypto.Keccak256Hash([]byte("Claimed(uint256,address,uint256,uint64)"))}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range logs {
		tx, _, err := ec.TransactionByHash(context.Background(), l.TxHash)
		if err != nil {
			t.Fatal(err)
		}
		from, err := types.Sender(types.LatestSignerForChainID(new(big.Int).SetUint64(m.ChainID())), tx)
		if err != nil {
			t.Fatal(err)
		}
		if l.BlockNumber >= ch.ClosesAt {
			t.Errorf("claim mined at block %d, closesAt %d", l.BlockNumber, ch.ClosesAt)
		}
		claims = append(claims, claim{from, common.BytesToAddress(l.Topics[2].Bytes()), new(big.Int).SetBytes(l.Data[:32]).String()})
	}
	tower := common.HexToAddress(m.WalletConfig().Watchtower)
	want := []claim{
		{common.HexToAddress(aliceSigner), common.HexToAddress(bobSigner), eth(100).String()},
		{tower, common.HexToAddress(aliceSigner), eth(500).String()},
	}
	if diff := cmp.Diff(want, claims); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	if _, err := m.Chain().Mine(int(ch.FinalizationBlocks) + 1); err != nil {
		t.Fatal(err)
	}
	alice.waitText("status", "closed")
	alice.waitText("withdraw-amount", "0 ETH")

	// Bob is back, in a new browser context, with his backup.
	bob2 := mustUser(t, br, "bob-back")
	bob2.open(m.URL() + "/")
	bob2.restoreBackup(backup, bobQtum, bobSigner)
	bob2.gotoChannel(id)
	bob2.waitText("status", "closed")
	bob2.waitText("withdraw-amount", "400 ETH")
	bob2.shot("closed-in-his-favour")
	before := bob2.balance(m, bobSigner)
	bob2.click("withdraw-submit")
	bob2.poll("withdrawn", `!!document.getElementById("withdrawn")`)
	checkReceived(t, bob2, m, bobSigner, before, eth(400))
	if n := strings.Count(bob2.text("notices"), "Refused"); n != 0 {
		t.Errorf("bob refused %d messages: %s", n, bob2.text("notices"))
	}
	t.Logf("Bob on vacation took %v", time.Since(start).Round(time.Millisecond))
}

// TestCooperativeClose closes a channel by agreement in two browsers. The
// first proposal waits while Bob's wallet is not running: after the
// timeout Alice is offered the unilateral path; when Bob comes back, his
// wallet countersigns, Alice's submits, and both balances arrive in one
// transaction. Reopening the settled channel shows it closed with its
// history and no error.
func TestCooperativeClose(t *testing.T) {
	m := mustHost(t, t.TempDir())
	br := mustBrowser(t)
	alice := mustUser(t, br, "alice")
	bob := mustUser(t, br, "bob")
	alice.open(m.URL() + "/")
	alice.do("short close timeout", chromedp.Evaluate[chromedp.Void](`localStorage.setItem("paychan/setting/close-timeout-ms", "3000")`))
	alice.importKey(aliceWIF, aliceQtum, aliceSigner)
	bob.open(m.URL() + "/")
	bob.importKey(bobWIF, bobQtum, bobSigner)
	id := openChannel(t, alice, bob, "10")
	alice.pay("3")
	bob.waitText("received", "3 ETH")
	bob.pay("1")
	alice.waitText("received", "1 ETH")
	alice.waitText("balance-mine", "8 ETH")

	// Bob's wallet stops (his tab leaves the app); Alice proposes.
	bob.do("leave", chromedp.Navigate("about:blank"))
	alice.click("close-now")
	alice.waitText("close-state", "Close proposed: waiting for your peer to countersign…")
	alice.poll("unilateral offered", `!!document.getElementById("close-timeout")`)
	head := m.Chain().Head()
	if got, want := alice.text("unilateral-block"), fmt.Sprint(head+1+100); got != want {
		t.Errorf("unilateral path: funds at block %s; want %s (head %d + 1 + 100)", got, want, head)
	}
	alice.docShot("close-timeout", "7-close-timeout-unilateral")

	// Bob is back: his wallet countersigns the waiting proposal.
	aliceBefore, bobBefore := alice.balance(m, aliceSigner), bob.balance(m, bobSigner)
	bob.open(m.URL() + "/")
	bob.unlock()
	bob.gotoChannel(id) // the notice is about the channel: shown on its page
	bob.poll("countersigned notice", `[...document.querySelectorAll(".notice")].some(e => e.innerText.includes("proposed to close channel `+fmt.Sprint(id)+` now"))`)
	alice.waitText("status", "closed")
	alice.waitText("close-state", "Closed by agreement: both balances were paid in one transaction.")
	alice.docShot("closed-by-agreement", "8-closed-by-agreement")

	// One transaction paid both: one ClosedCooperatively log, and both
	// balances changed in its block.
	ec := m.Chain().Client()
	logs, err := ec.FilterLogs(context.Background(), ethereum.FilterQuery{
		FromBlock: big.NewInt(0), Addresses: []common.Address{m.Contract()},
		Topics: [][]common.Hash{{crypto.Keccak256Hash([]byte("ClosedCooperatively(uint256,uint256,uint256)"))}},
	})
	if err != nil || len(logs) != 1 {
		t.Fatalf("ClosedCooperatively logs = %d (%v); want 1", len(logs), err)
	}
	rc, err := ec.TransactionReceipt(context.Background(), logs[0].TxHash)
	if err != nil {
		t.Fatal(err)
	}
	blk, err := ec.BlockByNumber(context.Background(), rc.BlockNumber)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(blk.Transactions()); n != 1 {
		t.Errorf("block %v holds %d transactions; want only the close", rc.BlockNumber, n)
	}
	delta := func(addr string) *big.Int {
		prev := new(big.Int).Sub(rc.BlockNumber, big.NewInt(1))
		a, _ := ec.BalanceAt(context.Background(), common.HexToAddress(addr), prev)
		b, _ := ec.BalanceAt(context.Background(), common.HexToAddress(addr), rc.BlockNumber)
		return new(big.Int).Sub(b, a)
	}
	gas := new(big.Int).Mul(new(big.Int).SetUint64(rc.GasUsed), rc.EffectiveGasPrice)
	aliceGot := new(big.Int).Add(delta(aliceSigner), gas) // Alice submitted: she paid the gas
	if aliceGot.Cmp(eth(8)) != 0 || delta(bobSigner).Cmp(eth(2)) != 0 {
		t.Errorf("in block %v: Alice got %v (+gas), Bob %v; want 8 and 2 ETH", rc.BlockNumber, aliceGot, delta(bobSigner))
	}
	checkReceived(t, alice, m, aliceSigner, aliceBefore, eth(8))
	checkReceived(t, bob, m, bobSigner, bobBefore, eth(2))
	if tx := blk.Transactions()[0]; tx.Type() != types.DynamicFeeTxType {
		t.Errorf("close tx type %d", tx.Type())
	}

	// Reopening the settled channel (deposits deleted on chain): closed,
	// the history kept, no error.
	alice.open(m.URL() + "/")
	alice.unlock()
	alice.gotoChannel(id)
	alice.waitText("status", "closed")
	alice.waitText("deposit-mine", "10 ETH")
	alice.waitText("close-state", "Closed by agreement: both balances were paid in one transaction.")
	alice.poll("history", `document.querySelectorAll("#history tr").length === 2`)
	if s := alice.text("notices"); strings.Contains(s, "failed") || strings.Contains(s, "Refused") {
		t.Errorf("alice's notices after reopening: %s", s)
	}
	bob.gotoChannel(id)
	bob.waitText("status", "closed")
	bob.waitText("close-state", "Closed by agreement: both balances were paid in one transaction.")

	// A browser that never saw the channel finds it settled: the deposits
	// (deleted on chain) come from the Deposited events, the payout from
	// the proven totals.
	fresh := mustUser(t, br, "bob-fresh")
	fresh.open(m.URL() + "/")
	fresh.importKey(bobWIF, bobQtum, bobSigner)
	fresh.click("nav-channels")
	fresh.click(fmt.Sprintf("open-channel-%d", id))
	fresh.waitText("status", "closed")
	fresh.waitText("deposit-peer", "10 ETH")
	fresh.waitText("withdraw-amount", "2 ETH")
	fresh.poll("withdrawn", `!!document.getElementById("withdrawn")`)
	if s := fresh.text("notices"); strings.Contains(s, "failed") || strings.Contains(s, "Refused") {
		t.Errorf("fresh browser's notices: %s", s)
	}
}

// TestBackupRestore exports Bob's backup, keeps paying after it (so the
// backup is older), closes his browser, restores the backup in a new
// context, receives the missed payment (the sync) and a new one there,
// then claims and withdraws.
func TestBackupRestore(t *testing.T) {
	m, br, alice, bob := mustAliceAndBob(t)
	id := openChannel(t, alice, bob, "20")
	alice.pay("5")
	bob.waitText("received", "5 ETH")
	backup := bob.exportBackup(t.TempDir())
	alice.pay("2") // after the backup
	bob.gotoChannel(id)
	bob.waitText("received", "7 ETH")
	bob.close()

	bob2 := mustUser(t, br, "bob-restored")
	bob2.open(m.URL() + "/")
	bob2.restoreBackup(backup, bobQtum, bobSigner)
	bob2.gotoChannel(id)
	// The backup held 5; the sync brings Alice's newer total back.
	bob2.waitText("received", "7 ETH")
	alice.pay("1")
	bob2.waitText("received", "8 ETH")
	bob2.waitText("balance-mine", "8 ETH")
	bob2.poll("history", `document.querySelectorAll("#history tr").length === 3`)
	bob2.waitText("protection", "protected by the host")
	bob2.shot("restored")

	bob2.waitText("claim-submit", "Claim 8 ETH")
	bob2.click("claim-submit")
	bob2.poll("closing", `(document.getElementById("status")||{innerText:""}).innerText.startsWith("closing until block")`)
	if _, err := m.Chain().Mine(101); err != nil {
		t.Fatal(err)
	}
	bob2.waitText("status", "closed")
	bob2.waitText("withdraw-amount", "8 ETH")
	before := bob2.balance(m, bobSigner)
	bob2.click("withdraw-submit")
	bob2.poll("withdrawn", `!!document.getElementById("withdrawn")`)
	checkReceived(t, bob2, m, bobSigner, before, eth(8))
}
