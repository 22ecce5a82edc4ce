package channel

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Store persists channel states and the wallet's sealed keys. The browser
// wallet implements it over localStorage, the CLI over files; MemStore is
// the in-memory one for tests. Save must be durable when it returns: Book
// sends and acknowledges only after a successful Save.
type Store interface {
	// LoadChannel returns the saved state of id, or an error wrapping
	// ErrNotFound.
	LoadChannel(id ID) (State, error)
	// SaveChannel stores s under s.ID, replacing any previous state.
	SaveChannel(s State) error
	// ListChannels returns the ids of all saved channels.
	ListChannels() ([]ID, error)
	// LoadKeys returns the sealed keys blob (see wallet.Seal), or an error
	// wrapping ErrNotFound.
	LoadKeys() ([]byte, error)
	// SaveKeys stores the sealed keys blob.
	SaveKeys(sealed []byte) error
}

// MultiSaver is an optional Store method: a Store that can write several
// channel states at once implements it, and Book.ReceiveMany uses it when a
// batch changed more than one channel. All states are durable when it
// returns nil; on an error none may be assumed saved.
type MultiSaver interface {
	SaveChannels(states []State) error
}

var (
	_ Store      = (*MemStore)(nil)
	_ MultiSaver = (*MemStore)(nil)
)

// MemStore is an in-memory Store. It keeps states as JSON, like the real
// stores, so a test also proves that State survives serialization.
type MemStore struct {
	mu       sync.Mutex
	channels map[ID][]byte
	keys     []byte
	// FailSave, if set, makes SaveChannel fail with it (to test that
	// nothing is sent when persisting fails).
	FailSave error
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{channels: map[ID][]byte{}} }

// LoadChannel implements Store.
func (m *MemStore) LoadChannel(id ID) (State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.channels[id]
	if !ok {
		return State{}, fmt.Errorf("load channel %s: %w", id, ErrNotFound)
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return State{}, fmt.Errorf("load channel %s: %w", id, err)
	}
	return s, nil
}

// SaveChannel implements Store.
func (m *MemStore) SaveChannel(s State) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.FailSave != nil {
		return fmt.Errorf("save channel %s: %w", s.ID, m.FailSave)
	}
	b, err := s.JSON()
	if err != nil {
		return fmt.Errorf("save channel %s: %w", s.ID, err)
	}
	m.channels[s.ID] = b
	return nil
}

// SaveChannels implements MultiSaver: all states or none.
func (m *MemStore) SaveChannels(states []State) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.FailSave != nil {
		return fmt.Errorf("save %d channels: %w", len(states), m.FailSave)
	}
	enc := make([][]byte, len(states))
	for i, s := range states {
		b, err := s.JSON()
		if err != nil {
			return fmt.Errorf("save channel %s: %w", s.ID, err)
		}
		enc[i] = b
	}
	for i, s := range states {
		m.channels[s.ID] = enc[i]
	}
	return nil
}

// ListChannels implements Store (sorted by String for determinism).
func (m *MemStore) ListChannels() ([]ID, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := make([]ID, 0, len(m.channels))
	for id := range m.channels {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].String() < ids[j].String() })
	return ids, nil
}

// LoadKeys implements Store.
func (m *MemStore) LoadKeys() ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.keys == nil {
		return nil, fmt.Errorf("load keys: %w", ErrNotFound)
	}
	return append([]byte(nil), m.keys...), nil
}

// SaveKeys implements Store.
func (m *MemStore) SaveKeys(sealed []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys = append([]byte(nil), sealed...)
	return nil
}

