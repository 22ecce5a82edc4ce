// Package browserstore keeps the wallet's data in the browser's localStorage
// (go-app's BrowserStorage; in native tests an in-memory one): it is the
// core's channel.Store plus a few public, cacheable facts (the last host
// configuration, my addresses, my last known on-chain balance) that let the
// wallet show itself offline.
//
// The private key is stored only as the passphrase-sealed blob of
// wallet.Seal (SaveKeys): nothing else written here is secret.
package browserstore

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/channel"
	"paychan/app/perfmark"
)

// Key names in localStorage.
const (
	keyKeys     = "paychan/keys"     // sealed key blob (wallet.Seal)
	keyAccount  = "paychan/account"  // Account (public addresses)
	keyConfig   = "paychan/config"   // the host's last /config.json
	keyBalance  = "paychan/balance/" // + signer: Balance
	keyChannels = "paychan/channels" // []channel.ID
	keyChannel  = "paychan/channel/" // + ID.String(): channel.State
	keyProtect  = "paychan/protect/" // + ID.String(): Protection (the watchtower's last answer)
	keyWatchOff = "paychan/watchtower-off"
	keyMark     = "paychan/chainmark/" // + chain id "/" contract: the chain's mark (chainclient.ChainMark)
	keyArchive  = "paychan/archive/"   // + old mark "/" + ID.String(): channel.State of a chain that was reset
)

// Store is a channel.Store over a BrowserStorage.
type Store struct {
	mu sync.Mutex
	s  app.BrowserStorage
	// states holds, per channel key, the last state read or written
	// there with its JSON text. A read whose text is still that text
	// (nothing else wrote the key: another tab, a restore) returns a copy
	// instead of decoding it again: a channel's state with its history is
	// about 10 KB of JSON, read and written on every payment.
	states map[string]storedState
	// listText and listIDs: the channel list as last read, likewise.
	listText string
	listIDs  []channel.ID
}

type storedState struct {
	text string
	st   channel.State
	// meta locates the history's chunks (history.go); nil for a state
	// stored with its history inline.
	meta *historyMeta
}

// TextStorage is a BrowserStorage that also reads and writes its values'
// JSON text as it is (localStorage holds text): the Store then neither
// scans a value it already knows nor encodes one twice.
type TextStorage interface {
	app.BrowserStorage
	// GetText returns the text stored under k ("" if none).
	GetText(k string) string
	// SetText stores the JSON text v under k.
	SetText(k, v string) error
}

var _ channel.Store = (*Store)(nil)

// New returns a Store over s (Local(ctx.LocalStorage()) in the app).
func New(s app.BrowserStorage) *Store { return &Store{s: s, states: map[string]storedState{}} }

// text reads key's JSON text ("" if none).
func (st *Store) text(key string) (string, error) {
	if ts, ok := st.s.(TextStorage); ok {
		return ts.GetText(key), nil
	}
	var raw json.RawMessage
	if err := st.s.Get(key, &raw); err != nil {
		return "", fmt.Errorf("browserstore: read %s: %w", key, err)
	}
	if string(raw) == "null" {
		return "", nil
	}
	return string(raw), nil
}

// setText writes the JSON text b under key.
func (st *Store) setText(key string, b []byte) error {
	var err error
	if ts, ok := st.s.(TextStorage); ok {
		err = ts.SetText(key, string(b))
	} else {
		err = st.s.Set(key, json.RawMessage(b))
	}
	if err != nil {
		return fmt.Errorf("browserstore: write %s: %w", key, err)
	}
	return nil
}

// loadState reads channel id's state (ok false if none), decoding it only
// when its text is not the one last read or written there.
func (st *Store) loadState(id channel.ID) (s channel.State, ok bool, err error) {
	key := keyChannel + id.String()
	text, err := st.text(key)
	if err != nil || text == "" {
		return s, false, err
	}
	if c, hit := st.states[key]; hit && c.text == text {
		return c.st.Clone(), true, nil
	}
	var w storedWithMeta
	if err := json.Unmarshal([]byte(text), &w); err != nil {
		return channel.State{}, false, fmt.Errorf("browserstore: decode %s: %w", key, err)
	}
	s = w.State
	if w.Meta != nil && !w.Meta.valid() {
		w.Meta = nil // not a place this wallet writes: no history, and the next save numbers it afresh
	}
	if w.Meta != nil {
		s.History = st.readHistory(id, *w.Meta)
	}
	st.states[key] = storedState{text: text, st: s.Clone(), meta: w.Meta}
	return s, true, nil
}

