package relay

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Live delivery (README.md, "Live delivery"). When a message's recipient
// is logged in on this host, the relay hands the message to the
// recipient's connection at once and stores it only if the recipient has
// not acknowledged it within Limits.LiveWait (or leaves first). A message
// acknowledged in time is never written to the store nor deleted from it:
// the recipient has persisted it, which is what the sender's stored frame
// promises (the message survives a crash of the relay). Between two
// wallets that are both online, the usual case of a payment, this saves
// the store's write, its delivery through the stream and its delete.
//
// Order per sender is kept by three rules, all under liveHub.mu:
//   - a message goes live only while the recipient's reader has yielded
//     every stream message it knows of (jsSubscription.caughtUp), and no
//     stored message of the same sender to the same recipient is waiting
//     for its acknowledgement on this host (slow);
//   - while live messages of a pair are unsettled (hot), the pair's next
//     message goes live too, or, when the recipient's queue is full, the
//     pending live messages are stored first;
//   - live messages that are not acknowledged in time are stored in the
//     order they were sent, all of the recipient's at once (flush).
//
// Only for a store whose only writer and reader is this host (the
// embedded NATS server: SingleHost): with several hosts, a sender's
// earlier message may be on its way through another one.

// liveSeqBase starts the sequence numbers of live messages, above any
// stream sequence and within JavaScript's exact integers.
const liveSeqBase = 1 << 52

// liveSource is the part of a mailbox reader that live delivery needs
// (jsSubscription).
type liveSource interface {
	caughtUp() bool
	pushDirect(e Envelope, max int) bool
	dropDirect()
}

// SingleHoster is an optional Store method: whether this process is the
// only one writing and reading the store's mailboxes (live delivery is on
// only then).
type SingleHoster interface{ SingleHost() bool }

type pairKey struct{ from, to common.Address }

// liveMsg is one message handed over live, until it is settled:
// acknowledged by its recipient, or stored.
type liveMsg struct {
	e     Envelope // Seq is the live sequence number
	r     *liveReader
	timer *time.Timer
	done  chan struct{} // closed once settled

	// Set before done is closed:
	acked bool                                      // the recipient acknowledged it
	store func(ctx context.Context) (Stored, error) // or it is being stored
	err   error                                     // or the store refused it at once
}

// wait waits until m is settled and returns the result for the sender's
// stored frame.
func (m *liveMsg) wait(ctx context.Context) (Stored, error) {
	select {
	case <-m.done:
	case <-ctx.Done():
		return Stored{}, ctx.Err()
	}
	switch {
	case m.acked:
		return Stored{Seq: m.e.Seq}, nil
	case m.err != nil:
		return Stored{}, m.err
	}
	return m.store(ctx)
}

// liveReader is the one connection of an address that takes live
// messages.
type liveReader struct {
	sub     liveSource
	pending []*liveMsg // unsettled, in the order they were sent
}

// liveHub holds the live messages of one Server.
type liveHub struct {
	wait    time.Duration
	max     int
	maxSlow int
	store   AsyncAppender
	log     *slog.Logger

	mu      sync.Mutex
	next    uint64
	conns   map[common.Address]int // logged-in connections per address
	readers map[common.Address]*liveReader
	msgs    map[uint64]*liveMsg
	hot     map[pairKey]int            // unsettled live messages per pair
	slow    map[pairKey]map[string]int // stored messages per pair (by id) not yet acknowledged here
	nslow   int
	off     bool // slow outgrew maxSlow: live delivery stopped
}

// maxSlow bounds the stored messages live delivery keeps track of (by
// pair and id); beyond it live delivery stops, so that the record of
// them needs no more memory (order is kept by storing everything).
const maxSlow = 1 << 18 // about 40 MB of records at most

// newLiveHub returns the live delivery of a server on store, or nil when
// it is off (limits.LiveWait < 0) or the store does not allow it.
func newLiveHub(store Store, limits Limits, log *slog.Logger) *liveHub {
	aa, ok := store.(AsyncAppender)
	sh, ok2 := store.(SingleHoster)
	if limits.LiveWait < 0 || !ok || !ok2 || !sh.SingleHost() {
		return nil
	}
	return &liveHub{
		wait: limits.LiveWait, max: limits.LiveQueue, maxSlow: maxSlow, store: aa, log: log,
		conns: make(map[common.Address]int), readers: make(map[common.Address]*liveReader),
		msgs: make(map[uint64]*liveMsg), hot: make(map[pairKey]int), slow: make(map[pairKey]map[string]int),
	}
}

// join records a logged-in connection of addr reading sub; it takes live
// messages while it is addr's only one. The returned function, called
// when the connection ends, stores what it has not acknowledged.
func (h *liveHub) join(addr common.Address, sub Subscription, reserved bool) (leave func()) {
	if h == nil {
		return func() {}
	}
	src, ok := sub.(liveSource)
	ok = ok && !reserved
	h.mu.Lock()
	defer h.mu.Unlock()
	h.conns[addr]++
	var r *liveReader
	if other := h.readers[addr]; other != nil {
		// A second connection: both read the stream from now on.
		h.flushLocked(other)
		delete(h.readers, addr)
	} else if ok && h.conns[addr] == 1 {
		r = &liveReader{sub: src}
		h.readers[addr] = r
	}
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.conns[addr]--; h.conns[addr] <= 0 {
			delete(h.conns, addr)
		}
		if r != nil && h.readers[addr] == r {
			h.flushLocked(r)
			delete(h.readers, addr)
		}
	}
}

