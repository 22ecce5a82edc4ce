package browserstore

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"

	"paychan/app/channel"
)

// A channel's history (channel.State.History, its last HistoryLimit
// payments) is stored apart from the rest of its state, in chunks of
// historyChunkLen entries: a payment then rewrites the channel's state
// without its history (about 1 KB) and the history's last chunk, not the
// whole history (about 12 KB with a full one), on each side, on every
// payment.
//
// The entries are numbered from the channel's first stored one: the
// state's text carries historyMeta (the number of History[0] and how many
// there are), and chunk k holds the entries numbered k*historyChunkLen to
// (k+1)*historyChunkLen-1 that are in the history. The chunks a save
// changes are written before the state, and the chunks it leaves out are
// deleted after it: an interrupted save leaves the state it replaced whole
// with a history that reads as before or with its newest entries. The
// history only tells the user what happened; nothing the wallet decides
// or signs reads it, so a chunk that is missing or unreadable loses only
// its entries from the list, never the channel.
//
// States written before this layout hold their history inline (no
// historyMeta); they read as they are, and their next save moves the
// history into chunks.

// keyHistory + ID.String() + "/" + chunk number: a historyChunk.
const keyHistory = "paychan/history/"

// historyChunkLen is how many entries a chunk holds.
const historyChunkLen = 16

// historyMeta locates a state's history: entries First to First+Len-1.
// Gen grows at every save, so that the state's text changes whenever its
// history does (the Store's cache compares texts).
type historyMeta struct {
	First uint64 `json:"first"`
	Len   int    `json:"len"`
	Gen   uint64 `json:"gen"`
}

// maxHistoryLen bounds a stored historyMeta's Len: a history holds
// channel.HistoryLimit entries, so a larger one is not this wallet's
// writing (a damaged or foreign value), and reading or deleting its chunks
// one by one would not end.
const maxHistoryLen = 16 * channel.HistoryLimit

// valid reports whether m can be a stored history's place.
func (m historyMeta) valid() bool {
	return m.Len >= 0 && m.Len <= maxHistoryLen && m.First <= math.MaxUint64-maxHistoryLen-historyChunkLen
}

// chunks returns the chunk numbers holding m's entries (from > to if none,
// or if m is not valid).
func (m historyMeta) chunks() (from, to uint64) {
	if m.Len <= 0 || !m.valid() {
		return 1, 0
	}
	return m.First / historyChunkLen, (m.First + uint64(m.Len) - 1) / historyChunkLen
}

// historyChunk is a chunk's stored form: entries numbered From onwards.
type historyChunk struct {
	From    uint64          `json:"from"`
	Entries []channel.Entry `json:"entries"`
}

func historyKey(id channel.ID, chunk uint64) string {
	return keyHistory + id.String() + "/" + strconv.FormatUint(chunk, 10)
}

// storedWithMeta is a state's stored text: channel.State's fields and
// historyMeta (absent in states stored with their history inline).
type storedWithMeta struct {
	channel.State
	Meta *historyMeta `json:"historyMeta,omitempty"`
}

// stateText returns s's stored text without its history, and m.
func stateText(s channel.State, m historyMeta) ([]byte, error) {
	s.History = nil
	b, err := s.JSON()
	if err != nil {
		return nil, err
	}
	mb, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	b = append(b[:len(b)-1], `,"historyMeta":`...)
	b = append(b, mb...)
	return append(b, '}'), nil
}

// chunkText returns chunk k of the history h whose entries are numbered
// from first.
func chunkText(h channel.History, first, k uint64) ([]byte, error) {
	lo := max(k*historyChunkLen, first)
	hi := min((k+1)*historyChunkLen, first+uint64(len(h)))
	entries, err := h[lo-first : hi-first].MarshalJSON()
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, len(entries)+32)
	b = append(b, `{"from":`...)
	b = strconv.AppendUint(b, lo, 10)
	b = append(b, `,"entries":`...)
	b = append(b, entries...)
	return append(b, '}'), nil
}

// readHistory reads the history m locates for channel id. Entries it
// cannot read are left out.
func (st *Store) readHistory(id channel.ID, m historyMeta) channel.History {
	from, to := m.chunks()
	if from > to {
		return nil
	}
	h := make(channel.History, 0, m.Len)
	next, end := m.First, m.First+uint64(m.Len)
	for k := from; k <= to && from <= to; k++ {
		text, err := st.text(historyKey(id, k))
		if err != nil || text == "" {
			continue // a missing chunk leaves its entries out
		}
		var c historyChunk
		if err := json.Unmarshal([]byte(text), &c); err != nil {
			continue
		}
		for i, e := range c.Entries {
			if n := c.From + uint64(i); n >= next && n < end && n/historyChunkLen == k {
				h = append(h, e)
				next = n + 1
			}
		}
	}
	if len(h) == 0 {
		return nil
	}
	return h
}

// placeHistory numbers the history h of a save, given the history old
// stored last (numbered from om.First): h continues old if some tail of
// old, from its entry d on, is h's beginning (a payment appended, the
// oldest entries dropped at HistoryLimit); then the entries old already
// stored keep their numbers and only those after are written. Otherwise
// (a restore merged histories, a flag changed) h is numbered afresh from
// the chunk after old's last. dirty is the number of h's first entry
// that needs writing.
func placeHistory(old channel.History, om historyMeta, h channel.History) (first, dirty uint64) {
	// d stops before len(old): an empty tail continues anything, but then
	// nothing of old is kept and h's first chunk would be old's last.
	for d := 0; d < max(len(old), 1); d++ {
		n := len(old) - d
		if n > len(h) || !sameEntries(old[d:], h[:n]) {
			continue
		}
		first = om.First + uint64(d)
		return first, first + uint64(n)
	}
	first = om.after()
	return first, first
}

// after is the number of the first entry of the chunk after m's last (a
// history numbered from there shares no chunk with m's).
func (m historyMeta) after() uint64 {
	return (m.First + uint64(m.Len) + historyChunkLen - 1) / historyChunkLen * historyChunkLen
}

// sameEntries reports whether a and b hold the same entries.
func sameEntries(a, b []channel.Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Dir != y.Dir || x.Recovered != y.Recovered || !x.At.Equal(y.At) || !bigEq(x.Amount, y.Amount) || !bigEq(x.Total, y.Total) {
			return false
		}
	}
	return true
}

func bigEq(a, b *big.Int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Cmp(b) == 0
}