// storedMeta returns where the history of channel id's stored state is
// (ok false if it has none in chunks, or is unreadable).
func (st *Store) storedMeta(id channel.ID) (m historyMeta, ok bool) {
	text, err := st.text(keyChannel + id.String())
	if err != nil || text == "" {
		return m, false
	}
	var w struct {
		Meta *historyMeta `json:"historyMeta"`
	}
	if json.Unmarshal([]byte(text), &w) != nil || w.Meta == nil || !w.Meta.valid() {
		return m, false
	}
	return *w.Meta, true
}

// saveState writes s (its history in chunks, history.go) and keeps it as
// its key's known state.
func (st *Store) saveState(s channel.State) error {
	id := s.ID
	key := keyChannel + id.String()
	h := s.History
	// Where the stored history is, and what it holds if this Store knows.
	var om historyMeta
	var first, dirty uint64
	c, hit := st.states[key]
	switch {
	case hit && c.meta != nil:
		om = *c.meta
		first, dirty = placeHistory(c.st.History, om, h)
	case hit:
		// Stored with its history inline: no chunks yet.
	default:
		// Not read here (or a write failed): number the history afresh,
		// after whatever the stored state holds.
		om, _ = st.storedMeta(id)
		first = om.after()
		dirty = first
	}
	m := historyMeta{First: first, Len: len(h), Gen: om.Gen + 1}
	if from, to := m.chunks(); from <= to {
		for k := max(dirty/historyChunkLen, from); k <= to && dirty < first+uint64(len(h)); k++ {
			b, err := chunkText(h, first, k)
			if err != nil {
				return fmt.Errorf("browserstore: encode %s history: %w", key, err)
			}
			if err := st.setText(historyKey(id, k), b); err != nil {
				delete(st.states, key)
				return err
			}
		}
	}
	b, err := stateText(s, m)
	if err != nil {
		return fmt.Errorf("browserstore: encode %s: %w", key, err)
	}
	if err := st.setText(key, b); err != nil {
		delete(st.states, key)
		return err
	}
	// The chunks the stored history no longer uses.
	if of, ot := om.chunks(); of <= ot {
		nf, nt := m.chunks()
		for k := of; k <= ot; k++ {
			if nf > nt || k < nf || k > nt {
				st.s.Del(historyKey(id, k))
			}
		}
	}
	// What a read of b decodes: no monotonic clock readings (the
	// history's times from time.Now), and UTC for an offset of 0.
	s = s.Clone()
	for i := range s.History {
		at := s.History[i].At.Round(0)
		if _, off := at.Zone(); off == 0 {
			at = at.UTC()
		}
		s.History[i].At = at
	}
	st.states[key] = storedState{text: string(b), st: s, meta: &m}
	return nil
}

// deleteState deletes channel id's state and its history's chunks.
func (st *Store) deleteState(id channel.ID) {
	if m, ok := st.storedMeta(id); ok {
		if from, to := m.chunks(); from <= to {
			for k := from; k <= to; k++ {
				st.s.Del(historyKey(id, k))
			}
		}
	}
	st.s.Del(keyChannel + id.String())
	delete(st.states, keyChannel+id.String())
}

// channelIDs reads the channel list, decoding it only when its text is
// not the one last read (SaveChannel checks it at every save).
func (st *Store) channelIDs() ([]channel.ID, error) {
	text, err := st.text(keyChannels)
	if err != nil || text == "" || text == "null" {
		return nil, err
	}
	if st.listIDs != nil && text == st.listText {
		return slices.Clone(st.listIDs), nil
	}
	var ids []channel.ID
	if err := json.Unmarshal([]byte(text), &ids); err != nil {
		return nil, fmt.Errorf("browserstore: decode %s: %w", keyChannels, err)
	}
	st.listText, st.listIDs = text, slices.Clone(ids)
	return ids, nil
}

// get reads key into v and reports whether it was present.
func (st *Store) get(key string, v any) (bool, error) {
	var raw json.RawMessage
	if err := st.s.Get(key, &raw); err != nil {
		return false, fmt.Errorf("browserstore: read %s: %w", key, err)
	}
	if raw == nil || string(raw) == "null" {
		return false, nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return false, fmt.Errorf("browserstore: decode %s: %w", key, err)
	}
	return true, nil
}