// Book is the imperative shell over the rules for one wallet key: every
// method loads the channel from the Store, applies a rule, saves the new
// state, and only then returns the effects. So a Payment is never sent, and
// a payment never acknowledged, before it is persisted: if Save fails the
// method returns the error and no effects. The rules run one at a time
// under a mutex; Book is safe for concurrent use.
//
// Saves are grouped (group commit): a step whose state is computed while
// an earlier one is being saved builds on that unsaved state, and waits
// for the next save, which writes the latest state of every channel
// changed meanwhile at once. Every step still returns only after a save
// covering its own state has succeeded. If that save fails, the step and
// every later step of the channel built on the lost state fail with it
// (none of their effects exists anywhere), and the next step starts again
// from the saved state. [Book.PayManyAsync] lets one caller sign the next
// payments while the last ones are being saved.
//
// Typical use (UI, CLI):
//
//	st, fx, err := book.Pay(id, amount, time.Now())   // then: for m in fx.Send: relay.Send(peer, wire.Encode(m))
//	st, fx, err := book.Receive(from, msg, time.Now()) // msg from wire.Decode; send fx.Send, submit fx.Submit
//	st, fx, err := book.Apply(id, channel.Claimed{…})  // from the chain watcher; submit fx.Submit
type Book struct {
	mu     sync.Mutex
	store  Store
	key    *ecdsa.PrivateKey
	signer common.Address
	// hostMin is the minimum finalization period the host's configuration
	// states (honoured on DevChainID only, see MinFinalizationBlocks).
	hostMin uint64

	// Group commit (all under mu). ahead holds the latest state of each
	// channel changed since its last successful save; seq counts each
	// channel's changes; saved is the last change of a channel a save
	// covered, lost the last one a failed save lost (with its error).
	ahead  map[ID]State
	seq    map[ID]uint64
	saved  map[ID]uint64
	lost   map[ID]lostSave
	saving bool       // a flush is writing (without mu)
	flushd *sync.Cond // signalled (on mu) when a flush ends
}

// lostSave is a failed save: changes up to seq are lost.
type lostSave struct {
	seq uint64
	err error
}

// NewBook returns a Book signing with key and persisting to store.
func NewBook(store Store, key *ecdsa.PrivateKey) *Book {
	b := &Book{store: store, key: key, signer: crypto.PubkeyToAddress(key.PublicKey),
		ahead: map[ID]State{}, seq: map[ID]uint64{}, saved: map[ID]uint64{}, lost: map[ID]lostSave{}}
	b.flushd = sync.NewCond(&b.mu)
	return b
}

// SetHostMinFinalization records the minimum finalization period the
// host's configuration states (hostapi.Config.MinFinalizationBlocks). It
// lowers the minimum for the development chain only.
func (b *Book) SetHostMinFinalization(blocks uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.hostMin = blocks
}

// MinFinalization returns the minimum finalization period this Book
// requires of a channel on chainID.
func (b *Book) MinFinalization(chainID uint64) uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return MinFinalizationBlocks(chainID, b.hostMin)
}

// checkTerms refuses a channel whose finalization period is below the
// minimum (the lock is held).
func (b *Book) checkTerms(s State, op string) error {
	if err := CheckFinalization(s.FinalizationBlocks, MinFinalizationBlocks(s.ID.ChainID, b.hostMin)); err != nil {
		return &Error{Channel: s.ID, Op: op, Err: err}
	}
	return nil
}

// paymentMessage reports whether m carries a payment (Payment or Sync).
func paymentMessage(m Message) bool {
	switch m.(type) {
	case Payment, Sync:
		return true
	}
	return false
}

// Signer returns the address of the Book's key.
func (b *Book) Signer() common.Address { return b.signer }

// Add stores a new channel (from NewState after the ChannelOpened event,
// with its FinalizationBlocks). My signer in s must be the Book's key
// (ErrWrongKey: Alice alone picks Bob's signer at open, so a channel can
// name a signer for me that is not my key), and the finalization period
// must be at least the minimum (ErrFinalizationTooShort). ErrExists if
// already stored.
func (b *Book) Add(s State) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s.Me().Signer != b.signer {
		return &Error{Channel: s.ID, Op: "add", Err: fmt.Errorf("%w: channel signer %s, book key %s", ErrWrongKey, s.Me().Signer.Hex(), b.signer.Hex())}
	}
	if err := b.checkTerms(s, "add"); err != nil {
		return err
	}
	if _, err := b.store.LoadChannel(s.ID); err == nil {
		return &Error{Channel: s.ID, Op: "add", Err: ErrExists}
	} else if !errors.Is(err, ErrNotFound) {
		return &Error{Channel: s.ID, Op: "add", Err: &StoreError{Err: err}}
	}
	s = s.clone()
	if err := b.store.SaveChannel(s); err != nil {
		return &Error{Channel: s.ID, Op: "add", Err: &StoreError{Err: err}}
	}
	return nil
}

// Get returns the stored state of a channel.
func (b *Book) Get(id ID) (State, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.load(id, "get")
}

