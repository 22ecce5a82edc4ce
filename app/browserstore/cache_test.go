package browserstore

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/internal/testkit/seed"
)

// textStorage is mapStorage with TextStorage's text access (localStorage's
// shape in the browser).
type textStorage struct{ mapStorage }

func (t textStorage) GetText(k string) string { return t.mapStorage[k] }
func (t textStorage) SetText(k, v string) error {
	t.mapStorage[k] = v
	return nil
}

var bigEqual = cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 })

// paidChannel stores a channel in store with n payments made (a history
// that holds time.Now readings) and returns the last state and the book
// (to pay more).
func paidChannel(tb testing.TB, store *Store, n int) (channel.State, *channel.Book) {
	tb.Helper()
	alice := mustKey(tb, aliceWIF)
	bobSigner := common.HexToAddress(seed.BobSigner)
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}, Channel: 5}
	s, err := channel.NewState(id, channel.Alice, channel.Party{Account: alice.Signer(), Signer: alice.Signer()}, channel.Party{Account: bobSigner, Signer: bobSigner})
	if err != nil {
		tb.Fatal(err)
	}
	book := channel.NewBook(store, alice.PrivateKey())
	s.FinalizationBlocks = channel.DefaultMinFinalizationBlocks
	if err := book.Add(s); err != nil {
		tb.Fatal(err)
	}
	if _, _, err := book.Apply(id, channel.Deposited{Party: channel.Alice, Total: big.NewInt(1e18)}); err != nil {
		tb.Fatal(err)
	}
	return pay(tb, book, id, n), book
}

// pay makes n payments of 0.001 in channel id.
func pay(tb testing.TB, book *channel.Book, id channel.ID, n int) (s channel.State) {
	tb.Helper()
	var err error
	for i := 0; i < n; i++ {
		if s, _, err = book.Pay(id, big.NewInt(1e15), time.Now()); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

// A state read back from the Store's memory is the state a fresh Store
// (a page reload) decodes from the same storage, and a change to it does
// not reach the next read.
func TestStateCacheMatchesDecode(t *testing.T) {
	for name, mk := range map[string]func() (*Store, *Store){
		"text storage":     func() (*Store, *Store) { ls := textStorage{mapStorage{}}; return New(ls), New(ls) },
		"decoding storage": func() (*Store, *Store) { ls := mapStorage{}; return New(ls), New(ls) },
	} {
		t.Run(name, func(t *testing.T) {
			store, fresh := mk()
			last, _ := paidChannel(t, store, 5)
			mem, err := store.LoadChannel(last.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(store.states) != 1 {
				t.Fatalf("the store keeps %d states; want the one it wrote", len(store.states))
			}
			dec, err := fresh.LoadChannel(last.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(dec, mem, bigEqual); diff != "" {
				t.Errorf("state from memory vs decoded (-decoded +memory):\n%s", diff)
			}
			for i := range mem.History {
				if !mem.History[i].At.Equal(dec.History[i].At) || mem.History[i].At.String() != dec.History[i].At.String() {
					t.Errorf("history %d at %v from memory, %v decoded", i, mem.History[i].At, dec.History[i].At)
				}
			}
			// The copy handed out is the caller's.
			mem.History[0].Amount = big.NewInt(7)
			mem.History = mem.History[:1]
			again, err := store.LoadChannel(last.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(dec, again, bigEqual); diff != "" {
				t.Errorf("a change to a read state reached the next read (-want +got):\n%s", diff)
			}
		})
	}
}

// Another writer of the same storage (a second tab of the wallet, Forget)
// is seen at the next read: the memory only saves decoding the text it
// holds.
func TestStateCacheSeesOtherWriters(t *testing.T) {
	ls := textStorage{mapStorage{}}
	tab1, tab2 := New(ls), New(ls)
	s, book := paidChannel(t, tab1, 2)
	if got, err := tab2.LoadChannel(s.ID); err != nil || got.Sent.Cmp(s.Sent) != 0 {
		t.Fatalf("tab 2 reads sent %v, %v; want %v", got.Sent, err, s.Sent)
	}
	s3 := pay(t, book, s.ID, 3) // tab 1 writes the channel again
	got, err := tab2.LoadChannel(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Sent.Cmp(s3.Sent) != 0 || len(got.History) != len(s3.History) {
		t.Errorf("tab 2 reads sent %v with %d payments after tab 1 wrote %v with %d", got.Sent, len(got.History), s3.Sent, len(s3.History))
	}
	if ids, err := tab2.ListChannels(); err != nil || len(ids) != 1 {
		t.Errorf("tab 2 lists %v, %v", ids, err)
	}
	tab1.Forget()
	if _, err := tab2.LoadChannel(s.ID); !errors.Is(err, channel.ErrNotFound) {
		t.Errorf("tab 2 reads a forgotten channel: %v", err)
	}
	if ids, err := tab2.ListChannels(); err != nil || len(ids) != 0 {
		t.Errorf("tab 2 lists %v, %v after Forget", ids, err)
	}
}

// TestChannelListSeesOtherWriters: the channel list, kept as last read,
// is read again when another Store (another tab) changed it.
func TestChannelListSeesOtherWriters(t *testing.T) {
	ls := textStorage{mapStorage{}}
	a, b := New(ls), New(ls)
	s, _ := paidChannel(t, a, 1)
	ids, err := a.ListChannels()
	if err != nil || len(ids) != 1 {
		t.Fatalf("ListChannels: %v, %v; want 1 channel", ids, err)
	}
	ids[0] = channel.ID{} // the caller's copy
	other := s
	other.ID.Channel = 6
	if err := b.SaveChannel(other); err != nil {
		t.Fatal(err)
	}
	ids, err = a.ListChannels()
	if err != nil || len(ids) != 2 || ids[0] != s.ID || ids[1] != other.ID {
		t.Fatalf("after another Store added channel 6: %v, %v; want channels 5 and 6", ids, err)
	}
}
