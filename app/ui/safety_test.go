package ui

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"

	"paychan/app/browserstore"
	"paychan/app/channel"
	"paychan/app/wallet"
	"paychan/internal/testkit/seed"
)

const bobWIF = seed.BobWIF

// mustBobState returns Bob's state of a channel with Alice holding
// received (signed by Alice's key) and Bob's own sent total.
func mustBobState(tb testing.TB, received, sent *big.Int) (channel.State, *wallet.Key) {
	tb.Helper()
	bob, err := wallet.ParseWIF(bobWIF)
	if err != nil {
		tb.Fatal(err)
	}
	alice := common.HexToAddress(aliceSigner)
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x1")}, Channel: 1}
	st, err := channel.NewState(id, channel.Bob, channel.Party{Account: alice, Signer: alice}, channel.Party{Account: bob.Signer(), Signer: bob.Signer()})
	if err != nil {
		tb.Fatal(err)
	}
	st.AliceDeposit = eth(400)
	st.Received, st.Sent = received, sent
	st.ReceivedSig[0], st.SentSig[0] = byte(received.Int64()%250+1), byte(sent.Int64()%250+1)
	st.History = []channel.Entry{{Dir: channel.Received, Amount: received, Total: received, At: time.Unix(100, 0)}}
	return st, bob
}

// TestBackupRoundTrip seals a backup and opens it; a wrong passphrase and
// a modified file are refused with clear errors.
func TestBackupRoundTrip(t *testing.T) {
	st, bob := mustBobState(t, eth(500), eth(100))
	b := backupFile{Version: BackupVersion, Created: time.Unix(1700000000, 0).UTC(), WIF: bob.WIF(),
		Account: browserstore.Account{Qtum: bob.QtumAddress(), Signer: bob.Signer().Hex()}, Channels: []channel.State{st}}
	sealed, err := sealBackup(b, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(sealed), bob.WIF()) || strings.Contains(string(sealed), "received") {
		t.Fatalf("the sealed backup is readable: %.200s", sealed)
	}
	got, err := openBackup(sealed, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(b.Channels[0].Received, got.Channels[0].Received, cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 })); diff != "" || got.WIF != bob.WIF() {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if _, err := openBackup(sealed, "wrong passphrase!"); err == nil || !strings.Contains(err.Error(), "wrong passphrase") {
		t.Errorf("wrong passphrase: %v", err)
	}
	bad := []byte(strings.Replace(string(sealed), `"ct":"`, `"ct":"AA`, 1))
	if _, err := openBackup(bad, "correct horse battery"); err == nil {
		t.Error("a modified backup opened")
	}
}

// TestMergeStateOlderBackup restores an older backup over a newer state
// and the reverse: the higher cumulative totals always win.
func TestMergeStateOlderBackup(t *testing.T) {
	older, _ := mustBobState(t, eth(200), eth(100))
	newer, _ := mustBobState(t, eth(500), eth(100))
	newer.History = append(older.History, channel.Entry{Dir: channel.Received, Amount: eth(300), Total: eth(500), At: time.Unix(200, 0)})
	for _, tt := range []struct {
		name       string
		cur, other channel.State
	}{{"older backup over newer", newer, older}, {"newer backup over older", older, newer}} {
		got, err := channel.Merge(tt.cur, tt.other)
		if err != nil {
			t.Fatal(err)
		}
		if got.Received.Cmp(eth(500)) != 0 || got.ReceivedSig != newer.ReceivedSig {
			t.Errorf("%s: received %v; want 500 ETH with its signature", tt.name, got.Received)
		}
		if len(got.History) != 2 {
			t.Errorf("%s: history %d entries; want 2", tt.name, len(got.History))
		}
	}
}

// TestMergeProtection matches watchtower replies by content.
func TestMergeProtection(t *testing.T) {
	prot := func(paid string, until uint64) browserstore.Protection {
		return browserstore.Protection{Paid: paid, Protected: true, Until: until}
	}
	refused := browserstore.Protection{Paid: "500", Refused: "channel 1 is closed", Code: "channel_closed"}
	for _, tt := range []struct {
		name  string
		cur   browserstore.Protection
		have  bool
		reply browserstore.Protection
		want  browserstore.Protection
	}{
		{"first reply", browserstore.Protection{}, false, prot("500", 0), prot("500", 0)},
		{"pending then accepted", browserstore.Protection{Paid: "500"}, true, prot("500", 0), prot("500", 0)},
		{"late duplicate of a lower total", prot("500", 0), true, prot("200", 0), prot("500", 0)},
		{"total_equal keeps the deadline", prot("500", 120), true, prot("500", 0), prot("500", 120)},
		{"closed after protection", prot("500", 0), true, refused, prot("500", 0)},
		{"refused while pending", browserstore.Protection{Paid: "500"}, true, refused, refused},
	} {
		if got := mergeProtection(tt.cur, tt.have, tt.reply); got != tt.want {
			t.Errorf("%s: mergeProtection = %+v; want %+v", tt.name, got, tt.want)
		}
	}
}

func TestProtectionText(t *testing.T) {
	st, _ := mustBobState(t, eth(500), eth(100))
	closing := st
	closing.Status, closing.ClosesAt = channel.Closing, 150
	coins := func(v *big.Int) string { return formatCoins(v, 18, "ETH") }
	for _, tt := range []struct {
		name            string
		st              channel.State
		p               browserstore.Protection
		have, tower, on bool
		want            string
	}{
		{"no watchtower", st, browserstore.Protection{}, false, false, true, "this host runs no watchtower"},
		{"opted out", st, browserstore.Protection{}, false, true, false, "not protected: hand-off to the host is off"},
		{"pending", st, browserstore.Protection{Paid: "500000000000000000000"}, true, true, true, "handing 500 ETH to the host…"},
		{"lower total held", st, browserstore.Protection{Paid: "200000000000000000000", Protected: true}, true, true, true, "handing 500 ETH to the host…"},
		{"protected", st, browserstore.Protection{Paid: "500000000000000000000", Protected: true}, true, true, true, "protected by the host"},
		{"higher total held (older backup)", st, browserstore.Protection{Paid: "600000000000000000000", Protected: true}, true, true, true, "protected by the host"},
		{"until block", st, browserstore.Protection{Paid: "500000000000000000000", Protected: true, Until: 99}, true, true, true, "protected by the host until block 99"},
		{"closing", closing, browserstore.Protection{Paid: "500000000000000000000", Protected: true}, true, true, true, "protected by the host until block 149"},
		{"unfunded", st, browserstore.Protection{Paid: "500000000000000000000", Refused: "no funds", Code: "unfunded"}, true, true, true, "not protected: the host's watchtower is not funded"},
	} {
		if got := protectionText(tt.st, tt.p, tt.have, tt.tower, tt.on, coins); got != tt.want {
			t.Errorf("%s: %q; want %q", tt.name, got, tt.want)
		}
	}
}
