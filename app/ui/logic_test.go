package ui

import (
	"errors"
	"math/big"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/wallet"
	"paychan/internal/testkit/seed"
)

// The seed's public test keys.
const (
	aliceSigner = seed.AliceSigner
	bobQtum     = seed.BobQtum
	bobSigner   = seed.BobSigner
)

func eth(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func TestParseOpen(t *testing.T) {
	bob := common.HexToAddress(bobSigner)
	for _, tt := range []struct {
		name, counterparty, signer, blocks string
		min                                uint64
		want                               openRequest
		wantErr                            bool
	}{
		{"hex fills signer", bobSigner, "", "", 10, openRequest{Bob: bob, BobSigner: bob, Blocks: 100}, false},
		{"qtum with ecrecover: account is the signer on EVM", bobQtum, bobSigner, "", 10, openRequest{Bob: bob, BobSigner: bob, Blocks: 100}, false},
		{"qtum without ecrecover", bobQtum, "", "", 10, openRequest{}, true},
		{"custom period", bobSigner, "", "17", 10, openRequest{Bob: bob, BobSigner: bob, Blocks: 17}, false},
		{"period at the minimum", bobSigner, "", "10", 10, openRequest{Bob: bob, BobSigner: bob, Blocks: 10}, false},
		{"period below the minimum", bobSigner, "", "9", 10, openRequest{}, true},
		{"1-block period", bobSigner, "", "1", 10, openRequest{}, true},
		{"default raised to a real chain's minimum", bobSigner, "", "", 7200, openRequest{Bob: bob, BobSigner: bob, Blocks: 7200}, false},
		{"zero period", bobSigner, "", "0", 10, openRequest{}, true},
		{"bad address", "qNotAnAddress", "", "", 10, openRequest{}, true},
		{"bad checksum", "0x6fd56E72373a34bA39Bf4167aF82e7A411BFED47", "", "", 10, openRequest{}, true},
	} {
		got, err := parseOpen(wallet.EVMChain, tt.counterparty, tt.signer, tt.blocks, tt.min)
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: parseOpen error = %v; want error %v", tt.name, err, tt.wantErr)
			continue
		}
		if err == nil {
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: parseOpen (-want +got):\n%s", tt.name, diff)
			}
		}
	}
}

