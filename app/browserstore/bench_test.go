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
