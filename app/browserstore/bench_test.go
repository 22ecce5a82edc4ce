package browserstore

import (
	"encoding/json"
	"testing"

	"paychan/app/channel"
)

// BenchmarkStore is one payment's store work on a channel with a full
// history (channel.HistoryLimit payments), over a storage with TextStorage
// as localStorage is in the browser: the state's JSON encoding alone
// (State.JSON, and encoding/json's reflection for comparison), a save, a load of the text the Store wrote (from its memory), and a load
// by another Store (decoded: a reload, or another tab's write).
func BenchmarkStore(b *testing.B) {
	ls := textStorage{mapStorage{}}
	store := New(ls)
	st, _ := paidChannel(b, store, 105)
	b.Run("encode-reflection", func(b *testing.B) {
		// What encoding/json alone costs: the state without its
		// history, and the history as a plain []channel.Entry.
		rest, h := st, []channel.Entry(st.History)
		rest.History = nil
		for i := 0; i < b.N; i++ {
			if _, err := json.Marshal(rest); err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(h); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := st.JSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("save", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if err := store.SaveChannel(st); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load-memory", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := store.LoadChannel(st.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load-decoded", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := New(ls).LoadChannel(st.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Logf("state JSON: %d bytes", len(ls.mapStorage[keyChannel+st.ID.String()]))
}

// BenchmarkSavePayment is the save of one payment's state on a channel
// with a full history: each save is the state after the last one plus a
// payment (what a payer's or payee's save is), over a storage with
// TextStorage. It reports the bytes written per save.
func BenchmarkSavePayment(b *testing.B) {
	// The states, made on a memory store.
	const n = 512
	mem := New(textStorage{mapStorage{}})
	st, book := paidChannel(b, mem, channel.HistoryLimit)
	states := make([]channel.State, n)
	for i := range states {
		states[i] = pay(b, book, st.ID, 1)
	}
	cs := &countingStorage{textStorage: textStorage{mapStorage{}}}
	store := New(cs)
	if err := store.SaveChannel(st); err != nil {
		b.Fatal(err)
	}
	cs.written = 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := store.SaveChannel(states[i%n]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cs.written)/float64(b.N), "B/save")
}
