package browserstore

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/app/wallet"
	"paychan/internal/testkit/seed"
)

// mapStorage is an in-memory BrowserStorage that keeps values as JSON text,
// like localStorage.
type mapStorage map[string]string

func (m mapStorage) Set(k string, v any) error {
	b, err := json.Marshal(v)
	m[k] = string(b)
	return err
}
func (m mapStorage) Get(k string, v any) error {
	s, ok := m[k]
	if !ok {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}
func (m mapStorage) Del(k string)            { delete(m, k) }
func (m mapStorage) Len() int                { return len(m) }
func (m mapStorage) Clear()                  { clear(m) }
func (m mapStorage) Key(int) (string, error) { return "", errors.New("unused") }

const aliceWIF = seed.AliceWIF

func mustKey(tb testing.TB, wif string) *wallet.Key {
	tb.Helper()
	k, err := wallet.ParseWIF(wif)
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func TestChannelsSurviveReload(t *testing.T) {
	ls := mapStorage{}
	alice := mustKey(t, aliceWIF)
	bobSigner := common.HexToAddress(seed.BobSigner)
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}, Channel: 5}
	s, err := channel.NewState(id, channel.Alice, channel.Party{Account: alice.Signer(), Signer: alice.Signer()}, channel.Party{Account: bobSigner, Signer: bobSigner})
	if err != nil {
		t.Fatal(err)
	}
	book := channel.NewBook(New(ls), alice.PrivateKey())
	s.FinalizationBlocks = channel.DefaultMinFinalizationBlocks
	if err := book.Add(s); err != nil {
		t.Fatal(err)
	}
	if _, _, err := book.Apply(id, channel.Deposited{Party: channel.Alice, Total: big.NewInt(100)}); err != nil {
		t.Fatal(err)
	}
	paid, _, err := book.Pay(id, big.NewInt(20), time.Unix(1700000000, 0).UTC())
	if err != nil {
		t.Fatal(err)
	}

	// A new Store over the same storage (a page reload) sees the same state.
	again := New(ls)
	ids, err := again.ListChannels()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]channel.ID{id}, ids); diff != "" {
		t.Errorf("ListChannels (-want +got):\n%s", diff)
	}
	got, err := again.LoadChannel(id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(paid, got, cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 })); diff != "" {
		t.Errorf("LoadChannel after reload (-want +got):\n%s", diff)
	}
	if _, err := again.LoadChannel(channel.ID{Domain: id.Domain, Channel: 6}); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("LoadChannel(unknown) = %v; want ErrNotFound", err)
	}
}

func TestKeysOnlySealed(t *testing.T) {
	ls := mapStorage{}
	st := New(ls)
	if _, err := st.LoadKeys(); !errors.Is(err, channel.ErrNotFound) {
		t.Fatalf("LoadKeys on empty storage = %v; want ErrNotFound", err)
	}
	alice := mustKey(t, aliceWIF)
	sealed, err := wallet.SealWith([]byte(alice.WIF()), []byte("correct horse"), wallet.ScryptParams{N: 1 << 10, R: 8, P: 1}, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveKeys(sealed); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAccount(Account{Qtum: alice.QtumAddress(), Signer: alice.Signer().Hex()}); err != nil {
		t.Fatal(err)
	}
	privHex := common.Bytes2Hex(crypto.FromECDSA(alice.PrivateKey()))
	for k, v := range ls {
		if strings.Contains(v, aliceWIF) || strings.Contains(strings.ToLower(v), privHex) {
			t.Errorf("localStorage[%q] holds the private key in clear: %s", k, v)
		}
	}
	back, err := New(ls).LoadKeys()
	if err != nil {
		t.Fatal(err)
	}
	plain, err := wallet.Open(back, []byte("correct horse"))
	if err != nil || string(plain) != aliceWIF {
		t.Errorf("Open(LoadKeys()) = %q, %v; want the WIF", plain, err)
	}
	st.Forget()
	if _, ok, _ := st.LoadAccount(); ok {
		t.Error("account still stored after Forget")
	}
	if _, err := st.LoadKeys(); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("LoadKeys after Forget = %v; want ErrNotFound", err)
	}
}

