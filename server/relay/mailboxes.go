package relay

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Mailbox readers share one JetStream consumer per host (see README.md,
// "Storage"): the hub reads every new message of the stream through one
// ordered push consumer over the mailbox wildcard and hands each to the
// readers of its subject on this host. A reader first reads its backlog
// (every message of its mailbox up to the hub's position when it
// registered) by subject from the stream, then the live messages the hub
// handed it, skipping those it already delivered, so it yields its mailbox
// in order with no gap.

// Bounds of the live messages a reader buffers while its connection is
// busy. Beyond them the buffer is dropped and the reader reads those
// messages back from the stream (as backlog), so a slow reader costs no
// more memory.
const (
	readerMaxBuffered      = 512
	readerMaxBufferedBytes = 256 << 10
)

// hubRetry is how often the hub checks that its consumer is alive, and
// recreates it (from the message after the last one it handled) if not.
const hubRetry = time.Second

// hub is the host's one mailbox consumer and its readers.
type hub struct {
	s *JetStreamStore

	mu        sync.Mutex
	sub       *nats.Subscription // nil until started, or after a failure
	processed uint64             // the last stream sequence handed to readers
	readers   map[string][]*jsSubscription
	closed    bool
	watching  bool
	stop      chan struct{}
	wg        sync.WaitGroup
}

func newHub(s *JetStreamStore) *hub {
	return &hub{s: s, readers: make(map[string][]*jsSubscription), stop: make(chan struct{})}
}

// ensure starts the hub's consumer if it is not running. Called with h.mu
// held.
func (h *hub) ensureLocked(ctx context.Context) error {
	if h.closed {
		return errors.New("the store is closed")
	}
	if h.sub != nil && h.sub.IsValid() {
		return nil
	}
	if h.sub == nil && h.processed == 0 {
		// First start: new messages only; earlier ones are every reader's
		// backlog.
		info, err := h.s.stream.Info(ctx)
		if err != nil {
			return fmt.Errorf("stream info: %w", err)
		}
		h.processed = info.State.LastSeq
	}
	sub, err := h.s.legacy.Subscribe(subjectPrefix(h.s.opts.Stream)+">", h.onMsg,
		nats.BindStream(h.s.opts.Stream),
		nats.OrderedConsumer(),
		nats.StartSequence(h.processed+1),
		nats.InactiveThreshold(h.s.opts.ConsumerInactiveThreshold),
		nats.ConsumerMemoryStorage(),
		nats.Description("paychan relay mailbox reader of one host"),
		nats.Context(ctx),
	)
	if err != nil {
		h.sub = nil
		return err
	}
	// The hub never blocks, and a reader that falls behind drops its
	// buffer, so the subscription needs no pending limit.
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		_ = sub.Unsubscribe()
		h.sub = nil
		return err
	}
	h.sub = sub
	if !h.watching {
		h.watching = true
		h.wg.Add(1)
		go h.watch()
	}
	return nil
}

// watch recreates the consumer when nats.go gave it up (an ordered
// consumer that could not be recreated after a reset).
func (h *hub) watch() {
	defer h.wg.Done()
	t := time.NewTicker(hubRetry)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-t.C:
		}
		h.mu.Lock()
		if h.sub != nil && !h.sub.IsValid() || h.sub == nil && len(h.readers) > 0 {
			if h.s.nc.IsClosed() {
				h.mu.Unlock()
				return
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err := h.ensureLocked(ctx)
			cancel()
			if err != nil {
				h.s.logf("relay: restart the mailbox consumer: %v", err)
			}
		}
		h.mu.Unlock()
	}
}