// send decides how e goes: live (m != nil: the caller waits for m), or
// through the store (m == nil: the caller stores e, and calls stored with
// the outcome). Called on the sender's read loop, so a sender's messages
// are decided in the order it sent them. A sender that is one of the
// host's own services (reserved) always stores (so do messages to one:
// join): a service that answers inside its relay handler and waits for
// the answer's stored frame would otherwise wait for the wallet's
// acknowledgement, while the wallet's hand-off waits for the service's.
func (h *liveHub) send(e Envelope, reserved bool) (m *liveMsg, stored func(st Stored, err error)) {
	if h == nil {
		return nil, func(Stored, error) {}
	}
	k := pairKey{e.From, e.To}
	h.mu.Lock()
	defer h.mu.Unlock()
	if r := h.readers[e.To]; r != nil && !reserved && !h.off && len(h.slow[k]) == 0 && (h.hot[k] > 0 || r.sub.caughtUp()) {
		h.next++
		le := e
		le.Seq = liveSeqBase + h.next
		le.Time = time.Now()
		if r.sub.pushDirect(le, h.max) {
			m := &liveMsg{e: le, r: r, done: make(chan struct{})}
			h.msgs[le.Seq] = m
			h.hot[k]++
			r.pending = append(r.pending, m)
			m.timer = time.AfterFunc(h.wait, func() { h.expire(m) })
			return m, nil
		}
		if h.hot[k] > 0 {
			// The recipient's queue is full: its live messages are
			// stored first, then this one.
			h.flushLocked(r)
		}
	}
	h.noteSlowLocked(k, e.ID)
	return nil, func(st Stored, err error) {
		if notStored(st, err) {
			h.unnoteSlow(k, e.ID)
		}
	}
}

// notStored reports whether a store's answer says for sure that this copy
// was not stored (refused, or a resend of one already stored). Any other
// error (the sender left while waiting, a timeout) may hide a stored copy,
// so its record stays: it then only keeps the pair's later messages out of
// live delivery until the host restarts.
func notStored(st Stored, err error) bool {
	return st.Duplicate || errors.Is(err, ErrQuotaExceeded) || errors.Is(err, ErrStoreFull) || errors.Is(err, ErrTooLarge)
}

// ack settles live message seq, acknowledged by its recipient on this
// host. It reports whether seq was a live message (settled or not).
func (h *liveHub) ack(seq uint64) bool {
	if seq < liveSeqBase {
		return false
	}
	if h == nil {
		return true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	m := h.msgs[seq]
	if m == nil {
		return true // already stored: its stored copy comes again
	}
	for i, p := range m.r.pending {
		if p == m {
			m.r.pending = append(m.r.pending[:i:i], m.r.pending[i+1:]...)
			break
		}
	}
	m.acked = true
	h.settleLocked(m)
	return true
}

// acked records that the recipient acknowledged a stored message of the
// pair (from, to) with id.
func (h *liveHub) acked(from, to common.Address, id string) {
	if h == nil {
		return
	}
	h.unnoteSlow(pairKey{from, to}, id)
}

// expire stores m, and the recipient's other unsettled live messages,
// when m was not acknowledged in time.
func (h *liveHub) expire(m *liveMsg) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.msgs[m.e.Seq]; ok {
		h.flushLocked(m.r)
	}
}

// flushLocked stores r's unsettled live messages in the order they were
// sent. Called with h.mu held, so no message of the same pairs is decided
// meanwhile.
func (h *liveHub) flushLocked(r *liveReader) {
	if len(r.pending) > 0 {
		h.log.Debug("relay: storing live messages not acknowledged in time", "messages", len(r.pending))
	}
	// Every queued live message is one of r.pending: none of them may be
	// yielded once the first is stored.
	r.sub.dropDirect()
	for _, m := range r.pending {
		e := m.e
		e.Seq, e.Time = 0, time.Time{}
		m.store, m.err = h.store.AppendAsync(e)
		if m.err == nil {
			k, id := pairKey{e.From, e.To}, e.ID
			h.noteSlowLocked(k, id)
			store := m.store
			m.store = func(ctx context.Context) (Stored, error) {
				st, err := store(ctx)
				if notStored(st, err) {
					h.unnoteSlow(k, id)
				}
				return st, err
			}
		}
		h.settleLocked(m)
	}
	r.pending = nil
}

// settleLocked ends m's life as a live message.
func (h *liveHub) settleLocked(m *liveMsg) {
	delete(h.msgs, m.e.Seq)
	k := pairKey{m.e.From, m.e.To}
	if h.hot[k]--; h.hot[k] <= 0 {
		delete(h.hot, k)
	}
	m.timer.Stop()
	close(m.done)
}

func (h *liveHub) noteSlowLocked(k pairKey, id string) {
	if h.off {
		return
	}
	ids := h.slow[k]
	if ids == nil {
		ids = make(map[string]int)
		h.slow[k] = ids
	}
	ids[id]++
	if h.nslow++; h.nslow > h.maxSlow {
		h.log.Warn("relay: live delivery stopped until the host restarts: too many stored messages await their acknowledgement", "limit", h.maxSlow)
		h.off = true
		clear(h.slow)
	}
}

func (h *liveHub) unnoteSlow(k pairKey, id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ids := h.slow[k]
	if ids[id] == 0 {
		return
	}
	h.nslow--
	if ids[id]--; ids[id] == 0 {
		delete(ids, id)
		if len(ids) == 0 {
			delete(h.slow, k)
		}
	}
}
