package browserstore

import (
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
)

// countingStorage is textStorage that counts the bytes written and can
// refuse writes of keys with a prefix (a full storage, a tab closed
// between two writes).
type countingStorage struct {
	textStorage
	written int
	refuse  string
}

func (c *countingStorage) SetText(k, v string) error {
	if c.refuse != "" && strings.HasPrefix(k, c.refuse) {
		return errors.New("QuotaExceededError")
	}
	c.written += len(v)
	return c.textStorage.SetText(k, v)
}

// historyKeys returns how many history chunks s holds.
func historyKeys(s mapStorage) int {
	n := 0
	for k := range s {
		if strings.HasPrefix(k, keyHistory) {
			n++
		}
	}
	return n
}

// checkReload reads st's channel with a Store that has read nothing yet,
// and checks it is want, its history included.
func checkReload(t *testing.T, m mapStorage, want channel.State) {
	t.Helper()
	got, err := New(textStorage{m}).LoadChannel(want.ID)
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	if diff := cmp.Diff(want, got, bigEqual, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Fatalf("reloaded state differs (-want +got):\n%s", diff)
	}
}

// TestHistoryInChunks: a payment writes the state without its history and
// the history's last chunk, not the whole history; what is read back (by a
// Store that read nothing before) is the state that was saved.
func TestHistoryInChunks(t *testing.T) {
	cs := &countingStorage{textStorage: textStorage{mapStorage{}}}
	store := New(cs)
	s, book := paidChannel(t, store, channel.HistoryLimit+40)
	if len(s.History) != channel.HistoryLimit {
		t.Fatalf("history of %d entries; want %d", len(s.History), channel.HistoryLimit)
	}
	checkReload(t, cs.mapStorage, s)
	whole, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	cs.written = 0
	s = pay(t, book, s.ID, 1)
	if cs.written > len(whole)/3 {
		t.Errorf("a payment wrote %d bytes; the whole state is %d", cs.written, len(whole))
	}
	t.Logf("a payment wrote %d bytes; the state with its whole history is %d", cs.written, len(whole))
	if text := cs.mapStorage[keyChannel+s.ID.String()]; strings.Contains(text, `"history"`) {
		t.Errorf("the state's text holds its history: %.200s", text)
	}
	checkReload(t, cs.mapStorage, s)
	// The chunks the history left behind are gone.
	if n, want := historyKeys(cs.mapStorage), channel.HistoryLimit/historyChunkLen+1; n > want {
		t.Errorf("%d history chunks stored for %d entries; want at most %d", n, len(s.History), want)
	}
}

// TestHistoryInlineMoves: a state stored before the chunks (its history
// inline) reads as it is, and its next save moves the history out.
func TestHistoryInlineMoves(t *testing.T) {
	m := mapStorage{}
	s, _ := paidChannel(t, New(textStorage{m}), 30)
	old, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for k := range m {
		if strings.HasPrefix(k, keyHistory) {
			delete(m, k)
		}
	}
	m[keyChannel+s.ID.String()] = string(old)
	store := New(textStorage{m})
	got, err := store.LoadChannel(s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.History) != 30 {
		t.Fatalf("an inline history read as %d entries; want 30", len(got.History))
	}
	book := channel.NewBook(store, mustKey(t, aliceWIF).PrivateKey())
	s = pay(t, book, s.ID, 1)
	if text := m[keyChannel+s.ID.String()]; strings.Contains(text, `"history"`) {
		t.Errorf("the state's text still holds its history after a save")
	}
	checkReload(t, m, s)
}

// TestHistoryRenumbered: a history that does not continue the stored one
// (a restore merged two) is written afresh, and the old chunks go.
func TestHistoryRenumbered(t *testing.T) {
	m := mapStorage{}
	store := New(textStorage{m})
	s, _ := paidChannel(t, store, 40)
	s.History = append(channel.History{{Dir: channel.Received, Amount: big.NewInt(7), Total: big.NewInt(7), At: time.Unix(1, 0).UTC()}}, s.History[1:]...)
	if err := store.SaveChannel(s); err != nil {
		t.Fatal(err)
	}
	checkReload(t, m, s)
	// Numbered from the chunk after the old history's last: the two
	// share no chunk (an interrupted save leaves the old one whole).
	if meta, ok := store.storedMeta(s.ID); !ok || meta.First%historyChunkLen != 0 || meta.First < 40 {
		t.Errorf("a renumbered history starts at entry %d (ok %v); want a chunk's first entry after 40", meta.First, ok)
	}
	if n, want := historyKeys(m), (40+historyChunkLen-1)/historyChunkLen; n != want {
		t.Errorf("%d history chunks after a renumbering; want %d", n, want)
	}
	// With no Store's knowledge (another tab's Store, a failed write)
	// the history is written afresh too.
	s.History = s.History[5:]
	if err := New(textStorage{m}).SaveChannel(s); err != nil {
		t.Fatal(err)
	}
	checkReload(t, m, s)
}