// onMsg hands a new stream message to the readers of its mailbox.
func (h *hub) onMsg(m *nats.Msg) {
	meta, err := m.Metadata()
	if err != nil {
		return
	}
	seq := meta.Sequence.Stream
	h.mu.Lock()
	defer h.mu.Unlock()
	if seq <= h.processed {
		return // a consumer restarted earlier than needed
	}
	h.processed = seq
	rs := h.readers[h.s.mailboxOf(m.Subject)]
	if len(rs) == 0 {
		return // not logged in here (perhaps on another host)
	}
	e := Envelope{ID: m.Header.Get(headerID), Payload: m.Data, Seq: seq, Time: meta.Timestamp}
	from := m.Header.Get(headerFrom)
	if !common.IsHexAddress(from) {
		// Unreadable: let the readers read it themselves and fail.
		for _, r := range rs {
			r.overflow(seq)
		}
		return
	}
	e.From = common.HexToAddress(from)
	for _, r := range rs {
		r.push(e)
	}
}

// add registers a reader of subject; it reads messages up to the hub's
// position from the stream.
func (h *hub) add(ctx context.Context, r *jsSubscription) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.ensureLocked(ctx); err != nil {
		return err
	}
	r.readTo = h.processed
	h.readers[r.subject] = append(h.readers[r.subject], r)
	return nil
}

func (h *hub) remove(r *jsSubscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	rs := h.readers[r.subject]
	for i, x := range rs {
		if x == r {
			rs = append(rs[:i:i], rs[i+1:]...)
			break
		}
	}
	if len(rs) == 0 {
		delete(h.readers, r.subject)
	} else {
		h.readers[r.subject] = rs
	}
}

// close stops the hub and deletes its consumer.
func (h *hub) close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	close(h.stop)
	sub := h.sub
	h.sub = nil
	h.mu.Unlock()
	h.wg.Wait()
	if sub != nil {
		_ = sub.Unsubscribe()
	}
}

// jsSubscription is one connection's reader of a mailbox.
type jsSubscription struct {
	s       *JetStreamStore
	to      common.Address
	subject string
	notify  chan struct{} // cap 1: something was pushed, or closed

	mu       sync.Mutex
	readTo   uint64     // messages up to readTo are read from the stream
	buf      []Envelope // live messages after readTo, in order
	bufBytes int
	cursor   uint64 // the last sequence yielded (Next only)
	closed   bool
	// live holds messages the relay hands over directly (live.go), not
	// through the stream; Next yields them before the stream's.
	live      []Envelope
	liveBytes int
}

// caughtUp reports whether the reader has yielded every stream message it
// knows of: its backlog is read and no live stream message waits in its
// buffer (live.go hands a message over directly only then).
func (r *jsSubscription) caughtUp() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.closed && r.cursor >= r.readTo && len(r.buf) == 0
}

// pushDirect queues e (a message not in the stream) for Next, unless the
// reader is closed or already holds max of them or readerMaxBufferedBytes.
func (r *jsSubscription) pushDirect(e Envelope, max int) bool {
	r.mu.Lock()
	if r.closed || len(r.live) >= max || len(r.live) > 0 && r.liveBytes+len(e.Payload) > readerMaxBufferedBytes {
		r.mu.Unlock()
		return false
	}
	r.live = append(r.live, e)
	r.liveBytes += len(e.Payload)
	r.mu.Unlock()
	r.wake()
	return true
}

// dropDirect removes every queued direct message that Next has not
// yielded yet, at once (so that Next cannot yield a later one of them
// meanwhile).
func (r *jsSubscription) dropDirect() {
	r.mu.Lock()
	defer r.mu.Unlock()
	clear(r.live)
	r.live, r.liveBytes = r.live[:0], 0
}

// push appends a live message, or drops the buffer if it is full.
func (r *jsSubscription) push(e Envelope) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	if len(r.buf) >= readerMaxBuffered || r.bufBytes+len(e.Payload) > readerMaxBufferedBytes {
		r.dropLocked(e.Seq)
	} else {
		e.To = r.to
		r.buf = append(r.buf, e)
		r.bufBytes += len(e.Payload)
	}
	r.mu.Unlock()
	r.wake()
}