func (st *Store) set(key string, v any) error {
	if err := st.s.Set(key, v); err != nil {
		return fmt.Errorf("browserstore: write %s: %w", key, err)
	}
	return nil
}

// LoadChannel implements channel.Store.
func (st *Store) LoadChannel(id channel.ID) (channel.State, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s, ok, err := st.loadState(id)
	if err != nil {
		return channel.State{}, err
	}
	if !ok {
		return channel.State{}, fmt.Errorf("browserstore: channel %s: %w", id, channel.ErrNotFound)
	}
	return s, nil
}

// SaveChannel implements channel.Store. localStorage writes are
// synchronous: the state is durable when it returns.
func (st *Store) SaveChannel(s channel.State) error {
	perfmark.MarkAfter(perfmark.Save0, perfmark.Click, perfmark.Recv)
	defer perfmark.MarkAfter(perfmark.Save1, perfmark.Click, perfmark.Recv)
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := st.saveState(s); err != nil {
		return err
	}
	ids, err := st.channelIDs()
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id == s.ID {
			return nil
		}
	}
	ids = append(ids, s.ID)
	sort.Slice(ids, func(i, j int) bool { return ids[i].String() < ids[j].String() })
	return st.set(keyChannels, ids)
}

// ListChannels implements channel.Store.
func (st *Store) ListChannels() ([]channel.ID, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.channelIDs()
}

// LoadKeys implements channel.Store.
func (st *Store) LoadKeys() ([]byte, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var b []byte
	ok, err := st.get(keyKeys, &b)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("browserstore: keys: %w", channel.ErrNotFound)
	}
	return b, nil
}

// SaveKeys implements channel.Store: sealed must be wallet.Seal's output.
func (st *Store) SaveKeys(sealed []byte) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.set(keyKeys, sealed)
}

// Account is the public side of the stored key, shown while locked.
type Account struct {
	Qtum   string `json:"qtum"`
	Signer string `json:"signer"`
}

// SaveAccount stores the public addresses of the key.
func (st *Store) SaveAccount(a Account) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.set(keyAccount, a)
}

// LoadAccount returns the stored addresses; ok is false when there is no key.
func (st *Store) LoadAccount() (a Account, ok bool, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	ok, err = st.get(keyAccount, &a)
	return a, ok, err
}

// Forget deletes the key and every channel (the user asked to forget the
// wallet on this device).
func (st *Store) Forget() {
	st.mu.Lock()
	defer st.mu.Unlock()
	var ids []channel.ID
	st.get(keyChannels, &ids)
	for _, id := range ids {
		st.deleteState(id)
		st.s.Del(keyProtect + id.String())
		st.s.Del(keyPeer + id.String())
	}
	for _, k := range []string{keyKeys, keyAccount, keyChannels, keyWatchOff} {
		st.s.Del(k)
	}
}

// SaveConfig caches the host's configuration (any JSON value).
func (st *Store) SaveConfig(v any) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.set(keyConfig, v)
}

// LoadConfig reads the cached configuration into v.
func (st *Store) LoadConfig(v any) (bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.get(keyConfig, v)
}

// Balance is the last on-chain balance seen for an address.
type Balance struct {
	Wei   string `json:"wei"`
	Block uint64 `json:"block"`
}

// SaveBalance caches addr's balance.
func (st *Store) SaveBalance(addr string, b Balance) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.set(keyBalance+addr, b)
}

// LoadBalance returns addr's cached balance.
func (st *Store) LoadBalance(addr string) (Balance, bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var b Balance
	ok, err := st.get(keyBalance+addr, &b)
	return b, ok, err
}

// Protection is what the host's watchtower last said about my best received
// payment of a channel. It is the wallet's own record (not the core's
// state): a reply is matched by its content (channel and total), since the
// relay delivers at least once.
type Protection struct {
	// Paid is the total (wei, decimal) the watchtower holds for me.
	Paid string `json:"paid"`
	// Protected is true once the watchtower holds Paid (accepted, or
	// refused as total_equal/total_lower/total_on_chain).
	Protected bool `json:"protected"`
	// Until is the last block a claim can be mined in (0: protected while
	// the channel is open and through any finalization period).
	Until uint64 `json:"until,omitempty"`
	// Refused is the refusal's message when the watchtower would not hold
	// my payment (Code is its code); empty when protected.
	Refused string `json:"refused,omitempty"`
	Code    string `json:"code,omitempty"`
	// Watchtower is the address that answered.
	Watchtower string `json:"watchtower,omitempty"`
}

