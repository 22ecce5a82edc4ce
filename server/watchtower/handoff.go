// Hand-offs: payments wallets send through the relay, checked (wt.Check),
// bounded and stored before they are acknowledged.

package watchtower

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
	"paychan/app/relayclient"
	wt "paychan/app/watchtower"
)

// handle is the relay handler: it answers a hand-off and returns nil once
// the outcome is durable (a payment is stored before the message is
// acknowledged). A transient failure (chain or store) returns an error and
// the relay client calls it again. A hand-off that is not an authentic one
// from the beneficiary of a channel on chain gets no reply (wt.Answered).
func (w *Watchtower) handle(ctx context.Context, m relayclient.Message) error {
	reply, err := w.Handle(ctx, m.From, m.ID, m.Payload)
	if err != nil {
		return err
	}
	if r, ok := reply.(*wt.Refused); ok && !wt.Answered(r.Code) {
		return nil
	}
	payload, err := wt.EncodeReply(reply)
	if err != nil {
		w.log.Error("watchtower: encode reply", "to", m.From.Hex(), "err", err)
		return nil
	}
	select {
	case <-w.ready:
	case <-ctx.Done():
		return ctx.Err()
	}
	sctx, cancel := context.WithTimeout(ctx, replyTimeout)
	defer cancel()
	if _, err := w.relay.Send(sctx, m.From, payload); err != nil {
		// The outcome stands; a resent hand-off gets total_equal.
		w.log.Warn("watchtower: reply not delivered", "to", m.From.Hex(), "ref", m.ID, "err", err)
	}
	return nil
}

// Handle processes one hand-off: payload (an app/wire payment message) sent
// through the relay by the authenticated signer from in message ref. It
// returns the reply: *Accepted once the payment is durably stored, or
// *Refused with nothing stored (the relay handler sends it only when
// wt.Answered says so). An error means a transient failure (reading the
// chain or writing the store): nothing was decided, try again.
func (w *Watchtower) Handle(ctx context.Context, from common.Address, ref string, payload []byte) (wt.Reply, error) {
	refuse := func(err error) (wt.Reply, error) {
		r := err.(*wt.Refused)
		r.Ref = ref
		level := slog.LevelInfo
		if !wt.Answered(r.Code) { // junk: do not let it fill the log either
			level = slog.LevelDebug
		}
		w.log.Log(ctx, level, "watchtower: hand-off refused", "from", from.Hex(), "code", r.Code, "reason", r.Message)
		return r, nil
	}
	p, err := wt.ParseHandOff(payload)
	if err != nil {
		return refuse(err)
	}
	var v wt.View
	if p.ID.Domain == w.dom { // else Check refuses without reading the chain
		// Only a party may hand off (wt.Check then wants the payee): anyone
		// else is refused on the channel's parties, cached, before any
		// other chain read, so that junk from throwaway keys naming a real
		// channel costs the watchtower no reads and cannot delay a party's
		// hand-off behind its own.
		alice, bob, known, err := w.parties(ctx, p.ID.Channel)
		if err != nil {
			return nil, err
		}
		if known && from != alice && from != bob {
			id := p.ID
			return refuse(&wt.Refused{Code: wt.CodeNotBeneficiary, ID: &id, Paid: p.Paid,
				Message: fmt.Sprintf("channel %d: handed over by %s, who is not one of its parties (%s, %s): a watchtower only protects the party that asks", id.Channel, from.Hex(), alice.Hex(), bob.Hex())})
		}
		head, err := w.cfg.Backend.BlockNumber(ctx)
		if err != nil {
			return nil, fmt.Errorf("watchtower: head block: %w", err)
		}
		if v, err = w.view(ctx, p.ID.Channel, head); err != nil {
			return nil, err
		}
		if v.Status != 0 { // only Check weighs the asset: no poll reads it
			if v.Token, err = w.token(ctx, p.ID.Channel, head); err != nil {
				return nil, err
			}
		}
	}
	w.mu.Lock()
	h, err := wt.Check(w.dom, from, p, v, wt.Holdings{
		Alice: w.heldTotal(p.ID.Channel, channel.Alice), Bob: w.heldTotal(p.ID.Channel, channel.Bob)}, w.prices)
	w.mu.Unlock()
	if err != nil {
		return refuse(err)
	}
	bal, err := w.cfg.Backend.BalanceAt(ctx, w.addr, nil)
	if err != nil {
		return nil, fmt.Errorf("watchtower: balance: %w", err)
	}
	if bal.Cmp(w.cfg.MinBalance) < 0 {
		id := p.ID
		return refuse(&wt.Refused{Code: wt.CodeUnfunded, ID: &id, Paid: p.Paid,
			Message: fmt.Sprintf("the watchtower's account %s holds %v wei, less than the %v it needs to pay for a claim: ask the host's operator to fund it", w.addr.Hex(), bal, w.cfg.MinBalance)})
	}

	// Store, then acknowledge.
	key := heldKey{h.ID.Channel, h.Payer}
	w.mu.Lock()
	defer w.mu.Unlock()
	if c, ok := w.claims[key]; ok {
		return refuse(&wt.Refused{Code: wt.CodeAlreadyClaimed, ID: &h.ID, Paid: h.Paid, Held: new(big.Int).Set(c.Paid),
			Message: fmt.Sprintf("channel %d: the watchtower already claimed %v paid by %s (it claims once per channel direction): claim %v yourself before block %d",
				h.ID.Channel, c.Paid, h.Payer, h.Paid, v.ClosesAt)})
	}
	cur, ok := w.held[key]
	if ok && cur.Paid.Cmp(h.Paid) >= 0 {
		// A concurrent hand-off stored as much; answer as Check would.
		return refuse(&wt.Refused{Code: wt.CodeTotalEqual, ID: &h.ID, Paid: h.Paid, Held: cur.Paid,
			Message: fmt.Sprintf("channel %d: total %v paid by %s is already held", h.ID.Channel, cur.Paid, h.Payer)})
	}
	if !ok { // a new channel direction: bounded per sender and in all
		if n := w.owners[h.Owner]; n >= w.cfg.Limits.MaxPerSender {
			return refuse(&wt.Refused{Code: wt.CodeLimit, ID: &h.ID, Paid: h.Paid,
				Message: fmt.Sprintf("channel %d: the watchtower already holds %d payments for %s, the most it takes from one sender", h.ID.Channel, n, h.Owner.Hex())})
		}
		if n := len(w.held); n >= w.cfg.Limits.MaxHeld {
			return refuse(&wt.Refused{Code: wt.CodeLimit, ID: &h.ID, Paid: h.Paid,
				Message: fmt.Sprintf("channel %d: the watchtower holds %d payments, the most it takes", h.ID.Channel, n)})
		}
	}
	if err := w.putJSON(ctx, w.heldKeyName(key), h); err != nil {
		return nil, err
	}
	if !ok {
		w.owners[h.Owner]++
	}
	w.held[key] = h
	if v.Status == channel.Closing {
		w.dirty[h.ID.Channel] = true
		select {
		case w.kick <- struct{}{}:
		default:
		}
	}
	w.log.Info("watchtower: protecting", "channel", h.ID.Channel, "payer", h.Payer.String(), "paid", h.Paid,
		"owner", h.Owner.Hex(), "status", v.Status.String(), "closesAt", v.ClosesAt, "watched", len(w.held))
	return &wt.Accepted{Ref: ref, ID: h.ID, Payer: h.PayerSigner, Paid: new(big.Int).Set(h.Paid), Status: v.Status,
		ClosesAt: v.ClosesAt, Block: v.Head, ProtectedUntil: wt.ProtectedUntil(v)}, nil
}

