package ui

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/amount"
	"paychan/app/channel"
	"paychan/app/payreq"
)

func TestFundsShare(t *testing.T) {
	for _, c := range []struct {
		mine, peer *big.Int
		want       int
		label      string
	}{
		{eth(7), eth(3), 700, "Funds in channel 1: you 7 ETH (70%), your peer 3 ETH (30%)"},
		{eth(0), eth(0), 0, "Funds in channel 1: none yet (you 0 ETH, your peer 0 ETH)"},
		{eth(10), eth(0), 1000, "Funds in channel 1: you 10 ETH (100%), your peer 0 ETH (0%)"},
		{big.NewInt(1), eth(1000), 1, "Funds in channel 1: you 0.000000000000000001 ETH (0.1%), your peer 1000 ETH (99.9%)"},
		{eth(1000), big.NewInt(1), 999, "Funds in channel 1: you 1000 ETH (99.9%), your peer 0.000000000000000001 ETH (0.1%)"},
		{eth(1), eth(2), 333, "Funds in channel 1: you 1 ETH (33.3%), your peer 2 ETH (66.7%)"},
		{nil, eth(2), 0, "Funds in channel 1: you – (0%), your peer 2 ETH (100%)"},
	} {
		got := fundsShare(c.mine, c.peer)
		if got != c.want {
			t.Errorf("fundsShare(%v, %v) = %d; want %d", c.mine, c.peer, got, c.want)
		}
		f := func(v *big.Int) string { return formatCoins(v, 18, "ETH") }
		if l := fundsBarLabel(1, f(c.mine), f(c.peer), got, got == 0 && (c.peer == nil || c.peer.Sign() == 0)); l != c.label {
			t.Errorf("fundsBarLabel = %q; want %q", l, c.label)
		}
	}
}

// TestMakeRequest: the payee's form writes a link the payer's wallet reads
// back as the same channel, amount and payee; a bad amount is refused in
// the channel's unit.
func TestMakeRequest(t *testing.T) {
	bob := common.HexToAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
	alice := common.HexToAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
	st, err := channel.NewState(channel.ID{Channel: 3}, channel.Bob, channel.Party{Account: alice, Signer: alice}, channel.Party{Account: bob, Signer: bob})
	if err != nil {
		t.Fatal(err)
	}
	tusd := amount.Unit{Symbol: "tUSD", Decimals: 6}
	link, err := makeRequest(st, tusd, " 5.250 tUSD ", "http://127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	r, err := payreq.Parse(link)
	if err != nil || r != (payreq.Request{Channel: 3, Amount: "5.25", To: bob}) {
		t.Fatalf("Parse(%q) = %+v, %v; want 5.25 on channel 3 to Bob", link, r, err)
	}
	for typed, want := range map[string]string{
		"0":         "ask for more than 0 tUSD",
		"0.0000001": "tUSD has only 6 decimals",
		"5 ETH":     "not tUSD",
		"":          "amount",
	} {
		if _, err := makeRequest(st, tusd, typed, "http://x"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("makeRequest(%q) = %v; want an error with %q", typed, err, want)
		}
	}
}

// TestQRMadeOnce: a QR code drawn again (every render of its page) is the
// one made before, not encoded again; a different text gets its own.
func TestQRMadeOnce(t *testing.T) {
	qrMade = nil
	a1, ok := qrSVG("http://x/join?id=1", "alt")
	if !ok || a1 == "" {
		t.Fatal("no QR code")
	}
	a2, _ := qrSVG("http://x/join?id=1", "alt")
	if a1 != a2 || len(qrMade) != 1 {
		t.Fatalf("drawn again: %d codes kept", len(qrMade))
	}
	b, _ := qrSVG("http://x/join?id=2", "alt")
	if b == a1 || len(qrMade) != 2 {
		t.Fatalf("another text: same code or %d kept", len(qrMade))
	}
	for i := 0; i < 10; i++ {
		qrSVG(fmt.Sprintf("http://x/join?id=%d", 10+i), "alt")
	}
	if len(qrMade) != qrKept {
		t.Fatalf("kept %d codes; want %d", len(qrMade), qrKept)
	}
	if _, ok := qrSVG(strings.Repeat("x", 5000), "alt"); ok {
		t.Fatal("a text too long for a QR code drew one")
	}
}
