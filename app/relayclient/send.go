package relayclient

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/perfmark"
	"paychan/app/relayproto"
)

type pending struct {
	retries int // rate_limited/unavailable refusals so far
	id      string
	to      common.Address
	payload []byte
	done    chan result // buffered 1
}

type result struct {
	seq uint64
	err error
}

// Send stores payload in to's mailbox and returns the relay's sequence
// number once the relay confirmed it is durably stored. While the client is
// disconnected, the send waits and is (re)sent after the next login; a
// resend is recognised by the relay and not stored twice. A send the relay
// refuses for now (rate_limited, unavailable) is retried after a backoff. A
// final refusal is an *Error (e.g. quota_exceeded, store_full, too_large). If ctx ends
// first, Send returns ctx.Err() and stops resending; the message may or may
// not have been stored.
//
// Concurrent Sends are stored in no particular order; sequential Sends (each
// waiting for the previous one) are stored, and delivered, in order.
//
// The payload is sealed to to's public key first (see sealing.go): if the
// relay hands out a key that is not to's, Send returns ErrWrongPeerKey
// (UserMessage explains it) and nothing is sent.
func (c *Client) Send(ctx context.Context, to common.Address, payload []byte) (uint64, error) {
	wait, err := c.sendAsync(ctx, to, payload)
	if err != nil {
		return 0, err
	}
	return wait(ctx)
}

// SendAsync is Send in two steps: it writes the send frame now (or queues
// it for the next login) and returns at once with wait, which returns the
// relay's sequence number once the relay confirmed the message is durably
// stored (or the final refusal). Sends written by successive SendAsync
// calls are stored, and delivered, in call order, without waiting for each
// other's confirmation: a pipeline that keeps order (concurrent Sends do
// not). If wait's ctx ends first, wait returns ctx.Err() and the message is
// no longer resent; call wait once.
//
// Sealing may first need the recipient's key from the relay: SendAsync
// waits for it up to Options.DialTimeout.
func (c *Client) SendAsync(to common.Address, payload []byte) (wait func(ctx context.Context) (uint64, error), err error) {
	ctx, cancel := context.WithTimeout(c.ctx, c.opts.DialTimeout)
	defer cancel()
	return c.sendAsync(ctx, to, payload)
}

func (c *Client) sendAsync(ctx context.Context, to common.Address, payload []byte) (wait func(ctx context.Context) (uint64, error), err error) {
	p := &pending{id: newID(), to: to, payload: payload, done: make(chan result, 1)}
	if !c.opts.Unsealed {
		if p.payload, err = c.sealFor(ctx, to, p.id, payload); err != nil {
			if c.ctx.Err() != nil {
				return nil, ErrClosed
			}
			return nil, err
		}
		perfmark.Mark(perfmark.Sealed)
	}
	return c.queueSend(p)
}

// Sealed is a payload sealed by Client.Seal to one recipient under a fresh
// message id, to be sent once with Client.SendSealedAsync.
type Sealed struct {
	from, to common.Address
	id       string
	payload  []byte
	used     atomic.Bool
}

// ErrSealedReused means a Sealed was given to SendSealedAsync a second
// time, or to another Client than the one that sealed it. Nothing was sent.
var ErrSealedReused = errors.New("relayclient: a sealed message can be sent once, by the client that sealed it")

// Seal seals payload to to's public key (looking it up at the relay if
// needed, as SendAsync does) under a fresh message id, and returns it
// ready to send with SendSealedAsync: a sender can do the sealing, its
// CPU work, ahead of the send. It fails as SendAsync does (ErrWrongPeerKey,
// ErrPeerKeyUnknown, ErrCannotSeal); Options.Unsealed does not apply.
func (c *Client) Seal(ctx context.Context, to common.Address, payload []byte) (*Sealed, error) {
	s := &Sealed{from: c.addr, to: to, id: newID()}
	var err error
	if s.payload, err = c.sealFor(ctx, to, s.id, payload); err != nil {
		if c.ctx.Err() != nil {
			return nil, ErrClosed
		}
		return nil, err
	}
	return s, nil
}

// SendSealedAsync is SendAsync for a payload sealed by Seal: it sends it
// without sealing it again. A Sealed is sent at most once
// (ErrSealedReused).
func (c *Client) SendSealedAsync(s *Sealed) (wait func(ctx context.Context) (uint64, error), err error) {
	if s == nil || s.from != c.addr || !s.used.CompareAndSwap(false, true) {
		return nil, ErrSealedReused
	}
	return c.queueSend(&pending{id: s.id, to: s.to, payload: s.payload, done: make(chan result, 1)})
}

// queueSend records p as pending and writes it if logged in (otherwise the
// next login sends it).
func (c *Client) queueSend(p *pending) (wait func(ctx context.Context) (uint64, error), err error) {
	c.mu.Lock()
	if c.state == Closed {
		c.mu.Unlock()
		return nil, ErrClosed
	}
	c.pending[p.id] = p
	c.order = append(c.order, p)
	conn := c.conn
	c.mu.Unlock()
	// Write now if logged in; otherwise the next login sends it.
	if conn != nil {
		conn.writeMu.Lock()
		err := conn.write(c.ctx, c.sendFrame(p))
		conn.writeMu.Unlock()
		if err != nil {
			c.log.Debug("relayclient: send deferred to the next connection", "err", err)
		}
	}
	return func(ctx context.Context) (uint64, error) {
		select {
		case r := <-p.done:
			return r.seq, r.err
		case <-ctx.Done():
			c.forget(p.id)
			return 0, ctx.Err()
		case <-c.ctx.Done():
			return 0, ErrClosed
		}
	}, nil
}

func (c *Client) sendFrame(p *pending) relayproto.Frame {
	to := p.to
	payload := p.payload
	if payload == nil {
		payload = []byte{}
	}
	return relayproto.Frame{Type: relayproto.TypeSend, To: &to, ID: p.id, Payload: payload}
}

// forget drops a pending send.
func (c *Client) forget(id string) *pending {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.pending[id]
	if p == nil {
		return nil
	}
	delete(c.pending, id)
	for i, q := range c.order {
		if q == p {
			c.order = append(c.order[:i:i], c.order[i+1:]...)
			break
		}
	}
	return p
}

// resolve completes a pending send.
func (c *Client) resolve(id string, r result) {
	if p := c.forget(id); p != nil {
		p.done <- r
	}
}

// retryLater resends a send the relay refused for now (rate_limited or
// unavailable) after a pause that doubles with each refusal.
func (c *Client) retryLater(id string) {
	c.mu.Lock()
	p := c.pending[id]
	if p == nil {
		c.mu.Unlock()
		return
	}
	pause := c.opts.MinBackoff << min(p.retries, 20)
	if pause > c.opts.MaxBackoff || pause <= 0 {
		pause = c.opts.MaxBackoff
	}
	p.retries++
	c.mu.Unlock()
	time.AfterFunc(pause/2+jitter(pause/2), func() {
		c.mu.Lock()
		s, still := c.conn, c.pending[id] == p
		c.mu.Unlock()
		if !still || s == nil {
			return // done, abandoned, or the next login resends it
		}
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
		if err := s.write(c.ctx, c.sendFrame(p)); err != nil {
			c.log.Debug("relayclient: retry deferred to the next connection", "err", err)
		}
	})
}
