package channel

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
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

var _ Store = (*MemStore)(nil)

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
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("save channel %s: %w", s.ID, err)
	}
	m.channels[s.ID] = b
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
// method returns the error and no effects. Methods are serialized by a
// mutex; Book is safe for concurrent use.
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
}

// NewBook returns a Book signing with key and persisting to store.
func NewBook(store Store, key *ecdsa.PrivateKey) *Book {
	return &Book{store: store, key: key, signer: crypto.PubkeyToAddress(key.PublicKey)}
}

// Signer returns the address of the Book's key.
func (b *Book) Signer() common.Address { return b.signer }

// Add stores a new channel (from NewState after the ChannelOpened event).
// My signer in s must be the Book's key. ErrExists if already stored.
func (b *Book) Add(s State) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s.Me().Signer != b.signer {
		return &Error{Channel: s.ID, Op: "add", Err: fmt.Errorf("%w: channel signer %s, book key %s", ErrWrongKey, s.Me().Signer.Hex(), b.signer.Hex())}
	}
	if _, err := b.store.LoadChannel(s.ID); err == nil {
		return &Error{Channel: s.ID, Op: "add", Err: ErrExists}
	} else if !errors.Is(err, ErrNotFound) {
		return &Error{Channel: s.ID, Op: "add", Err: err}
	}
	s = s.clone()
	if err := b.store.SaveChannel(s); err != nil {
		return &Error{Channel: s.ID, Op: "add", Err: err}
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
		return nil, fmt.Errorf("list channels: %w", err)
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
		return State{}, &Error{Channel: id, Op: op, Err: err}
	}
	s.normalize()
	return s, nil
}

// step runs a rule under the lock: load, apply, save, then return effects.
func (b *Book) step(id ID, op string, rule func(State) (State, Effects, error)) (State, Effects, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, err := b.load(id, op)
	if err != nil {
		return State{}, Effects{}, err
	}
	n, fx, err := rule(s)
	if err != nil {
		return s, Effects{}, err
	}
	if err := b.store.SaveChannel(n); err != nil {
		return s, Effects{}, &Error{Channel: id, Op: op, Err: fmt.Errorf("persist: %w", err)}
	}
	return n, fx, nil
}

// Pay pays amount on channel id (see Pay). The returned Payment is already
// persisted: send it.
func (b *Book) Pay(id ID, amount *big.Int, now time.Time) (State, Effects, error) {
	return b.step(id, "pay", func(s State) (State, Effects, error) { return Pay(s, amount, b.key, now) })
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
		return Receive(s, m, b.key, now)
	})
}

// Apply applies a chain event to channel id (see ApplyEvent).
func (b *Book) Apply(id ID, ev Event) (State, Effects, error) {
	return b.step(id, "apply event", func(s State) (State, Effects, error) { return ApplyEvent(s, ev) })
}

// ProposeClose proposes a cooperative close with the current totals.
func (b *Book) ProposeClose(id ID) (State, Effects, error) {
	return b.step(id, "propose close", func(s State) (State, Effects, error) { return ProposeClose(s, b.key) })
}

// StartClose closes unilaterally (claim my best payment, or startClose).
func (b *Book) StartClose(id ID) (State, Effects, error) {
	return b.step(id, "start close", StartClose)
}

// Sync returns the Sync message to send the peer of id after a reconnect.
func (b *Book) Sync(id ID) (Effects, error) {
	s, err := b.Get(id)
	if err != nil {
		return Effects{}, err
	}
	return Effects{Send: []Message{MakeSync(s)}}, nil
}
