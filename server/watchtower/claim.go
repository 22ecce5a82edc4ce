// Claim transactions: build, record, sign, send, replace with higher fees,
// and follow to their receipts.

package watchtower

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/nats-io/nats.go/jetstream"

	"paychan/app/chainclient"
	wt "paychan/app/watchtower"
)

// submit makes the one claim of h's channel direction, if it is worth its
// gas: claim(id, payer's account, paid, sig) from the watchtower's account,
// recorded in the bucket (created: it fails if a claim exists, e.g. made by
// another host) before it is sent, then waits for the receipt. A claim not
// worth it is skipped (logged once per total) and looked at again when a
// hand-off or an event marks the channel. w.pollMu is held.
func (w *Watchtower) submit(ctx context.Context, v wt.View, h wt.Held) error {
	k := heldKey{h.ID.Channel, h.Payer}
	lg := w.log.With("channel", h.ID.Channel, "payer", h.Payer.String(), "paid", h.Paid, "onChain", v.Paid(h.Payer), "closesAt", v.ClosesAt, "head", v.Head)
	fail := func(err error) error {
		w.bump(ctx, func(s *stats) { s.Failures++ })
		lg.Error("watchtower: claim failed; retrying at the next poll", "err", err)
		return fmt.Errorf("watchtower: claim channel %d: %w", h.ID.Channel, err)
	}
	skip := func(msg string, args ...any) error {
		if tag := h.Paid.String() + "/" + v.Paid(h.Payer).String(); w.skipped[k] != tag {
			w.skipped[k] = tag
			lg.Info(msg, args...)
		}
		return nil
	}
	w.mu.Lock()
	other := w.heldTotal(h.ID.Channel, h.Payer.Peer())
	w.mu.Unlock()
	protects := wt.Protects(v, h, other)
	if protects.Sign() == 0 {
		return skip("watchtower: claim skipped: the payer cannot owe more than the chain already proves", "deposit", v.Deposit(h.Payer))
	}
	payer := v.Party(h.Payer).Account
	data := w.abi.PackClaim(new(big.Int).SetUint64(h.ID.Channel), payer, h.Paid, h.Sig[:])
	b := w.cfg.Backend
	gas, err := b.EstimateGas(ctx, ethereum.CallMsg{From: w.addr, To: &w.cfg.Contract, Data: data})
	if err != nil {
		return fail(fmt.Errorf("the claim would revert: %w", err))
	}
	fees, base, err := chainclient.CurrentFees(ctx, b)
	if err != nil {
		return fail(err)
	}
	price := fees.Price(base)
	worth := protects // in wei, or in the token's units
	if h.Token != (common.Address{}) {
		tp, ok := w.prices[h.Token]
		if !ok {
			return skip("watchtower: claim skipped: the channel's token has no price any more (add it with "+wt.PriceFlag+")", "token", h.Token.Hex())
		}
		worth = tp.Wei(protects)
		lg = lg.With("token", h.Token.Hex(), "symbol", tp.Symbol, "protectsWei", worth)
	}
	if !wt.Worth(worth, gas, price) {
		return skip("watchtower: claim skipped: not worth its gas", "protects", protects, "gas", gas, "gasPrice", price,
			"cost", new(big.Int).Mul(new(big.Int).SetUint64(gas), price))
	}
	nonce, err := w.nextNonce(ctx)
	if err != nil {
		return fail(err)
	}
	rec := &claimRecord{Channel: h.ID.Channel, Payer: h.Payer, Account: w.addr, Nonce: nonce, PayerAccount: payer,
		Paid: new(big.Int).Set(h.Paid), Sig: h.Sig, Protects: protects, Gas: gas + gas/4, Tip: fees.Tip, FeeCap: fees.FeeCap,
		ClosesAt: v.ClosesAt, State: claimSent}
	tx, err := w.sign(rec)
	if err != nil {
		return fail(err)
	}
	rec.Txs, rec.SentAt = []common.Hash{tx.Hash()}, time.Now()
	val, err := json.Marshal(rec)
	if err != nil {
		return fail(err)
	}
	if _, err := w.kv.Create(ctx, w.claimKeyName(k), val); err != nil {
		if errors.Is(err, jetstream.ErrKeyExists) { // another host made it
			e, gerr := w.kv.Get(ctx, w.claimKeyName(k))
			var other claimRecord
			if gerr == nil && json.Unmarshal(e.Value(), &other) == nil {
				w.mu.Lock()
				w.claims[k] = &other
				w.mu.Unlock()
				lg.Info("watchtower: claim left to the host that recorded it first", "account", other.Account.Hex())
				return nil
			}
		}
		return fail(fmt.Errorf("record the claim: %w", err))
	}
	w.mu.Lock()
	w.claims[k] = rec.clone()
	w.mu.Unlock()
	lg = lg.With("tx", tx.Hash().Hex(), "nonce", nonce, "protects", protects)
	if err := b.SendTransaction(ctx, tx); err != nil {
		// Recorded: the next poll sends it again (same nonce and call).
		return fail(fmt.Errorf("send: %w", err))
	}
	lg.Info("watchtower: claim sent", "gas", gas, "gasPrice", price)
	return w.await(ctx, k, rec, w.cfg.ReceiptTimeout)
}

