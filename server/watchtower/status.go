// Status: what the host serves at wt.StatusPath.

package watchtower

import (
	"context"
	"fmt"

	wt "paychan/app/watchtower"
)

// Status reports the watchtower's account, balance, work and costs; the
// host serves it at wt.StatusPath.
func (w *Watchtower) Status(ctx context.Context) (wt.Status, error) {
	w.mu.Lock()
	s := wt.Status{
		Account:  w.addr.Hex(),
		ChainID:  w.cfg.ChainID,
		Contract: w.cfg.Contract.Hex(),
		Watched:  len(w.held),
		Channels: 0,
		Cursor:   w.cursor,
		Claims:   w.stats.Claims,
		Failures: w.stats.Failures,
		Missed:   w.stats.Missed,
		GasUsed:  w.stats.GasUsed,
		GasSpent: w.stats.GasSpent.String(),
	}
	chans := map[uint64]bool{}
	for k := range w.held {
		chans[k.channel] = true
	}
	s.Channels = len(chans)
	s.Tokens = w.tokenStatus()
	w.mu.Unlock()
	if w.relay != nil {
		s.Relay = w.relay.State().String()
	}
	bal, err := w.cfg.Backend.BalanceAt(ctx, w.addr, nil)
	if err != nil {
		return s, fmt.Errorf("watchtower: balance: %w", err)
	}
	s.Balance = bal.String()
	return s, nil
}
