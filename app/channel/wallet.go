package channel

import (
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/ethereum/go-ethereum/common"
)

// This file holds the decisions that every wallet shell (the browser, the
// CLI) used to make on its own: which role I have in a channel found on
// chain, what I can withdraw, which channels to resync, how to merge a
// restored copy, and whether an error means "refused" or "try again".

// ErrNotParty: a channel found on chain names neither my account nor my
// signer (see NotPartyError).
var ErrNotParty = errors.New("not a party of the channel")

// NotPartyError says that Me is neither party of Channel.
type NotPartyError struct {
	Channel    ID
	Me         common.Address
	Alice, Bob common.Address
}

// Error names me and both parties.
func (e *NotPartyError) Error() string {
	return fmt.Sprintf("you (%s) are not a party of channel %d: its parties are Alice %s and Bob %s",
		e.Me.Hex(), e.Channel.Channel, e.Alice.Hex(), e.Bob.Hex())
}

// Is makes errors.Is(err, ErrNotParty) true.
func (e *NotPartyError) Is(target error) bool { return target == ErrNotParty }

// WrongSignerError says that a channel names Expected as my signer while
// my key is Key (Alice alone picks Bob's signer at open). It matches
// ErrWrongKey.
type WrongSignerError struct {
	Channel       ID
	Expected, Key common.Address
}

// Error names both addresses.
func (e *WrongSignerError) Error() string {
	return fmt.Sprintf("channel %d expects %s to sign for you, but your key is %s", e.Channel.Channel, e.Expected.Hex(), e.Key.Hex())
}

// Is makes errors.Is(err, ErrWrongKey) true.
func (e *WrongSignerError) Is(target error) bool { return target == ErrWrongKey }

// Found returns the state to store for a channel found on chain (its
// ChannelOpened event or its parties), for the wallet whose key signs as
// me (on an EVM chain my account is the same address). It decides my role:
// Alice if me is Alice's signer or account, else Bob if me is Bob's; a
// channel that names neither is refused (NotPartyError), and so is one
// whose signer for my role is not my key (WrongSignerError). The
// finalization period is recorded; Book.Add checks it against the minimum.
func Found(id ID, alice, bob Party, finalizationBlocks uint64, me common.Address) (State, error) {
	var role Role
	switch {
	case alice.Signer == me || alice.Account == me:
		role = Alice
	case bob.Signer == me || bob.Account == me:
		role = Bob
	default:
		return State{}, &NotPartyError{Channel: id, Me: me, Alice: alice.Account, Bob: bob.Account}
	}
	s, err := NewState(id, role, alice, bob)
	if err != nil {
		return State{}, err
	}
	if s.Me().Signer != me {
		return State{}, &WrongSignerError{Channel: id, Expected: s.Me().Signer, Key: me}
	}
	s.FinalizationBlocks = finalizationBlocks
	return s, nil
}

// MyPayout returns what I can withdraw (or withdrew) under the totals
// proven on chain, and whether I already withdrew it. It is meaningful once
// the channel is Closed.
func (s State) MyPayout() (amount *big.Int, withdrawn bool) {
	alice, bob := s.Payouts(s.onChain())
	if s.Role == Bob {
		return bob, s.BobWithdrawn
	}
	return alice, s.AliceWithdrawn
}

// NeedsSync reports whether to send the peer a Sync for s after a
// (re)connection. Normally only an Open channel whose last payment the
// peer has not acknowledged needs one (a payment saved while offline);
// after a restore from a backup (full) every channel not Closed does, so
// that the peer resends any payment newer than the backup.
func NeedsSync(s State, full bool) bool {
	if full {
		return s.Status != Closed
	}
	if s.Status != Open || s.Sent == nil || s.Sent.Sign() == 0 {
		return false
	}
	return s.PeerAcked == nil || s.PeerAcked.Cmp(s.Sent) < 0
}