// resume follows a claim recorded but not yet mined (after a receipt timeout,
// a failed send or a restart): it looks for the receipt of every
// transaction sent for it, and if none is mined it sends the same call again
// at the same nonce with fees raised by chainclient.Bump (a replacement: still the one
// claim). w.pollMu is held.
func (w *Watchtower) resume(ctx context.Context, v wt.View, k heldKey, rec *claimRecord) error {
	b := w.cfg.Backend
	for _, h := range rec.Txs {
		if rc, err := b.TransactionReceipt(ctx, h); err == nil && rc != nil {
			return w.finish(ctx, k, rec, rc)
		}
	}
	lg := w.log.With("channel", k.channel, "payer", k.payer.String(), "paid", rec.Paid, "nonce", rec.Nonce, "closesAt", rec.ClosesAt, "head", v.Head)
	confirmed, err := b.NonceAt(ctx, w.addr, nil)
	if err != nil {
		return fmt.Errorf("watchtower: nonce: %w", err)
	}
	if confirmed > rec.Nonce { // used, by none of ours (or a receipt raced)
		for _, h := range rec.Txs {
			if rc, err := b.TransactionReceipt(ctx, h); err == nil && rc != nil {
				return w.finish(ctx, k, rec, rc)
			}
		}
		lg.Error("watchtower: claim lost: its nonce was used by another transaction")
		rec.State = claimLost
		return w.storeClaim(ctx, k, rec)
	}
	if v.Head+1 >= v.ClosesAt {
		lg.Error("watchtower: MISSED a claim: its transaction was not mined before closesAt")
		w.bump(ctx, func(s *stats) { s.Missed++ })
		rec.State = claimMissed
		return w.storeClaim(ctx, k, rec)
	}
	if wait := w.cfg.ReceiptTimeout - time.Since(rec.SentAt); wait > 0 {
		// Send the last transaction again (signing is deterministic: the
		// same hash), in case it never reached the node (a failed send, a
		// crash right after it was recorded, a node restart).
		if tx, err := w.sign(rec); err == nil {
			if err := b.SendTransaction(ctx, tx); err != nil {
				lg.Debug("watchtower: claim sent again", "tx", tx.Hash().Hex(), "err", err)
			}
		}
		return w.await(ctx, k, rec, wait)
	}
	now, _, err := chainclient.CurrentFees(ctx, b)
	if err != nil {
		return err
	}
	next := chainclient.Bump(chainclient.Fees{Tip: rec.Tip, FeeCap: rec.FeeCap}, now)
	rec.Tip, rec.FeeCap = next.Tip, next.FeeCap
	tx, err := w.sign(rec)
	if err != nil {
		return err
	}
	rec.Txs, rec.SentAt = append(rec.Txs, tx.Hash()), time.Now()
	if err := w.storeClaim(ctx, k, rec); err != nil {
		return err
	}
	if err := b.SendTransaction(ctx, tx); err != nil {
		w.bump(ctx, func(s *stats) { s.Failures++ })
		lg.Error("watchtower: claim not sent again; retrying at the next poll", "err", err)
		return fmt.Errorf("watchtower: claim channel %d: send: %w", k.channel, err)
	}
	lg.Info("watchtower: claim sent again with higher fees", "tx", tx.Hash().Hex(), "tip", rec.Tip, "feeCap", rec.FeeCap)
	return w.await(ctx, k, rec, w.cfg.ReceiptTimeout)
}