// overflow makes the reader read everything up to seq from the stream.
func (r *jsSubscription) overflow(seq uint64) {
	r.mu.Lock()
	r.dropLocked(seq)
	r.mu.Unlock()
	r.wake()
}

func (r *jsSubscription) dropLocked(seq uint64) {
	clear(r.buf)
	r.buf = r.buf[:0]
	r.bufBytes = 0
	if seq > r.readTo {
		r.readTo = seq
	}
}

func (r *jsSubscription) wake() {
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

// errReaderClosed is returned by Next after Close.
var errReaderClosed = errors.New("mailbox reader closed")

// Next implements Subscription.
func (r *jsSubscription) Next(ctx context.Context) (Envelope, error) {
	for {
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			return Envelope{}, errReaderClosed
		}
		if len(r.live) > 0 {
			e := r.live[0]
			r.live[0] = Envelope{}
			r.live = r.live[1:]
			r.liveBytes -= len(e.Payload)
			r.mu.Unlock()
			return e, nil
		}
		if r.cursor < r.readTo {
			// Backlog: the next message of the mailbox up to readTo.
			from, upTo := r.cursor+1, r.readTo
			r.mu.Unlock()
			e, ok, err := r.s.nextInMailbox(ctx, r.to, r.subject, from)
			if err != nil {
				if ctx.Err() != nil {
					return Envelope{}, ctx.Err()
				}
				return Envelope{}, fmt.Errorf("read mailbox %s: %w", r.to.Hex(), err)
			}
			r.mu.Lock()
			if ok && e.Seq <= upTo {
				r.cursor = e.Seq
				r.mu.Unlock()
				return e, nil
			}
			// Nothing more up to upTo (a later one is live or backlog again).
			r.cursor = max(r.cursor, upTo)
			r.mu.Unlock()
			continue
		}
		for len(r.buf) > 0 {
			e := r.buf[0]
			r.buf[0] = Envelope{}
			r.buf = r.buf[1:]
			r.bufBytes -= len(e.Payload)
			if e.Seq <= r.cursor {
				continue
			}
			r.cursor = e.Seq
			r.mu.Unlock()
			return e, nil
		}
		r.mu.Unlock()
		select {
		case <-r.notify:
		case <-ctx.Done():
			return Envelope{}, ctx.Err()
		}
	}
}

// Buffered reports whether Next has a live message to return at once,
// without reading the stream or waiting (the relay then gathers the
// message's frame with the next ones: one write for a burst).
func (r *jsSubscription) Buffered() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return !r.closed && (len(r.live) > 0 || r.cursor >= r.readTo && len(r.buf) > 0 && r.buf[len(r.buf)-1].Seq > r.cursor)
}

// Close implements Subscription.
func (r *jsSubscription) Close() error {
	r.s.hub.remove(r)
	r.mu.Lock()
	r.closed = true
	clear(r.buf)
	r.buf = nil
	r.live, r.liveBytes = nil, 0
	r.mu.Unlock()
	r.wake()
	return nil
}

// nextInMailbox reads the first message of to's mailbox (subject, the
// messages of subject.*) with a
// sequence of at least from; ok is false if there is none.
func (s *JetStreamStore) nextInMailbox(ctx context.Context, to common.Address, subject string, from uint64) (e Envelope, ok bool, err error) {
	m, err := s.stream.GetMsg(ctx, from, jetstream.WithGetMsgSubject(subject+".*"))
	if err != nil {
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return Envelope{}, false, nil
		}
		return Envelope{}, false, err
	}
	e = Envelope{To: to, ID: m.Header.Get(headerID), Payload: m.Data, Seq: m.Sequence, Time: m.Time}
	from2 := m.Header.Get(headerFrom)
	if !common.IsHexAddress(from2) {
		return Envelope{}, false, fmt.Errorf("message %d has no valid sender header", e.Seq)
	}
	e.From = common.HexToAddress(from2)
	return e, true, nil
}