// TestHistoryInterrupted: a save that stops after its chunks (the state's
// write refused) leaves the state it replaced readable, whole; a chunk
// that is lost costs only its entries, never the channel.
func TestHistoryInterrupted(t *testing.T) {
	cs := &countingStorage{textStorage: textStorage{mapStorage{}}}
	store := New(cs)
	s, book := paidChannel(t, store, channel.HistoryLimit+3)
	cs.refuse = keyChannel
	if _, _, err := book.Pay(s.ID, big.NewInt(1e15), time.Now()); err == nil {
		t.Fatal("a payment whose state could not be written succeeded")
	}
	checkReload(t, cs.mapStorage, s)
	cs.refuse = ""
	s = pay(t, book, s.ID, 2)
	checkReload(t, cs.mapStorage, s)

	meta, ok := store.storedMeta(s.ID)
	if !ok {
		t.Fatal("no history chunks stored")
	}
	from, to := meta.chunks()
	delete(cs.mapStorage, historyKey(s.ID, (from+to)/2))
	got, err := New(textStorage{cs.mapStorage}).LoadChannel(s.ID)
	if err != nil {
		t.Fatalf("a lost chunk made the channel unreadable: %v", err)
	}
	if len(got.History) >= len(s.History) || len(got.History) < len(s.History)-historyChunkLen {
		t.Errorf("%d entries read with a chunk lost; want %d less at most %d", len(got.History), len(s.History), historyChunkLen)
	}
	if got.Sent.Cmp(s.Sent) != 0 || got.SentSig != s.SentSig {
		t.Errorf("a lost chunk changed the state")
	}
}

// TestHistoryForgotten: forgetting the wallet and archiving its channels
// leave no chunks; an archived state keeps its history.
func TestHistoryForgotten(t *testing.T) {
	m := mapStorage{}
	store := New(textStorage{m})
	s, _ := paidChannel(t, store, 40)
	ids, err := store.ArchiveChannels(s.ID.Domain, [32]byte{1})
	if err != nil || len(ids) != 1 {
		t.Fatalf("ArchiveChannels: %v, %v", ids, err)
	}
	if n := historyKeys(m); n != 0 {
		t.Errorf("%d history chunks after the archive", n)
	}
	a, err := store.LoadArchivedChannel([32]byte{1}, s.ID)
	if err != nil || len(a.History) != 40 {
		t.Fatalf("archived state: %d entries, %v; want 40", len(a.History), err)
	}
	// A state that does not decode is archived as it is.
	s, _ = paidChannel(t, store, 20)
	m[keyChannel+s.ID.String()] = `{"broken`
	if _, err := store.ArchiveChannels(s.ID.Domain, [32]byte{2}); err != nil {
		t.Fatalf("ArchiveChannels of an undecodable state: %v", err)
	}
	if got := m[archiveKey([32]byte{2}, s.ID)]; got != `{"broken` {
		t.Errorf("an undecodable state archived as %q", got)
	}
	s, _ = paidChannel(t, store, 20)
	store.Forget()
	if n := historyKeys(m); n != 0 {
		t.Errorf("%d history chunks after Forget", n)
	}
}

// TestHistoryMetaBounded: a state whose history's place is not one this
// wallet writes (a damaged or foreign value: a huge length, a first entry
// at the end of the numbers) reads at once, its state whole and its
// history empty, and saves again.
func TestHistoryMetaBounded(t *testing.T) {
	for _, meta := range []string{`{"first":0,"len":1000000000000000,"gen":1}`, `{"first":18446744073709551615,"len":3,"gen":1}`, `{"first":0,"len":-5,"gen":1}`} {
		m := mapStorage{}
		store := New(textStorage{m})
		s, _ := paidChannel(t, store, 3)
		key := keyChannel + s.ID.String()
		text := m[key]
		i := strings.Index(text, `"historyMeta":`)
		if i < 0 {
			t.Fatalf("no historyMeta in %.200s", text)
		}
		m[key] = text[:i] + `"historyMeta":` + meta + "}"
		got, err := New(textStorage{m}).LoadChannel(s.ID)
		if err != nil {
			t.Fatalf("meta %s: %v", meta, err)
		}
		if len(got.History) != 0 || got.Sent.Cmp(s.Sent) != 0 {
			t.Errorf("meta %s: %d entries, sent %v; want none and %v", meta, len(got.History), got.Sent, s.Sent)
		}
		s = pay(t, channel.NewBook(New(textStorage{m}), mustKey(t, aliceWIF).PrivateKey()), s.ID, 1)
		checkReload(t, m, s)
	}
}