// List returns the states of all stored channels.
func (b *Book) List() ([]State, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	ids, err := b.store.ListChannels()
	if err != nil {
		return nil, fmt.Errorf("list channels: %w", &StoreError{Err: err})
	}
	out := make([]State, 0, len(ids))
	for _, id := range ids {
		s, err := b.load(id, "list")
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (b *Book) load(id ID, op string) (State, error) {
	s, err := b.store.LoadChannel(id)
	if err != nil {
		if !errors.Is(err, ErrNotFound) {
			err = &StoreError{Err: err}
		}
		return State{}, &Error{Channel: id, Op: op, Err: err}
	}
	s.normalize()
	return s, nil
}

// current is the latest state of channel id for a rule to build on: the
// unsaved one if a step changed it since its last save, else the saved one
// (mu is held).
func (b *Book) current(id ID, op string) (State, error) {
	if s, ok := b.ahead[id]; ok {
		return s.clone(), nil
	}
	return b.load(id, op)
}

// stage records n as the latest state of its channel, to be saved by the
// next flush, and returns its change number (mu is held).
func (b *Book) stage(n State) uint64 {
	b.seq[n.ID]++
	b.ahead[n.ID] = n.clone()
	return b.seq[n.ID]
}

// commit waits until a save covers change seq of channel id (flushing
// itself when no flush is running), or returns the error of the failed
// save that lost it (mu is held; it is released while waiting and while
// writing).
func (b *Book) commit(id ID, seq uint64, op string) error {
	for {
		if b.saved[id] >= seq {
			return nil
		}
		if l := b.lost[id]; l.seq >= seq {
			return &Error{Channel: id, Op: op, Err: &StoreError{Err: fmt.Errorf("persist: %w", l.err)}}
		}
		if b.saving {
			b.flushd.Wait()
			continue
		}
		b.flush()
	}
}

// flush saves the latest state of every channel in ahead (one
// SaveChannels when the Store can, else one SaveChannel each), without mu
// while it writes, so that the next steps can be computed meanwhile (mu
// is held on entry and on return).
func (b *Book) flush() {
	b.saving = true
	ids := make([]ID, 0, len(b.ahead))
	for id := range b.ahead {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].String() < ids[j].String() })
	states := make([]State, len(ids))
	seqs := make([]uint64, len(ids))
	for i, id := range ids {
		states[i], seqs[i] = b.ahead[id], b.seq[id]
	}
	b.mu.Unlock()
	errs := make([]error, len(states))
	if ms, ok := b.store.(MultiSaver); ok && len(states) > 1 {
		if err := ms.SaveChannels(states); err != nil {
			for i := range errs {
				errs[i] = fmt.Errorf("%d channels: %w", len(states), err)
			}
		}
	} else {
		for i, s := range states {
			errs[i] = b.store.SaveChannel(s)
		}
	}
	b.mu.Lock()
	for i, id := range ids {
		if errs[i] == nil {
			b.saved[id] = seqs[i]
			if b.seq[id] == seqs[i] {
				delete(b.ahead, id)
			}
			continue
		}
		// Lost: the saved state and every change built on the unsaved
		// one since, which is dropped.
		b.lost[id] = lostSave{seq: b.seq[id], err: errs[i]}
		delete(b.ahead, id)
	}
	b.saving = false
	b.flushd.Broadcast()
}

// step runs a rule under the lock on the channel's latest state, stages
// the new state and returns its effects once a save covers it.
func (b *Book) step(id ID, op string, rule func(State) (State, Effects, error)) (State, Effects, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, err := b.current(id, op)
	if err != nil {
		return State{}, Effects{}, err
	}
	n, fx, err := rule(s)
	if err != nil {
		return s, Effects{}, err
	}
	if _, unsaved := b.ahead[id]; !unsaved && fx.Empty() && reflect.DeepEqual(n, s) {
		// Nothing changed (a chain event already applied, read again at
		// every refresh) and the state is the saved one: no write.
		return n, fx, nil
	}
	if err := b.commit(id, b.stage(n), op); err != nil {
		return s, Effects{}, err
	}
	return n, fx, nil
}

// Pay pays amount on channel id (see Pay). The returned Payment is already
// persisted: send it.
func (b *Book) Pay(id ID, amount *big.Int, now time.Time) (State, Effects, error) {
	return b.step(id, "pay", func(s State) (State, Effects, error) {
		if err := b.checkTerms(s, "pay"); err != nil {
			return s, Effects{}, err
		}
		return Pay(s, amount, b.key, now)
	})
}