func TestParseChannelRef(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want uint64
	}{
		{"5", 5}, {" #12 ", 12}, {"http://127.0.0.1:8080/join?id=7", 7}, {"/join?id=3", 3},
		{"", 0}, {"abc", 0}, {"0", 0}, {"http://host/join", 0}, {"-1", 0},
	} {
		got, err := parseChannelRef(tt.in)
		if got != tt.want || (tt.want == 0) != (err != nil) {
			t.Errorf("parseChannelRef(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
		if err != nil && !errors.Is(err, errBadChannelRef) {
			t.Errorf("parseChannelRef(%q) error %v does not wrap errBadChannelRef", tt.in, err)
		}
	}
}

func TestFormatCoins(t *testing.T) {
	for _, tt := range []struct {
		v    *big.Int
		want string
	}{
		{eth(100), "100 ETH"}, {big.NewInt(0), "0 ETH"}, {new(big.Int).Div(eth(1), big.NewInt(2)), "0.5 ETH"}, {nil, "–"},
	} {
		if got := formatCoins(tt.v, 18, "ETH"); got != tt.want {
			t.Errorf("formatCoins(%v) = %q; want %q", tt.v, got, tt.want)
		}
	}
}

func TestStatusText(t *testing.T) {
	st := channel.State{Status: channel.Closing, ClosesAt: 120}
	if got := statusText(st, 50); got != "closing until block 120" {
		t.Errorf("statusText(closing, head 50) = %q", got)
	}
	if got := statusText(st, 120); got != "closed" {
		t.Errorf("statusText(closing, head 120) = %q; want closed", got)
	}
	if got := statusText(channel.State{Status: channel.Open}, 1); got != "open" {
		t.Errorf("statusText(open) = %q", got)
	}
}

// TestChainEventsSettled checks that a settled channel (deposits deleted on
// chain) does not make the core refuse the withdrawal events.
func TestChainEventsSettled(t *testing.T) {
	alice, bob := common.HexToAddress(aliceSigner), common.HexToAddress(bobSigner)
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x1")}, Channel: 1}
	st, err := channel.NewState(id, channel.Bob, channel.Party{Account: alice, Signer: alice}, channel.Party{Account: bob, Signer: bob})
	if err != nil {
		t.Fatal(err)
	}
	apply := func(ch *chainclient.Channel, head uint64) {
		t.Helper()
		for _, ev := range ch.Events(head) {
			n, _, err := channel.ApplyEvent(st, ev)
			if err != nil {
				t.Fatalf("ApplyEvent(%#v): %v", ev, err)
			}
			st = n
		}
	}
	zero := new(big.Int)
	apply(&chainclient.Channel{Status: chainclient.StatusOpen, AliceDeposit: eth(100), BobDeposit: zero, AlicePaid: zero, BobPaid: zero}, 5)
	apply(&chainclient.Channel{Status: chainclient.StatusClosing, ClosesAt: 106, AliceDeposit: eth(100), BobDeposit: zero, AlicePaid: eth(20), BobPaid: zero}, 6)
	if got := statusText(st, 6); got != "closing until block 106" {
		t.Errorf("after claim: %q", got)
	}
	apply(&chainclient.Channel{Status: chainclient.StatusClosed, ClosesAt: 106, AliceDeposit: eth(100), BobDeposit: zero, AlicePaid: eth(20), BobPaid: zero}, 106)
	if got, _ := st.MyPayout(); got.Cmp(eth(20)) != 0 {
		t.Errorf("Bob's payout = %v; want 20 ETH", got)
	}
	// Both withdrew: the contract deleted the deposits.
	apply(&chainclient.Channel{Status: chainclient.StatusClosed, ClosesAt: 106, AliceDeposit: zero, BobDeposit: zero, AlicePaid: eth(20), BobPaid: zero, AliceWithdrawn: true, BobWithdrawn: true}, 107)
	if _, withdrawn := st.MyPayout(); !withdrawn || st.AliceDeposit.Cmp(eth(100)) != 0 {
		t.Errorf("settled: withdrawn %v, alice deposit %v; want true, 100 ETH kept", withdrawn, st.AliceDeposit)
	}
}

// TestKeyScreenNoKey renders the key screen natively (no browser) for a
// wallet without a stored key: the import form, no address.
func TestKeyScreenNoKey(t *testing.T) {
	w := &root{}
	k := newKeyScreen(w)
	disp := app.NewClientTester(k)
	defer disp.Close()
	disp.Consume()
	if err := app.TestMatch(k, app.TestUIDescriptor{
		Path:     app.TestPath(0, 0),
		Expected: app.H2().Text("Import your key"),
	}); err != nil {
		t.Error(err)
	}
	w.hasKey, w.unlocked = true, true
	w.account.Qtum, w.account.Signer = bobQtum, bobSigner
	w.cfg.Symbol, w.cfg.Decimals = "ETH", 18
	w.balance = eth(3)
	k.Rev++
	k.Update()
	disp.Consume()
	if err := app.TestMatch(k, app.TestUIDescriptor{
		Path:     app.TestPath(0, 0),
		Expected: app.H2().Text("Your key"),
	}); err != nil {
		t.Error(err)
	}
	if err := app.TestMatch(k, app.TestUIDescriptor{
		Path:     app.TestPath(0, 1, 2, 1),
		Expected: app.Span().Class("v big").ID("balance-chain").Text("3 ETH"),
	}); err != nil {
		t.Error(err)
	}
}

func TestArchivedNotice(t *testing.T) {
	d := channel.Domain{ChainID: 1337}
	for _, tc := range []struct {
		ids  []channel.ID
		want string
	}{
		{[]channel.ID{{Domain: d, Channel: 1}}, "Channel 1 was set aside in this browser's storage (archived): it is no longer shown"},
		{[]channel.ID{{Domain: d, Channel: 1}, {Domain: d, Channel: 3}}, "Channels 1, 3 were set aside in this browser's storage (archived): they are no longer shown"},
	} {
		if got := archivedNotice(tc.ids); !strings.Contains(got, tc.want) || !strings.HasPrefix(got, "The host's chain was started again from scratch") {
			t.Errorf("archivedNotice(%v) = %q; want it to say %q", tc.ids, got, tc.want)
		}
	}
}

// Limit: a peer's local name is at most maxPeerName bytes, cut at a whole
// character, whatever is typed or pasted.
func TestPeerNameBounded(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Bob  ", "Bob"},
		{strings.Repeat("a", 100), strings.Repeat("a", maxPeerName)},
		// 63 ASCII bytes and a 3-byte character: the character does not fit.
		{strings.Repeat("a", 63) + "€", strings.Repeat("a", 63)},
		{strings.Repeat("€", 30), strings.Repeat("€", 21)},
	} {
		got := peerName(tc.in)
		if got != tc.want || len(got) > maxPeerName || !utf8.ValidString(got) {
			t.Errorf("peerName(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}
