package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go"
)

// AsyncAcker is an optional Store method for pipelining acknowledgements:
// AckAsync starts removing message seq from to's mailbox (as Ack does) and
// returns at once; done is called once with Ack's result, from another
// goroutine, within a bounded time. The relay uses it, when the Store has
// it, so that acknowledgements do not wait for each other.
type AsyncAcker interface {
	AckAsync(to common.Address, seq uint64, done func(error))
}

var _ AsyncAcker = (*JetStreamStore)(nil)

// JetStream API error codes of a message that is not (or no longer) there.
const (
	errCodeNoMessageFound   = 10037
	errCodeSequenceNotFound = 10043
)

// ackTimeout bounds the wait for the answer to a delete request.
const ackTimeout = 10 * time.Second

// deleter sends the JetStream API's message delete requests, many in
// flight on the one connection, and matches the answers on one
// subscription (instead of a request, an inbox and a timer each).
type deleter struct {
	s       *JetStreamStore
	subject string // the API subject of message deletes
	inbox   string // answers arrive on inbox.<id>

	mu      sync.Mutex
	sub     *nats.Subscription
	next    uint64
	pending map[uint64]*pendingAck
	stop    chan struct{}
	stopped bool
	wg      sync.WaitGroup
}

type pendingAck struct {
	to   common.Address
	seq  uint64
	sent time.Time
	done func(error)
}

func newDeleter(s *JetStreamStore) *deleter {
	return &deleter{
		s:       s,
		subject: "$JS.API.STREAM.MSG.DELETE." + s.opts.Stream,
		pending: make(map[uint64]*pendingAck),
		stop:    make(chan struct{}),
	}
}

// startLocked subscribes to the answers. Called with d.mu held.
func (d *deleter) startLocked() error {
	if d.sub != nil {
		return nil
	}
	d.inbox = d.s.nc.NewInbox()
	sub, err := d.s.nc.Subscribe(d.inbox+".*", d.onReply)
	if err != nil {
		return err
	}
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		_ = sub.Unsubscribe()
		return err
	}
	d.sub = sub
	d.wg.Add(1)
	go d.expire()
	return nil
}

// AckAsync implements AsyncAcker with a JetStream message delete request.
func (s *JetStreamStore) AckAsync(to common.Address, seq uint64, done func(error)) {
	d := s.deleter
	d.mu.Lock()
	if d.stopped {
		d.mu.Unlock()
		done(fmt.Errorf("ack %d in mailbox %s: the store is closed", seq, to.Hex()))
		return
	}
	if err := d.startLocked(); err != nil {
		d.mu.Unlock()
		done(fmt.Errorf("ack %d in mailbox %s: %w", seq, to.Hex(), err))
		return
	}
	d.next++
	id := d.next
	d.pending[id] = &pendingAck{to: to, seq: seq, sent: time.Now(), done: done}
	d.mu.Unlock()

	var buf [64]byte
	req := append(strconv.AppendUint(append(buf[:0], `{"seq":`...), seq, 10), `,"no_erase":true}`...)
	var rb [96]byte
	reply := strconv.AppendUint(append(append(rb[:0], d.inbox...), '.'), id, 10)
	if err := s.nc.PublishRequest(d.subject, string(reply), req); err != nil {
		if p := d.take(id); p != nil {
			p.done(fmt.Errorf("ack %d in mailbox %s: %w", seq, to.Hex(), err))
		}
	}
}

// take removes and returns the pending ack id (nil if it is gone).
func (d *deleter) take(id uint64) *pendingAck {
	d.mu.Lock()
	defer d.mu.Unlock()
	p := d.pending[id]
	delete(d.pending, id)
	return p
}

// onReply completes the ack an answer is for.
func (d *deleter) onReply(m *nats.Msg) {
	i := len(m.Subject) - 1
	for i >= 0 && m.Subject[i] != '.' {
		i--
	}
	id, err := strconv.ParseUint(m.Subject[i+1:], 10, 64)
	if err != nil {
		return
	}
	p := d.take(id)
	if p == nil {
		return // expired
	}
	p.done(deleteResult(p, m.Data))
}

// deleteResult maps the answer to a delete request; a message that is
// already gone is not an error.
func deleteResult(p *pendingAck, data []byte) error {
	if bytes.Contains(data, []byte(`"success":true`)) {
		return nil
	}
	var resp struct {
		Success bool `json:"success"`
		Error   *struct {
			Code        int    `json:"code"`
			ErrCode     int    `json:"err_code"`
			Description string `json:"description"`
		} `json:"error"`
	}
	if err := json.Unmarshal(data, &resp); err != nil {
		return fmt.Errorf("ack %d in mailbox %s: bad answer %.100q: %w", p.seq, p.to.Hex(), data, err)
	}
	switch {
	case resp.Success:
		return nil
	case resp.Error == nil:
		return fmt.Errorf("ack %d in mailbox %s: delete failed", p.seq, p.to.Hex())
	case resp.Error.ErrCode == errCodeSequenceNotFound || resp.Error.ErrCode == errCodeNoMessageFound || strings.Contains(resp.Error.Description, "not found") || strings.Contains(resp.Error.Description, "no message found"):
		return nil // already gone
	}
	return fmt.Errorf("ack %d in mailbox %s: %s (%d)", p.seq, p.to.Hex(), resp.Error.Description, resp.Error.ErrCode)
}

// expire fails the acks whose answers did not come within ackTimeout.
func (d *deleter) expire() {
	defer d.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-d.stop:
			return
		case <-t.C:
		}
		d.failOlder(time.Now().Add(-ackTimeout), errors.New("no answer from JetStream"))
	}
}

// failOlder fails the pending acks sent before t.
func (d *deleter) failOlder(t time.Time, err error) {
	var late []*pendingAck
	d.mu.Lock()
	for id, p := range d.pending {
		if p.sent.Before(t) {
			late = append(late, p)
			delete(d.pending, id)
		}
	}
	d.mu.Unlock()
	for _, p := range late {
		p.done(fmt.Errorf("ack %d in mailbox %s: %w", p.seq, p.to.Hex(), err))
	}
}

// close waits a moment for the answers in flight, then fails the rest.
func (d *deleter) close() {
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		d.mu.Lock()
		n := len(d.pending)
		d.mu.Unlock()
		if n == 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	d.mu.Lock()
	stopped := d.stopped
	d.stopped = true
	sub := d.sub
	d.mu.Unlock()
	if stopped {
		return
	}
	close(d.stop)
	d.wg.Wait()
	if sub != nil {
		_ = sub.Unsubscribe()
	}
	d.failOlder(time.Now().Add(time.Hour), errors.New("the store is closed"))
}

// Ack implements Store by deleting the message from the stream.
func (s *JetStreamStore) Ack(ctx context.Context, to common.Address, seq uint64) error {
	ch := make(chan error, 1)
	s.AckAsync(to, seq, func(err error) { ch <- err })
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
