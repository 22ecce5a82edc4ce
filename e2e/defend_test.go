//go:build browser

package e2e

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"

	"paychan/app/chainclient"
	"paychan/app/wallet"
)

// TestBrowserDefendsAgainstStaleClose is issue 11's "done means" for the
// browser: Bob's page is open with the watchtower hand-off off; Alice
// deposits 100, pays Bob 30, then calls startClose proving nothing (her
// stale total 0). Bob's open page claims his best received total, 30,
// from his own account before closesAt, without a click; after the
// period Bob withdraws his 30.
func TestBrowserDefendsAgainstStaleClose(t *testing.T) {
	m, _, alice, bob := mustAliceAndBob(t)
	id := openChannel(t, alice, bob, "100")
	// Bob turns the hand-off to the host's watchtower off: his own page
	// must defend him.
	bob.clickUntil("watch-optin", "hand-off off", `!document.getElementById("watch-optin").checked`)

	alice.pay("30")
	bob.waitText("received", "30 ETH")

	// Alice closes alone with a lower total than she signed (outside her
	// wallet: the attacker is code).
	ak, err := wallet.ParseWIF(aliceWIF)
	if err != nil {
		t.Fatal(err)
	}
	cl := chainclient.New(m.Chain().Client(), m.Contract(), m.ChainID())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := cl.StartClose(ctx, ak.PrivateKey(), id, nil); err != nil {
		t.Fatal(err)
	}
	// The receipt can come a moment before the state at the new head on a
	// loaded machine (seen once with the fuzz targets running alongside).
	started := onChain(t, m, id)
	for until := time.Now().Add(10 * time.Second); started.Status == chainclient.StatusOpen && time.Now().Before(until); {
		time.Sleep(50 * time.Millisecond)
		started = onChain(t, m, id)
	}
	if started.Status != chainclient.StatusClosing || started.AlicePaid.Sign() != 0 {
		t.Fatalf("after Alice's startClose: status %v, Alice paid %v; want closing with 0", started.Status, started.AlicePaid)
	}
	// Blocks are mined only by transactions: Bob's claim must land while
	// the channel is closing.
	ch := onChain(t, m, id)
	deadline := time.Now().Add(60 * time.Second)
	for ch.AlicePaid.Cmp(eth(30)) != 0 {
		if time.Now().After(deadline) {
			bob.shot("no-defence")
			t.Fatalf("Bob's page did not claim: alicePaid %v at block %d (closes at %d); notices: %s", ch.AlicePaid, ch.Block, ch.ClosesAt, bob.text("notices"))
		}
		time.Sleep(100 * time.Millisecond)
		ch = onChain(t, m, id)
	}
	// One claim, Bob's, from Bob's own account, before closesAt.
	type claim struct {
		From, Payer common.Address
		Paid        string
	}
	var claims []claim
	ec := m.Chain().Client()
	logs, err := ec.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: big.NewInt(0), Addresses: []common.Address{m.Contract()},
		Topics: [][]common.Hash{{crypto.Keccak256Hash([]byte("Claimed(uint256,address,uint256,uint64)"))}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range logs {
		tx, _, err := ec.TransactionByHash(ctx, l.TxHash)
		if err != nil {
			t.Fatal(err)
		}
		from, err := types.Sender(types.LatestSignerForChainID(new(big.Int).SetUint64(m.ChainID())), tx)
		if err != nil {
			t.Fatal(err)
		}
		if l.BlockNumber >= started.ClosesAt {
			t.Errorf("claim mined at block %d, closesAt %d", l.BlockNumber, started.ClosesAt)
		}
		claims = append(claims, claim{from, common.BytesToAddress(l.Topics[2].Bytes()), new(big.Int).SetBytes(l.Data[:32]).String()})
	}
	want := []claim{{common.HexToAddress(bobSigner), common.HexToAddress(aliceSigner), eth(30).String()}}
	if diff := cmp.Diff(want, claims); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}

	if _, err := m.Chain().Mine(int(started.FinalizationBlocks) + 1); err != nil {
		t.Fatal(err)
	}
	bob.waitText("status", "closed")
	bob.waitText("withdraw-amount", "30 ETH")
	before := bob.balance(m, bobSigner)
	bob.click("withdraw-submit")
	bob.poll("withdrawn", `!!document.getElementById("withdrawn")`)
	checkReceived(t, bob, m, bobSigner, before, eth(30))
	if n := strings.Count(bob.text("notices"), "Refused"); n != 0 {
		t.Errorf("bob refused %d messages: %s", n, bob.text("notices"))
	}
}
