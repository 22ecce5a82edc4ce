package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
	"paychan/app/relayclient"
	"paychan/app/wire"
)

// Handle is the relay client's Handler: one message.
func (e *Engine) Handle(ctx context.Context, m relayclient.Message) error {
	return e.HandleBatch(ctx, []relayclient.Message{m})
}

// HandleBatch is the relay client's BatchHandler: it decodes every
// message (a "payments" message into its payments, each verified and
// applied on its own), applies them all and persists each changed channel once
// (Book.ReceiveMany) before it returns, so the relay client acknowledges
// only what is stored. Then it reports each message and carries out the
// effects in the background (acks coalesced, countersignatures sent,
// transactions submitted, received payments handed to the watchtower).
//
// It returns an error only when the Store failed (channel.Retryable): the
// relay client delivers the batch again, and the rules treat messages
// applied again as duplicates. A message the rules refuse is reported and
// dropped. A message about a channel I have not stored joins it from the
// chain first; one refused as an overdraw reads that channel's deposits
// (only that channel) and is applied once more.
func (e *Engine) HandleBatch(ctx context.Context, rms []relayclient.Message) error {
	ins := make([]channel.Incoming, 0, len(rms))
	for _, rm := range rms {
		if tower := e.watchtowerAddr(); tower != (common.Address{}) && rm.From == tower {
			e.notify(Note{Kind: WatchReply, From: rm.From, Payload: rm.Payload})
			continue
		}
		ms, err := wire.DecodeAll(rm.Payload)
		if err != nil {
			e.notify(Note{Kind: Refused, From: rm.From, Err: fmt.Errorf("undecodable message from %s: %w", rm.From.Hex(), err)})
			continue
		}
		for _, m := range ms {
			ins = append(ins, channel.Incoming{From: rm.From, Msg: m})
		}
	}
	if len(ins) == 0 {
		return nil
	}
	outs, err := e.book.ReceiveMany(ins, time.Now())
	if err != nil {
		return err // nothing persisted: the relay client calls again
	}
	// Apply once more, after reading the chain, the messages about a
	// channel not stored yet (join it) or refused as an overdraw (the peer
	// may have deposited since I last read it).
	var retry []int
	read := map[channel.ID]bool{}
	for k, o := range outs {
		unknown := errors.Is(o.Err, channel.ErrNotFound)
		if !unknown && !errors.Is(o.Err, channel.ErrOverdraw) {
			continue
		}
		id := ins[k].Msg.ChannelID()
		if _, tried := read[id]; !tried {
			read[id] = false
			if unknown && !e.mayReadUnknown(id, time.Now()) {
				continue
			}
			if id.Domain == e.dom() {
				if _, cl := e.ports(); cl != nil {
					_, _, txs, err := e.syncOne(ctx, cl, id.Channel, unknown, nil, 0)
					read[id] = err == nil
					for _, tx := range txs {
						tx := tx
						e.spawn(func(ctx context.Context) { e.submit(ctx, tx) })
					}
				}
			}
		}
		if read[id] {
			retry = append(retry, k)
		}
	}
	if len(retry) > 0 {
		again := make([]channel.Incoming, len(retry))
		for j, k := range retry {
			again[j] = ins[k]
		}
		outs2, err := e.book.ReceiveMany(again, time.Now())
		if err != nil {
			return err
		}
		for j, k := range retry {
			outs[k] = outs2[j]
		}
	}
	for _, o := range outs {
		if o.Err != nil && channel.Retryable(o.Err) {
			return o.Err
		}
	}
	var acks []ackItem
	for k, o := range outs {
		in := ins[k]
		if o.Err != nil {
			e.notify(Note{Kind: Refused, From: in.From, Msg: in.Msg, Before: o.Before, Err: o.Err})
			continue
		}
		e.notify(Note{Kind: Received, From: in.From, Msg: in.Msg, Before: o.Before, After: o.After})
		fx := o.Effects
		fx.Send = nil
		for _, m := range o.Effects.Send {
			if a, ok := m.(channel.Ack); ok {
				acks = append(acks, ackItem{to: o.After.Peer().Signer, ack: a})
				continue
			}
			fx.Send = append(fx.Send, m)
		}
		e.carry(ctx, o.After, fx, false)
		if o.Before.Received != nil && o.After.Received.Cmp(o.Before.Received) > 0 && e.tower() != nil {
			e.queueHandOff(o.After)
		}
	}
	e.queueAcks(acks)
	return nil
}

// UnknownReadEvery is how often messages about one channel this wallet
// does not hold make it read that channel from the chain. Such a message
// is how a wallet learns of a channel its peer opened with it; but anyone
// can send one, naming any channel, and each read is a request to the
// chain (for a settled channel a search of its logs): without a bound a
// stranger's stream of messages became a stream of chain reads from the
// recipient's wallet, and spent the /rpc share of its address.
const UnknownReadEvery = 10 * time.Second

// maxUnknownRead bounds the channels remembered by mayReadUnknown.
const maxUnknownRead = 1024

// mayReadUnknown reports whether a message about channel id, which this
// wallet does not hold, may read it from the chain now: once per
// UnknownReadEvery per channel.
func (e *Engine) mayReadUnknown(id channel.ID, now time.Time) bool {
	e.unknownMu.Lock()
	defer e.unknownMu.Unlock()
	if at, ok := e.unknownRead[id]; ok && now.Sub(at) < UnknownReadEvery {
		return false
	}
	if e.unknownRead == nil || len(e.unknownRead) >= maxUnknownRead {
		e.unknownRead = make(map[channel.ID]time.Time)
	}
	e.unknownRead[id] = now
	return true
}