// heldTotal returns the total held for a channel and payer, or nil. w.mu is held.
func (w *Watchtower) heldTotal(id uint64, payer channel.Role) *big.Int {
	if h, ok := w.held[heldKey{id, payer}]; ok {
		return h.Paid
	}
	return nil
}

// Held returns the payment held for channel id paid by payer, if any.
func (w *Watchtower) Held(id uint64, payer channel.Role) (wt.Held, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	h, ok := w.held[heldKey{id, payer}]
	return h, ok
}

// maxParties bounds the cache of channel parties (Watchtower.parties).
const maxParties = 1 << 16

// partyCache is the signers of channels read once: they never change after
// both parties are named.
type partyCache struct {
	mu sync.Mutex
	m  map[uint64][2]common.Address
}

// parties returns the signers of channel id, from the cache or read from
// the chain (status, then parties: two calls, once per channel). known is
// false for a channel that does not exist or has a party not named yet.
func (w *Watchtower) parties(ctx context.Context, id uint64) (alice, bob common.Address, known bool, err error) {
	w.partyCache.mu.Lock()
	p, ok := w.partyCache.m[id]
	w.partyCache.mu.Unlock()
	if ok {
		return p[0], p[1], true, nil
	}
	opts := &bind.CallOpts{Context: ctx}
	cid := new(big.Int).SetUint64(id)
	st, err := bind.Call(w.bound, opts, w.abi.PackStatus(cid), w.abi.UnpackStatus)
	if err != nil {
		return alice, bob, false, fmt.Errorf("watchtower: status of channel %d: %w", id, err)
	}
	if st == 0 {
		return alice, bob, false, nil
	}
	ps, err := bind.Call(w.bound, opts, w.abi.PackParties(cid), w.abi.UnpackParties)
	if err != nil {
		return alice, bob, false, fmt.Errorf("watchtower: parties of channel %d: %w", id, err)
	}
	if ps.AliceSigner == (common.Address{}) || ps.BobSigner == (common.Address{}) {
		return alice, bob, false, nil
	}
	w.partyCache.mu.Lock()
	defer w.partyCache.mu.Unlock()
	if w.partyCache.m == nil {
		w.partyCache.m = make(map[uint64][2]common.Address)
	}
	if len(w.partyCache.m) >= maxParties {
		for k := range w.partyCache.m {
			delete(w.partyCache.m, k)
			break
		}
	}
	w.partyCache.m[id] = [2]common.Address{ps.AliceSigner, ps.BobSigner}
	return ps.AliceSigner, ps.BobSigner, true, nil
}
