// The claim lease: hosts sharing one watchtower identity (one key, one
// bucket on a NATS cluster) take turns at claiming through one KeyValue
// key, lease.<chainId>.<contract>. Only the host holding it submits or
// resumes claims, so the shared account's nonces never collide and each
// claim is sent by one host. The holder renews it at every poll (an Update
// at the revision it last wrote); another host takes it over (an Update at
// the revision it saw) once that revision has not changed for LeaseTTL by
// its own clock, so no clocks are compared across machines. A host that
// takes the lease first reads the bucket (the payments and claims other
// hosts stored) and looks at every watched channel: a claim recorded by a
// host that died is sent again with the same nonce, a claim not yet made
// is made.

package watchtower

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	wt "paychan/app/watchtower"
)

// DefaultLeaseTTL is how long a claim lease that is not renewed is
// respected by the other hosts.
const DefaultLeaseTTL = 10 * time.Second

// leaseRecord is the value of the lease key.
type leaseRecord struct {
	Holder  string    `json:"holder"`  // Config.LeaseHolder of the holder
	Renewed time.Time `json:"renewed"` // for people: not compared by hosts
}

// leaseState is this watchtower's view of the lease. Guarded by pollMu.
type leaseState struct {
	id     string
	held   bool
	rev    uint64    // the last revision seen of another holder's lease
	seenAt time.Time // when rev was first seen
}

func (w *Watchtower) leaseKey() string { return "lease." + w.prefix }

// holdLease renews or takes the claim lease and reports whether this
// watchtower holds it. w.pollMu is held.
func (w *Watchtower) holdLease(ctx context.Context) bool {
	was := w.lease.held
	w.lease.held = w.tryLease(ctx)
	if w.lease.held && !was {
		w.log.Info("watchtower: holding the claim lease: this host makes the claims", "holder", w.lease.id)
		if err := w.refresh(ctx); err != nil {
			w.log.Warn("watchtower: read the bucket after taking the lease", "err", err)
			w.lease.held = false // try again at the next poll
		}
	} else if was && !w.lease.held {
		w.log.Warn("watchtower: lost the claim lease: another host makes the claims")
	}
	return w.lease.held
}

func (w *Watchtower) tryLease(ctx context.Context) bool {
	val, _ := json.Marshal(leaseRecord{Holder: w.lease.id, Renewed: time.Now().UTC()})
	e, err := w.kv.Get(ctx, w.leaseKey())
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		_, err := w.kv.Create(ctx, w.leaseKey(), val)
		return err == nil
	}
	if err != nil {
		return false // NATS unreachable: claim nothing rather than twice
	}
	var r leaseRecord
	if json.Unmarshal(e.Value(), &r) == nil && r.Holder == w.lease.id {
		_, err := w.kv.Update(ctx, w.leaseKey(), val, e.Revision())
		return err == nil
	}
	if e.Revision() != w.lease.rev {
		w.lease.rev, w.lease.seenAt = e.Revision(), time.Now()
		return false
	}
	if time.Since(w.lease.seenAt) < w.cfg.Limits.LeaseTTL {
		return false
	}
	if _, err := w.kv.Update(ctx, w.leaseKey(), val, e.Revision()); err != nil {
		return false
	}
	w.log.Warn("watchtower: took over the claim lease: its holder did not renew it", "from", r.Holder, "ttl", w.cfg.Limits.LeaseTTL)
	return true
}

// refresh merges the bucket's payments and claims (stored by any host)
// into memory and marks their channels to be looked at.
func (w *Watchtower) refresh(ctx context.Context) error {
	watcher, err := w.kv.WatchFiltered(ctx, []string{"held." + w.prefix + ".>", "claim." + w.prefix + ".>"}, jetstream.IgnoreDeletes())
	if err != nil {
		return fmt.Errorf("watchtower: list held payments: %w", err)
	}
	defer watcher.Stop()
	for e := range watcher.Updates() {
		if e == nil {
			return nil
		}
		if strings.HasPrefix(e.Key(), "claim.") {
			var r claimRecord
			if json.Unmarshal(e.Value(), &r) != nil {
				continue
			}
			w.mu.Lock()
			w.claims[heldKey{r.Channel, r.Payer}] = &r
			w.dirty[r.Channel] = true
			w.mu.Unlock()
			continue
		}
		var h wt.Held
		if json.Unmarshal(e.Value(), &h) != nil {
			continue
		}
		k := heldKey{h.ID.Channel, h.Payer}
		w.mu.Lock()
		old, ok := w.held[k]
		if !ok {
			w.owners[h.Owner]++
		}
		if !ok || h.Paid.Cmp(old.Paid) > 0 {
			w.held[k] = h
		}
		w.dirty[h.ID.Channel] = true
		w.mu.Unlock()
	}
	return nil
}
