// Storage: the records kept in the JetStream KeyValue bucket (held payments,
// claims, the follow cursor, stats), their keys, and loading them at Open.

package watchtower

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats.go/jetstream"

	"paychan/app/channel"
	wt "paychan/app/watchtower"
)

type heldKey struct {
	channel uint64
	payer   channel.Role
}

// claimRecord is the watchtower's one claim for a channel direction, stored
// in the bucket (key claim.<chainId>.<contract>.<channel>.<payer>) before
// its transaction is sent: while it exists no other claim is made for that
// direction, across restarts and across hosts sharing the bucket (it is
// created with KeyValue.Create). Replacements of a pending transaction
// (same nonce, same call, higher fees) are the same claim.
type claimRecord struct {
	Channel uint64       `json:"channel"`
	Payer   channel.Role `json:"payer"`
	// Account is the watchtower account that sends it; Nonce its nonce.
	Account common.Address `json:"account"`
	Nonce   uint64         `json:"nonce"`
	// PayerAccount, Paid and Sig are the call: claim(channel, PayerAccount, Paid, Sig).
	PayerAccount common.Address    `json:"payerAccount"`
	Paid         *big.Int          `json:"paid"`
	Sig          channel.Signature `json:"sig"`
	// Protects is what it protects (wei, or the token's units in a token
	// channel); Gas, Tip and FeeCap the last
	// transaction's; Txs every transaction sent (replacements), last last.
	Protects *big.Int      `json:"protects"`
	Gas      uint64        `json:"gas"`
	Tip      *big.Int      `json:"tip"`
	FeeCap   *big.Int      `json:"feeCap"`
	Txs      []common.Hash `json:"txs"`
	SentAt   time.Time     `json:"sentAt"`
	ClosesAt uint64        `json:"closesAt"`
	// State is claimSent until the receipt is seen, then claimMined or
	// claimReverted; claimLost if the nonce was used by none of Txs,
	// claimMissed if the period ended first.
	State   string `json:"state"`
	Block   uint64 `json:"block,omitempty"`
	GasUsed uint64 `json:"gasUsed,omitempty"`
}

const (
	claimSent     = "sent"
	claimMined    = "mined"
	claimReverted = "reverted"
	claimLost     = "lost"
	claimMissed   = "missed"
)

func (r *claimRecord) pending() bool { return r.State == claimSent }

func (r *claimRecord) clone() *claimRecord {
	c := *r
	c.Txs = append([]common.Hash(nil), r.Txs...)
	return &c
}

// stats are kept durably next to the payments.
type stats struct {
	Claims   int      `json:"claims"`
	Failures int      `json:"failures"`
	Missed   int      `json:"missed"`
	GasUsed  uint64   `json:"gasUsed"`
	GasSpent *big.Int `json:"gasSpent"`
}

// Keys in the bucket.
func (w *Watchtower) heldKeyName(k heldKey) string {
	return fmt.Sprintf("held.%s.%d.%s", w.prefix, k.channel, strings.ToLower(k.payer.String()))
}
func (w *Watchtower) claimKeyName(k heldKey) string {
	return fmt.Sprintf("claim.%s.%d.%s", w.prefix, k.channel, strings.ToLower(k.payer.String()))
}
func (w *Watchtower) cursorKey() string { return "cursor." + w.prefix }
func (w *Watchtower) statsKey() string  { return "stats." + w.prefix }

// load reads the held payments, the claims, the cursor and the stats.
func (w *Watchtower) load(ctx context.Context) error {
	watcher, err := w.kv.WatchFiltered(ctx, []string{"held." + w.prefix + ".>", "claim." + w.prefix + ".>"}, jetstream.IgnoreDeletes())
	if err != nil {
		return fmt.Errorf("watchtower: list held payments: %w", err)
	}
	defer watcher.Stop()
	for e := range watcher.Updates() {
		if e == nil { // end of the current values
			break
		}
		if strings.HasPrefix(e.Key(), "claim.") {
			var r claimRecord
			if err := json.Unmarshal(e.Value(), &r); err != nil {
				return fmt.Errorf("watchtower: claim %s: %w", e.Key(), err)
			}
			w.claims[heldKey{r.Channel, r.Payer}] = &r
			w.dirty[r.Channel] = true
			continue
		}
		var h wt.Held
		if err := json.Unmarshal(e.Value(), &h); err != nil {
			return fmt.Errorf("watchtower: held payment %s: %w", e.Key(), err)
		}
		w.held[heldKey{h.ID.Channel, h.Payer}] = h
		w.owners[h.Owner]++
		w.dirty[h.ID.Channel] = true // look at every watched channel once after a start
	}
	if e, err := w.kv.Get(ctx, w.statsKey()); err == nil {
		if err := json.Unmarshal(e.Value(), &w.stats); err != nil {
			return fmt.Errorf("watchtower: stats: %w", err)
		}
		if w.stats.GasSpent == nil {
			w.stats.GasSpent = new(big.Int)
		}
	} else if !errors.Is(err, jetstream.ErrKeyNotFound) {
		return fmt.Errorf("watchtower: read stats: %w", err)
	}
	e, err := w.kv.Get(ctx, w.cursorKey())
	switch {
	case err == nil:
		if err := json.Unmarshal(e.Value(), &w.cursor); err != nil {
			return fmt.Errorf("watchtower: cursor: %w", err)
		}
	case errors.Is(err, jetstream.ErrKeyNotFound):
		head, err := w.cfg.Backend.BlockNumber(ctx)
		if err != nil {
			return fmt.Errorf("watchtower: head block: %w", err)
		}
		if err := w.putJSON(ctx, w.cursorKey(), head); err != nil {
			return err
		}
		w.cursor = head
	default:
		return fmt.Errorf("watchtower: read cursor: %w", err)
	}
	return nil
}

func (w *Watchtower) putJSON(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("watchtower: encode %s: %w", key, err)
	}
	if _, err := w.kv.Put(ctx, key, b); err != nil {
		return fmt.Errorf("watchtower: store %s: %w", key, err)
	}
	return nil
}

// bump updates the stats and stores them.
func (w *Watchtower) bump(ctx context.Context, f func(*stats)) {
	w.mu.Lock()
	f(&w.stats)
	s := w.stats
	s.GasSpent = new(big.Int).Set(w.stats.GasSpent)
	w.mu.Unlock()
	if err := w.putJSON(ctx, w.statsKey(), s); err != nil {
		w.log.Warn("watchtower: stats not stored", "err", err)
	}
}

// storeClaim stores rec (the watchtower's own record) and keeps a copy.
func (w *Watchtower) storeClaim(ctx context.Context, k heldKey, rec *claimRecord) error {
	if err := w.putJSON(ctx, w.claimKeyName(k), rec); err != nil {
		return err
	}
	w.mu.Lock()
	w.claims[k] = rec.clone()
	w.mu.Unlock()
	return nil
}