// PayMany makes one payment per amount on channel id, in order, each with
// its own signature, and persists the resulting state with a single save
// before returning the Payments to send (fx.Send, in order; the last one
// carries the new total). It is all or nothing: if any payment is refused
// (overdraw, channel not open...) or the save fails, nothing is saved and
// no effects are returned. Use it to pipeline a burst of payments: one
// write instead of one per payment.
func (b *Book) PayMany(id ID, amounts []*big.Int, now time.Time) (State, Effects, error) {
	return b.step(id, "pay", func(s State) (State, Effects, error) {
		if err := b.checkTerms(s, "pay"); err != nil {
			return s, Effects{}, err
		}
		return payMany(s, amounts, b.key, now)
	})
}

// PayManyAsync is PayMany for a caller that pipelines: it signs the
// payments on the channel's latest state (saved or not), records the new
// state for saving and returns at once, with commit, which waits until a
// save covers that state and then returns the Payments to send (fx.Send,
// in order). The caller calls commit for each PayManyAsync, in order, and
// sends what each returns before the next; meanwhile it can sign the next
// payments, which the save after the running one writes together (one
// write for all of them). If commit fails nothing of this call, nor of any
// later call on the channel made before the failure, was saved: their
// commits fail too and nothing of them may be sent.
func (b *Book) PayManyAsync(id ID, amounts []*big.Int, now time.Time) (State, func() (Effects, error), error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, err := b.current(id, "pay")
	if err != nil {
		return State{}, nil, err
	}
	if err := b.checkTerms(s, "pay"); err != nil {
		return s, nil, err
	}
	n, fx, err := payMany(s, amounts, b.key, now)
	if err != nil {
		return s, nil, err
	}
	seq := b.stage(n)
	return n, func() (Effects, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		if err := b.commit(id, seq, "pay"); err != nil {
			return Effects{}, err
		}
		return fx, nil
	}, nil
}

// payMany applies Pay once per amount, all or nothing.
func payMany(s State, amounts []*big.Int, key *ecdsa.PrivateKey, now time.Time) (State, Effects, error) {
	var all Effects
	cur := s
	for _, a := range amounts {
		n, fx, err := Pay(cur, a, key, now)
		if err != nil {
			return s, Effects{}, err
		}
		cur = n
		all.Send = append(all.Send, fx.Send...)
		all.Submit = append(all.Submit, fx.Submit...)
	}
	return cur, all, nil
}

// Incoming is one message for ReceiveMany.
type Incoming struct {
	// From is the signer address the relay authenticated.
	From common.Address
	// Msg is the decoded message.
	Msg Message
}

// Outcome is what ReceiveMany did with one message.
type Outcome struct {
	// Before and After are the channel state before and after the message
	// (After equals Before when it was refused).
	Before, After State
	// Effects are the message's effects (sent and submitted only after the
	// whole batch was persisted).
	Effects Effects
	// Err is set when the rules refused the message (it changed nothing);
	// the other messages of the batch are still applied.
	Err error
}

