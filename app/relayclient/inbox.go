package relayclient

import (
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/relayproto"
)

type seenKey struct {
	from common.Address
	id   string
}

type inboxItem struct {
	gen uint64
	msg Message
}

// enqueue adds a delivered message to the handler's queue.
func (c *Client) enqueue(it inboxItem) {
	c.inboxMu.Lock()
	c.inbox = append(c.inbox, it)
	c.inboxMu.Unlock()
	select {
	case c.inboxCh <- struct{}{}:
	default:
	}
}

// dequeue takes the next delivered message, waiting for one.
func (c *Client) dequeue() (inboxItem, bool) {
	its, ok := c.dequeueUpTo(nil, 1)
	if !ok {
		return inboxItem{}, false
	}
	return its[0], true
}

// dequeueUpTo takes up to max waiting messages (at least one, waiting for
// it), appending them to buf.
func (c *Client) dequeueUpTo(buf []inboxItem, max int) ([]inboxItem, bool) {
	for {
		c.inboxMu.Lock()
		if len(c.inbox) > 0 {
			n := min(max, len(c.inbox))
			buf = append(buf, c.inbox[:n]...)
			clear(c.inbox[:n])
			c.inbox = c.inbox[n:]
			c.inboxMu.Unlock()
			return buf, true
		}
		c.inboxMu.Unlock()
		select {
		case <-c.inboxCh:
		case <-c.ctx.Done():
			return nil, false
		}
	}
}

// handleLoop passes delivered messages to the Handler in order and
// acknowledges them.
func (c *Client) handleLoop() {
	defer c.wg.Done()
	if c.opts.BatchHandler != nil {
		c.batchLoop()
		return
	}
	for {
		it, ok := c.dequeue()
		if !ok {
			return
		}
		// A message of an older connection comes again on the current one.
		c.mu.Lock()
		stale := it.gen != c.gen
		c.mu.Unlock()
		if stale {
			continue
		}
		key := seenKey{it.msg.From, it.msg.ID}
		if _, dup := c.seen[key]; !dup {
			if err := c.open(&it.msg); err != nil {
				c.refuse(it.msg, err)
			} else if !c.handle(it.msg) {
				return
			}
			c.remember(key)
			c.yieldIfIdle()
		}
		c.ack(it)
	}
}

// yieldIfIdle calls Options.Yield when no delivered message waits (in a
// burst, once after its last message).
func (c *Client) yieldIfIdle() {
	if c.opts.Yield == nil {
		return
	}
	c.inboxMu.Lock()
	idle := len(c.inbox) == 0
	c.inboxMu.Unlock()
	if idle {
		c.opts.Yield(c.ctx)
	}
}

// batchLoop is handleLoop with a BatchHandler: it takes every waiting
// message (up to MaxBatch), hands the new ones to the BatchHandler at once,
// and acknowledges them all after it returned nil.
func (c *Client) batchLoop() {
	max := c.opts.MaxBatch
	if max <= 0 {
		max = 256
	}
	var its []inboxItem
	var fresh []Message
	var keys []seenKey
	for {
		var ok bool
		its, ok = c.dequeueUpTo(its[:0], max)
		if !ok {
			return
		}
		// Messages of an older connection come again on the current one.
		c.mu.Lock()
		gen := c.gen
		c.mu.Unlock()
		fresh, keys = fresh[:0], keys[:0]
		batchSeen := map[seenKey]bool{}
		for _, it := range its {
			key := seenKey{it.msg.From, it.msg.ID}
			if it.gen != gen || batchSeen[key] {
				continue
			}
			if _, dup := c.seen[key]; dup {
				continue
			}
			batchSeen[key] = true
			if err := c.open(&it.msg); err != nil {
				c.refuse(it.msg, err)
				c.remember(key)
				continue
			}
			fresh = append(fresh, it.msg)
			keys = append(keys, key)
		}
		if len(fresh) > 0 {
			if !c.retry(func() error { return c.opts.BatchHandler(c.ctx, fresh) }, fresh[0]) {
				return
			}
			for _, k := range keys {
				c.remember(k)
			}
			c.yieldIfIdle()
		}
		for _, it := range its {
			if it.gen == gen {
				c.ack(it)
			}
		}
	}
}

// handle calls the Handler until it succeeds; false means the client closed.
func (c *Client) handle(m Message) bool {
	if c.opts.Handler == nil {
		// Without a handler nothing is persisted: never acknowledge.
		<-c.ctx.Done()
		return false
	}
	return c.retry(func() error { return c.opts.Handler(c.ctx, m) }, m)
}

// retry calls f until it returns nil, pausing with backoff after errors;
// false means the client closed. m names the (first) message in logs.
func (c *Client) retry(f func() error, m Message) bool {
	pause := c.opts.MinBackoff
	for {
		err := f()
		if err == nil {
			return true
		}
		if c.ctx.Err() != nil {
			return false
		}
		c.log.Warn("relayclient: handler failed; retrying", "from", m.From.Hex(), "seq", m.Seq, "err", err)
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-c.ctx.Done():
			t.Stop()
			return false
		}
		if pause *= 2; pause > c.opts.MaxBackoff {
			pause = c.opts.MaxBackoff
		}
	}
}

// remember records a handled message for deduplication.
func (c *Client) remember(k seenKey) {
	c.seen[k] = struct{}{}
	c.seenFIFO = append(c.seenFIFO, k)
	if len(c.seenFIFO) > c.opts.DedupeWindow {
		delete(c.seen, c.seenFIFO[0])
		c.seenFIFO = c.seenFIFO[1:]
	}
}

// ack acknowledges a handled message on the connection that delivered it;
// if that connection is gone, the next one redelivers it and it is
// acknowledged then.
func (c *Client) ack(it inboxItem) {
	c.mu.Lock()
	s := c.conn
	c.mu.Unlock()
	if s == nil || s.gen != it.gen {
		return
	}
	if err := s.write(c.ctx, relayproto.Frame{Type: relayproto.TypeAck, Seq: it.msg.Seq}); err != nil {
		c.log.Debug("relayclient: ack deferred to the next connection", "seq", it.msg.Seq, "err", err)
	}
}
