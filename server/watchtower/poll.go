// Chain polling: follow the contract's events from the cursor, look at the
// watched channels they touch and carry out wt.Decide for each.

package watchtower

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go/jetstream"

	"paychan/app/channel"
	wt "paychan/app/watchtower"
)

// Poll processes the chain up to the current head synchronously: it reads
// the contract's Claimed, CloseStarted, ClosedCooperatively and Withdrawn
// events since the last processed block, looks at every watched channel they
// touch (and at every watched channel after a start), submits the claims
// [wt.Decide] calls for and waits for their receipts, forgets the channels
// that are Closed, and then stores the new cursor. A failed claim is logged
// and retried by the next Poll. The background loop calls it; tests may too.
func (w *Watchtower) Poll(ctx context.Context) error {
	w.pollMu.Lock()
	defer w.pollMu.Unlock()
	head, err := w.cfg.Backend.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("watchtower: head block: %w", err)
	}
	// Only the holder of the claim lease sends claims (lease.go); the
	// others keep their channels marked until they hold it.
	w.holdLease(ctx)
	w.mu.Lock()
	from := w.cursor + 1
	w.mu.Unlock()
	// Events since the cursor mark the watched channels they touch.
	for from <= head {
		to := min(from+w.cfg.LogRange-1, head)
		logs, err := w.cfg.Backend.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{w.cfg.Contract}, Topics: [][]common.Hash{w.topics},
		})
		if err != nil {
			return fmt.Errorf("watchtower: logs of blocks %d-%d: %w", from, to, err)
		}
		w.mu.Lock()
		for _, l := range logs {
			if len(l.Topics) < 2 || l.Removed {
				continue
			}
			id := new(big.Int).SetBytes(l.Topics[1][:])
			if !id.IsUint64() || !w.watched(id.Uint64()) {
				continue
			}
			w.dirty[id.Uint64()] = true
		}
		w.mu.Unlock()
		from = to + 1
	}
	// Closing channels whose period ended are Closed now: forget them.
	w.mu.Lock()
	for id, at := range w.closing {
		if head >= at {
			w.dirty[id] = true
		}
	}
	var ids []uint64
	for id := range w.dirty {
		ids = append(ids, id)
	}
	w.mu.Unlock()

	var errs []error
	for _, id := range ids {
		if err := w.act(ctx, id, head); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err // the cursor stays: the next poll looks again
	}
	if err := w.putJSON(ctx, w.cursorKey(), head); err != nil {
		return err
	}
	w.mu.Lock()
	w.cursor = head
	w.mu.Unlock()
	return nil
}

// watched reports whether a payment is held for channel id. w.mu is held.
func (w *Watchtower) watched(id uint64) bool {
	_, a := w.held[heldKey{id, channel.Alice}]
	_, b := w.held[heldKey{id, channel.Bob}]
	return a || b
}

// act reads channel id at head and carries out the decision for each
// payment held for it. It returns an error if something must be retried.
func (w *Watchtower) act(ctx context.Context, id, head uint64) error {
	v, err := w.view(ctx, id, head)
	if err != nil {
		return err
	}
	var errs []error
	retry, later := false, false
	for _, payer := range []channel.Role{channel.Alice, channel.Bob} {
		k := heldKey{id, payer}
		w.mu.Lock()
		h, ok := w.held[k]
		rec := w.claims[k]
		if rec != nil {
			rec = rec.clone()
		}
		w.mu.Unlock()
		if !ok && rec == nil {
			continue
		}
		if v.Status != channel.Open && v.Status != channel.Closing {
			if err := w.forget(ctx, k); err != nil {
				retry = true
				errs = append(errs, err)
			}
			continue
		}
		if rec != nil { // the one claim of this direction is made
			w.markClosing(id, v.ClosesAt)
			if rec.pending() && rec.Account == w.addr {
				if !w.lease.held {
					later = true // the lease holder follows it
					continue
				}
				if err := w.resume(ctx, v, k, rec); err != nil {
					retry = true
					errs = append(errs, err)
				}
			}
			continue
		}
		switch a := wt.Decide(v, h); a {
		case wt.Wait:
		case wt.Covered:
			w.markClosing(id, v.ClosesAt)
		case wt.Missed:
			w.markClosing(id, v.ClosesAt)
			w.log.Error("watchtower: MISSED a claim: the finalization period ended before it could be submitted",
				"channel", id, "payer", payer.String(), "held", h.Paid, "onChain", v.Paid(payer), "closesAt", v.ClosesAt, "head", head)
			w.bump(ctx, func(s *stats) { s.Missed++ })
		case wt.Claim:
			w.markClosing(id, v.ClosesAt)
			if !wt.Due(v, w.settled(id), wt.Margin(v.Period, w.cfg.Limits.MarginBlocks)) {
				later = true // hand-offs in flight may still raise it
				continue
			}
			if !w.lease.held {
				later = true // the lease holder claims
				continue
			}
			if err := w.submit(ctx, v, h); err != nil {
				retry = true
				errs = append(errs, err)
			}
		case wt.Forget:
			if err := w.forget(ctx, k); err != nil {
				retry = true
				errs = append(errs, err)
			}
		}
	}
	w.mu.Lock()
	if !retry && !later {
		delete(w.dirty, id)
	}
	if v.Status != channel.Closing {
		delete(w.closing, id)
		delete(w.seen, id)
	}
	w.mu.Unlock()
	return errors.Join(errs...)
}

// settled reports whether channel id was first seen Closing at least
// Limits.SettleDelay ago (the clock starts at the first look).
func (w *Watchtower) settled(id uint64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.seen[id]
	if !ok {
		t = time.Now()
		w.seen[id] = t
	}
	return time.Since(t) >= w.cfg.Limits.SettleDelay
}

func (w *Watchtower) markClosing(id, closesAt uint64) {
	w.mu.Lock()
	w.closing[id] = closesAt
	w.mu.Unlock()
}

// forget deletes the payment and the claim of a Closed channel's direction.
func (w *Watchtower) forget(ctx context.Context, k heldKey) error {
	for _, key := range []string{w.heldKeyName(k), w.claimKeyName(k)} {
		if err := w.kv.Delete(ctx, key); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) {
			return fmt.Errorf("watchtower: forget channel %d: %w", k.channel, err)
		}
	}
	w.mu.Lock()
	h, ok := w.held[k]
	if ok {
		delete(w.held, k)
		if w.owners[h.Owner]--; w.owners[h.Owner] <= 0 {
			delete(w.owners, h.Owner)
		}
	}
	delete(w.claims, k)
	n := len(w.held)
	w.mu.Unlock()
	delete(w.skipped, k)
	w.log.Info("watchtower: channel closed; payment forgotten", "channel", k.channel, "payer", k.payer.String(), "watched", n)
	return nil
}