// TestProtectionAndOptIn keeps the watchtower's answers per channel and the
// opt-in (on by default), and Forget removes both.
func TestProtectionAndOptIn(t *testing.T) {
	m := mapStorage{}
	st := New(m)
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x1")}, Channel: 7}
	if !st.WatchtowerOptIn() {
		t.Error("opt-in is off by default; want on")
	}
	want := Protection{Paid: "500", Protected: true, Until: 42, Watchtower: "0xabc"}
	if err := st.SaveProtection(id, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := st.LoadProtection(id)
	if err != nil || !ok {
		t.Fatalf("LoadProtection = %v, %v", ok, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("protection (-want +got):\n%s", diff)
	}
	if err := st.SetWatchtowerOptIn(false); err != nil || st.WatchtowerOptIn() {
		t.Errorf("after SetWatchtowerOptIn(false): on=%v err=%v", st.WatchtowerOptIn(), err)
	}
	var ms int64
	m["paychan/setting/close-timeout-ms"] = "3000"
	if ok, err := st.Setting("close-timeout-ms", &ms); !ok || err != nil || ms != 3000 {
		t.Errorf("Setting = %v, %v, %d; want 3000", ok, err, ms)
	}
	// Forget removes channel protections listed with the channels.
	s, _ := channel.NewState(id, channel.Alice, channel.Party{Account: common.HexToAddress("0x2"), Signer: common.HexToAddress("0x2")},
		channel.Party{Account: common.HexToAddress("0x3"), Signer: common.HexToAddress("0x3")})
	st.SaveChannel(s)
	st.Forget()
	if _, ok, _ := st.LoadProtection(id); ok || !st.WatchtowerOptIn() {
		t.Errorf("after Forget: protection kept %v, opt-in %v", ok, st.WatchtowerOptIn())
	}
}

// TestArchiveChannels: the channels of a chain that was reset leave the
// list (and the Book) and stay readable in the archive; another domain's
// channels are untouched.
func TestArchiveChannels(t *testing.T) {
	ls := mapStorage{}
	st := New(ls)
	alice := mustKey(t, aliceWIF)
	bobSigner := common.HexToAddress(seed.BobSigner)
	dev := channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
	other := channel.Domain{ChainID: 1, Contract: dev.Contract}
	book := channel.NewBook(st, alice.PrivateKey())
	var states []channel.State
	for _, id := range []channel.ID{{Domain: dev, Channel: 1}, {Domain: dev, Channel: 2}, {Domain: other, Channel: 1}} {
		s, err := channel.NewState(id, channel.Alice, channel.Party{Account: alice.Signer(), Signer: alice.Signer()}, channel.Party{Account: bobSigner, Signer: bobSigner})
		if err != nil {
			t.Fatal(err)
		}
		s.FinalizationBlocks = channel.DefaultMinFinalizationBlocks
		if err := book.Add(s); err != nil {
			t.Fatal(err)
		}
		if s, _, err = book.Apply(id, channel.Deposited{Party: channel.Alice, Total: big.NewInt(100)}); err != nil {
			t.Fatal(err)
		}
		states = append(states, s)
		if err := st.SaveProtection(id, Protection{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok, err := st.ChainMark(dev); ok || err != nil {
		t.Fatalf("ChainMark of a new store = %v, %v; want none", ok, err)
	}
	old := common.HexToHash("0x01")
	if err := st.SetChainMark(dev, old); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := st.ChainMark(dev); !ok || err != nil || got != old {
		t.Fatalf("ChainMark = %s, %v, %v; want %s", got, ok, err, old)
	}

	moved, err := st.ArchiveChannels(dev, old)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]channel.ID{states[0].ID, states[1].ID}, moved); diff != "" {
		t.Errorf("ArchiveChannels moved (-want +got):\n%s", diff)
	}
	list, err := book.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != states[2].ID {
		t.Errorf("after archiving, the book lists %v; want only %s", list, states[2].ID)
	}
	if _, err := book.Get(states[0].ID); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("Get(archived) = %v; want ErrNotFound", err)
	}
	if _, ok, _ := st.LoadProtection(states[0].ID); ok {
		t.Error("the archived channel's protection is still stored")
	}
	got, err := st.LoadArchivedChannel(old, states[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.AliceDeposit.Cmp(big.NewInt(100)) != 0 || got.ID != states[0].ID {
		t.Errorf("archived state %+v; want channel %s with Alice's deposit 100", got, states[0].ID)
	}
	// Nothing left to archive: a second call moves nothing.
	if moved, err := st.ArchiveChannels(dev, old); err != nil || len(moved) != 0 {
		t.Errorf("second ArchiveChannels = %v, %v; want nothing", moved, err)
	}
}