// Merge combines what the wallet holds for a channel (cur) with an older
// or newer copy (other, from a backup). Totals are cumulative, so the
// higher one (with its signature) always wins: restoring an older backup
// never loses a newer payment, and a newer one supersedes the backup's.
// Both must be the same channel with the same role (ErrWrongChannel).
func Merge(cur, other State) (State, error) {
	if cur.ID != other.ID || cur.Role != other.Role {
		return cur, &Error{Channel: cur.ID, Op: "merge", Err: fmt.Errorf("%w: %s as %s and %s as %s", ErrWrongChannel, cur.ID, cur.Role, other.ID, other.Role)}
	}
	cur.normalize()
	other.normalize()
	n := cur.clone()
	max := func(a, b *big.Int) *big.Int {
		if a.Cmp(b) >= 0 {
			return new(big.Int).Set(a)
		}
		return new(big.Int).Set(b)
	}
	if other.Received.Cmp(n.Received) > 0 {
		n.Received, n.ReceivedSig = new(big.Int).Set(other.Received), other.ReceivedSig
	}
	if other.Sent.Cmp(n.Sent) > 0 {
		n.Sent, n.SentSig = new(big.Int).Set(other.Sent), other.SentSig
	}
	n.AliceDeposit, n.BobDeposit = max(n.AliceDeposit, other.AliceDeposit), max(n.BobDeposit, other.BobDeposit)
	n.AliceOnChain, n.BobOnChain = max(n.AliceOnChain, other.AliceOnChain), max(n.BobOnChain, other.BobOnChain)
	n.PeerAcked = max(n.PeerAcked, other.PeerAcked)
	if other.Status > n.Status {
		n.Status, n.ClosesAt = other.Status, other.ClosesAt
	}
	n.AliceWithdrawn = n.AliceWithdrawn || other.AliceWithdrawn
	n.BobWithdrawn = n.BobWithdrawn || other.BobWithdrawn
	if n.Close == nil && other.Close != nil {
		c := *other.Close
		n.Close = &c
	}
	if n.FinalizationBlocks == 0 {
		n.FinalizationBlocks = other.FinalizationBlocks
	}
	n.History = mergeHistory(cur.History, other.History)
	return n, nil
}

// mergeHistory unions two histories (an entry is identified by its
// direction and the total after it), oldest first, capped like record's.
func mergeHistory(a, b []Entry) []Entry {
	seen := map[string]bool{}
	var out []Entry
	for _, e := range append(append([]Entry(nil), a...), b...) {
		if e.Total == nil {
			continue
		}
		k := e.Dir.String() + "/" + e.Total.String()
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Dir == out[j].Dir {
			return out[i].Total.Cmp(out[j].Total) < 0
		}
		return out[i].At.Before(out[j].At)
	})
	if len(out) > HistoryLimit {
		out = out[len(out)-HistoryLimit:]
	}
	return out
}

// StoreError is a failure to load or persist a state (the disk, the
// browser's storage): nothing was changed, and the same input may succeed
// later. Book returns it wrapped in an *Error; test with Retryable.
type StoreError struct {
	Err error
}

// Error returns the store's error.
func (e *StoreError) Error() string { return "store: " + e.Err.Error() }

// Unwrap returns the store's error.
func (e *StoreError) Unwrap() error { return e.Err }

// Retryable reports whether err means "try again later" (the Store failed:
// nothing was persisted) rather than a refusal by the rules, which the same
// input can never pass. A relay message whose handling returns a
// retryable error must not be acknowledged; a refused one is dropped.
func Retryable(err error) bool {
	var se *StoreError
	return errors.As(err, &se)
}

// SignedClose returns the cooperativeClose call of the Close both parties
// signed for s, if there is one (the user may submit it at any time).
func SignedClose(s State) (CooperativeCloseTx, bool) {
	if !s.Close.Complete() {
		return CooperativeCloseTx{}, false
	}
	return closeTx(s), true
}