// SaveProtection records the watchtower's answer for channel id.
func (st *Store) SaveProtection(id channel.ID, p Protection) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.set(keyProtect+id.String(), p)
}

// LoadProtection returns the recorded answer for channel id.
func (st *Store) LoadProtection(id channel.ID) (Protection, bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var p Protection
	ok, err := st.get(keyProtect+id.String(), &p)
	return p, ok, err
}

// WatchtowerOptIn reports whether payments are handed to the host's
// watchtower (on unless the user turned it off).
func (st *Store) WatchtowerOptIn() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	var off bool
	st.get(keyWatchOff, &off)
	return !off
}

// SetWatchtowerOptIn turns the hand-off to the watchtower on or off.
func (st *Store) SetWatchtowerOptIn(on bool) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if on {
		st.s.Del(keyWatchOff)
		return nil
	}
	return st.set(keyWatchOff, true)
}

// Setting reads the optional setting localStorage["paychan/setting/"+name]
// (JSON) into v; tests and power users set them from the console.
func (st *Store) Setting(name string, v any) (bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.get("paychan/setting/"+name, v)
}

func markKey(d channel.Domain) string {
	return fmt.Sprintf("%s%d/%s", keyMark, d.ChainID, d.Contract.Hex())
}

// ChainMark returns the mark (chainclient.ChainMark) of the chain this
// browser last used with domain d's contract; ok is false if none is
// recorded yet.
func (st *Store) ChainMark(d channel.Domain) (mark common.Hash, ok bool, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	ok, err = st.get(markKey(d), &mark)
	return mark, ok, err
}

// SetChainMark records the mark of the chain of domain d.
func (st *Store) SetChainMark(d channel.Domain, mark common.Hash) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.set(markKey(d), mark)
}

// ArchiveChannels sets aside every stored channel of domain d: they belong
// to the chain with mark old, which is gone (a development chain started
// again from scratch has the same chain id, contract address and channel
// ids, so those states would be mistaken for the new chain's channels).
// Each state is kept under the archive key, readable with
// LoadArchivedChannel, and leaves the channel list; it returns the ids
// archived.
func (st *Store) ArchiveChannels(d channel.Domain, old common.Hash) ([]channel.ID, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var ids, keep, moved []channel.ID
	if _, err := st.get(keyChannels, &ids); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if id.Domain != d {
			keep = append(keep, id)
			continue
		}
		// The archive holds the whole state, its history inline; a state
		// that does not decode is kept as it is.
		var b []byte
		if s, ok, err := st.loadState(id); err == nil && ok {
			if b, err = s.JSON(); err != nil {
				return moved, fmt.Errorf("browserstore: encode %s: %w", archiveKey(old, id), err)
			}
		} else if text, terr := st.text(keyChannel + id.String()); terr != nil {
			return moved, terr
		} else if text != "" {
			b = []byte(text)
		}
		if b != nil {
			if err := st.setText(archiveKey(old, id), b); err != nil {
				return moved, err
			}
		}
		moved = append(moved, id)
	}
	if len(moved) == 0 {
		return nil, nil
	}
	if err := st.set(keyChannels, keep); err != nil {
		return nil, err
	}
	for _, id := range moved {
		st.deleteState(id)
		st.s.Del(keyProtect + id.String())
	}
	return moved, nil
}

func archiveKey(mark common.Hash, id channel.ID) string {
	return keyArchive + mark.Hex() + "/" + id.String()
}

// LoadArchivedChannel returns a state ArchiveChannels set aside.
func (st *Store) LoadArchivedChannel(old common.Hash, id channel.ID) (channel.State, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var s channel.State
	ok, err := st.get(archiveKey(old, id), &s)
	if err != nil {
		return s, err
	}
	if !ok {
		return s, fmt.Errorf("browserstore: archived channel %s: %w", id, channel.ErrNotFound)
	}
	return s, nil
}