// await waits up to timeout for the receipt of the claim's last transaction.
func (w *Watchtower) await(ctx context.Context, k heldKey, rec *claimRecord, timeout time.Duration) error {
	rctx, cancel := context.WithTimeout(ctx, timeout)
	rc, err := chainclient.WaitMined(rctx, w.cfg.Backend, rec.Txs[len(rec.Txs)-1])
	cancel()
	if err != nil {
		w.bump(ctx, func(s *stats) { s.Failures++ })
		w.log.Warn("watchtower: claim not mined yet; looking again at the next poll", "channel", k.channel, "payer", k.payer.String(), "err", err)
		return fmt.Errorf("watchtower: claim channel %d: %w", k.channel, err)
	}
	return w.finish(ctx, k, rec, rc)
}

// finish records a claim's receipt and adds its cost to the stats.
func (w *Watchtower) finish(ctx context.Context, k heldKey, rec *claimRecord, rc *types.Receipt) error {
	ok := rc.Status == types.ReceiptStatusSuccessful
	rec.State, rec.Block, rec.GasUsed = claimMined, rc.BlockNumber.Uint64(), rc.GasUsed
	if !ok {
		rec.State = claimReverted
	}
	if err := w.storeClaim(ctx, k, rec); err != nil {
		return err
	}
	cost := new(big.Int).Mul(new(big.Int).SetUint64(rc.GasUsed), rc.EffectiveGasPrice)
	w.bump(ctx, func(s *stats) {
		s.GasUsed += rc.GasUsed
		s.GasSpent.Add(s.GasSpent, cost)
		if ok {
			s.Claims++
		} else {
			s.Failures++
		}
	})
	w.mu.Lock()
	st := w.stats
	w.mu.Unlock()
	lg := w.log.With("channel", k.channel, "payer", k.payer.String(), "paid", rec.Paid, "protects", rec.Protects, "tx", rc.TxHash.Hex(),
		"block", rc.BlockNumber, "closesAt", rec.ClosesAt, "gasUsed", rc.GasUsed, "cost", cost, "claims", st.Claims, "gasSpent", st.GasSpent)
	if !ok {
		lg.Error("watchtower: claim reverted; not claiming this direction again")
		return nil
	}
	lg.Info("watchtower: CLAIMED for the absent party")
	return nil
}

// nextNonce is the account's confirmed nonce, or the one after the highest
// nonce of its own claims still pending. w.pollMu is held.
func (w *Watchtower) nextNonce(ctx context.Context) (uint64, error) {
	n, err := w.cfg.Backend.NonceAt(ctx, w.addr, nil)
	if err != nil {
		return 0, fmt.Errorf("nonce: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.claims {
		if r.pending() && r.Account == w.addr && r.Nonce >= n {
			n = r.Nonce + 1
		}
	}
	return n, nil
}

// sign signs rec's call at its nonce, gas and fees.
func (w *Watchtower) sign(rec *claimRecord) (*types.Transaction, error) {
	chainID := new(big.Int).SetUint64(w.cfg.ChainID)
	data := w.abi.PackClaim(new(big.Int).SetUint64(rec.Channel), rec.PayerAccount, rec.Paid, rec.Sig[:])
	tx, err := types.SignNewTx(w.cfg.Key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: rec.Nonce, GasTipCap: rec.Tip, GasFeeCap: rec.FeeCap, Gas: rec.Gas,
		To: &w.cfg.Contract, Data: data,
	})
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	return tx, nil
}