// ReceiveMany handles several delivered messages, in order, like Receive
// each, but loads each channel once and persists all changed channels with
// one save per channel (one save in all when the Store implements
// MultiSaver) before returning any effects. A message the rules refuse
// gets its Outcome.Err and changes nothing. The returned error is a failed
// load or save: then nothing was persisted, no effects must be carried
// out, and the caller retries (or refuses) the whole batch.
func (b *Book) ReceiveMany(msgs []Incoming, now time.Time) ([]Outcome, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Outcome, len(msgs))
	cur := map[ID]State{}
	var order []ID // changed channels, in first-change order
	changed := map[ID]bool{}
	for i, in := range msgs {
		if in.Msg == nil {
			out[i].Err = fmt.Errorf("receive: nil message: %w", ErrInvalidState)
			continue
		}
		id := in.Msg.ChannelID()
		s, ok := cur[id]
		if !ok {
			var err error
			if s, err = b.current(id, "receive"); err != nil {
				if errors.Is(err, ErrNotFound) {
					out[i].Err = err
					continue
				}
				return nil, err
			}
			cur[id] = s
		}
		out[i].Before = s
		var n State
		var fx Effects
		var err error
		if in.From != s.Peer().Signer {
			n, fx, err = fail(s, "receive", fmt.Errorf("%w: from %s, peer is %s", ErrNotPeer, in.From.Hex(), s.Peer().Signer.Hex()))
		} else if terr := b.checkTerms(s, "receive"); terr != nil && paymentMessage(in.Msg) {
			n, fx, err = s, Effects{}, terr
		} else {
			n, fx, err = Receive(s, in.Msg, b.key, now)
		}
		if err != nil {
			out[i].After, out[i].Err = s, err
			continue
		}
		out[i].After, out[i].Effects = n, fx
		cur[id] = n
		if !changed[id] {
			changed[id] = true
			order = append(order, id)
		}
	}
	seqs := make([]uint64, len(order))
	for i, id := range order {
		seqs[i] = b.stage(cur[id])
	}
	var first error
	for i, id := range order {
		if err := b.commit(id, seqs[i], "receive"); err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

// Receive handles a message that the relay delivered from signer address
// from (see Receive). from must be the channel's peer (ErrNotPeer). The
// state is persisted before the returned Ack or countersignature is sent.
func (b *Book) Receive(from common.Address, m Message, now time.Time) (State, Effects, error) {
	if m == nil {
		return State{}, Effects{}, fmt.Errorf("receive: nil message: %w", ErrInvalidState)
	}
	return b.step(m.ChannelID(), "receive", func(s State) (State, Effects, error) {
		if from != s.Peer().Signer {
			return fail(s, "receive", fmt.Errorf("%w: from %s, peer is %s", ErrNotPeer, from.Hex(), s.Peer().Signer.Hex()))
		}
		if err := b.checkTerms(s, "receive"); err != nil && paymentMessage(m) {
			return s, Effects{}, err
		}
		return Receive(s, m, b.key, now)
	})
}

// Apply applies a chain event to channel id (see ApplyEvent).
func (b *Book) Apply(id ID, ev Event) (State, Effects, error) {
	return b.step(id, "apply event", func(s State) (State, Effects, error) { return ApplyEvent(s, ev) })
}

// ProposeClose proposes a cooperative close with the current totals. The
// signed record is persisted before the proposal is returned to send.
func (b *Book) ProposeClose(id ID, now time.Time) (State, Effects, error) {
	return b.step(id, "propose close", func(s State) (State, Effects, error) { return ProposeClose(s, b.key, now) })
}

// CheckClose runs the CheckClose rule on channel id (call it periodically
// and after applying chain events) and persists what it records before
// returning the transactions to submit.
func (b *Book) CheckClose(id ID, now time.Time, t CloseTiming) (State, Effects, error) {
	return b.step(id, "check close", func(s State) (State, Effects, error) { return CheckClose(s, now, t) })
}

// CloseFailed records that submitting the signed Close of channel id
// reverted, and returns the unilateral fallback to submit (CloseFailed).
func (b *Book) CloseFailed(id ID, now time.Time) (State, Effects, error) {
	return b.step(id, "close failed", func(s State) (State, Effects, error) { return CloseFailed(s, now) })
}

// StartClose closes unilaterally (claim my best payment, or startClose).
func (b *Book) StartClose(id ID) (State, Effects, error) {
	return b.step(id, "start close", StartClose)
}

// Restore merges a copy of a channel (from a backup) into the stored
// state under the Book's lock (Merge: the higher totals win), or stores it
// if the channel is new. The copy must be signed by the Book's key
// (ErrWrongKey). It returns the merged state.
func (b *Book) Restore(s State) (State, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s.Me().Signer != b.signer {
		return State{}, &Error{Channel: s.ID, Op: "restore", Err: fmt.Errorf("%w: channel signer %s, book key %s", ErrWrongKey, s.Me().Signer.Hex(), b.signer.Hex())}
	}
	s.normalize()
	n := s.clone()
	cur, err := b.current(s.ID, "restore")
	switch {
	case err == nil:
		if n, err = Merge(cur, s); err != nil {
			return State{}, err
		}
	case !errors.Is(err, ErrNotFound):
		return State{}, err
	}
	if err := b.commit(s.ID, b.stage(n), "restore"); err != nil {
		return State{}, err
	}
	return n, nil
}

// Sync returns the Sync message to send the peer of id after a reconnect.
func (b *Book) Sync(id ID) (Effects, error) {
	s, err := b.Get(id)
	if err != nil {
		return Effects{}, err
	}
	return Effects{Send: []Message{MakeSync(s)}}, nil
}
