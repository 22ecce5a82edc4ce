package ui

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/browserstore"
	"paychan/app/chainclient"
	"paychan/app/chainclient/fetch"
	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/app/perfmark"
	"paychan/app/relayclient"
	"paychan/app/wallet"
	"paychan/app/wire"
)

// session holds the wallet's live connections and the unlocked key. Its
// methods block (network, scrypt, signing) and run from ctx.Async or the
// session's own goroutines, never on the UI goroutine; the root component
// copies their results into its fields inside ctx.Dispatch.
type session struct {
	origin string // the host's origin, e.g. http://127.0.0.1:8080
	store  *browserstore.Store

	mu    sync.Mutex
	cfg   hostapi.Config
	chain *chainclient.Client
	key   *wallet.Key
	book  *channel.Book
	relay *relayclient.Client
	// fullSync asks the next relay connection to sync every channel with
	// its peer (set by a restore from backup).
	fullSync bool
	// marked is set once the chain's mark was checked against the one
	// this browser recorded (checkChain); cleared when the host is lost
	// (a failed refresh, a new relay connection), so that a chain started
	// again behind the same host is noticed.
	marked bool
}

func newSession(origin string, store *browserstore.Store) *session {
	return &session{origin: origin, store: store}
}

// hostTimeout bounds a request to the host. Requests go through
// fetch.Do, not http.Client, which would link net/http's Go transport with
// crypto/tls into app.wasm.
const hostTimeout = 10 * time.Second

// errLocked is returned by actions that need the key while it is locked.
var errLocked = errors.New("unlock your key first")

// errOffline is returned by actions that need the host while it is down.
var errOffline = errors.New("the host is unreachable: you are offline")

// loadConfig fetches /config.json and connects the chain client; on
// failure it returns the cached configuration with the error.
func (s *session) loadConfig(ctx context.Context) (hostapi.Config, error) {
	var cfg hostapi.Config
	err := s.getJSON(ctx, hostapi.ConfigPath, &cfg)
	if err != nil {
		var cached hostapi.Config
		if ok, _ := s.store.LoadConfig(&cached); ok {
			s.mu.Lock()
			s.cfg = cached
			s.mu.Unlock()
			return cached, fmt.Errorf("%w (%v)", errOffline, err)
		}
		return cached, fmt.Errorf("%w (%v)", errOffline, err)
	}
	s.store.SaveConfig(cfg)
	cl, err := chainclient.Dial(ctx, s.origin+cfg.RPC, common.HexToAddress(cfg.Contract), cfg.ChainID)
	if err != nil {
		return cfg, err
	}
	s.mu.Lock()
	s.cfg, s.chain = cfg, cl
	if s.book != nil {
		s.book.SetHostMinFinalization(cfg.MinFinalizationBlocks)
	}
	s.mu.Unlock()
	return cfg, nil
}

func (s *session) getJSON(ctx context.Context, path string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, hostTimeout)
	defer cancel()
	res, err := fetch.Do(ctx, http.MethodGet, s.origin+path, "", nil)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, res.Status)
	}
	return json.Unmarshal(res.Body, v)
}

func (s *session) postJSON(ctx context.Context, path string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, hostTimeout)
	defer cancel()
	res, err := fetch.Do(ctx, http.MethodPost, s.origin+path, "application/json", b)
	if err != nil {
		return fmt.Errorf("%w (%v)", errOffline, err)
	}
	body := res.Body
	if len(body) > 1<<16 {
		body = body[:1<<16]
	}
	if res.StatusCode != http.StatusOK {
		var he hostapi.Error
		if json.Unmarshal(body, &he) == nil && he.Message != "" {
			return fmt.Errorf("host refused: %s", he.Message)
		}
		return fmt.Errorf("host refused: %s", res.Status)
	}
	return json.Unmarshal(body, out)
}

func (s *session) snapshot() (hostapi.Config, *chainclient.Client, *wallet.Key, *channel.Book, *relayclient.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg, s.chain, s.key, s.book, s.relay
}

// importKey seals wif under passphrase, stores it and unlocks it.
func (s *session) importKey(wif, passphrase string) (*wallet.Key, error) {
	k, err := wallet.ParseWIF(strings.TrimSpace(wif))
	if err != nil {
		return nil, fmt.Errorf("this is not a valid WIF private key: %w", err)
	}
	if len(passphrase) < 8 {
		return nil, errors.New("choose a passphrase of at least 8 characters")
	}
	sealed, err := wallet.Seal([]byte(k.WIF()), []byte(passphrase), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("encrypt the key: %w", err)
	}
	if err := s.store.SaveKeys(sealed); err != nil {
		return nil, err
	}
	if err := s.store.SaveAccount(browserstore.Account{Qtum: k.QtumAddress(), Signer: k.Signer().Hex()}); err != nil {
		return nil, err
	}
	s.setKey(k)
	return k, nil
}

// createKey makes a new testnet key, stores it sealed and returns it (its
// WIF is shown once for backup).
func (s *session) createKey(passphrase string) (*wallet.Key, error) {
	k, err := wallet.GenerateKey(wallet.Testnet, rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("create a key: %w", err)
	}
	return s.importKey(k.WIF(), passphrase)
}

// unlock opens the stored key with passphrase.
func (s *session) unlock(passphrase string) (*wallet.Key, error) {
	sealed, err := s.store.LoadKeys()
	if err != nil {
		return nil, fmt.Errorf("no stored key: %w", err)
	}
	wif, err := wallet.Open(sealed, []byte(passphrase))
	if err != nil {
		if errors.Is(err, wallet.ErrWrongPassphrase) {
			return nil, errors.New("wrong passphrase")
		}
		return nil, fmt.Errorf("decrypt the key: %w", err)
	}
	k, err := wallet.ParseWIF(string(wif))
	if err != nil {
		return nil, fmt.Errorf("stored key: %w", err)
	}
	s.setKey(k)
	return k, nil
}

func (s *session) setKey(k *wallet.Key) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.key = k
	s.book = channel.NewBook(s.store, k.PrivateKey())
	// The host may lower the minimum finalization period on the
	// development chain only (channel.MinFinalizationBlocks).
	s.book.SetHostMinFinalization(s.cfg.MinFinalizationBlocks)
}

// lock drops the key and the relay connection.
func (s *session) lock() {
	s.mu.Lock()
	r := s.relay
	s.key, s.book, s.relay = nil, nil, nil
	s.mu.Unlock()
	if r != nil {
		r.Close()
	}
}

// forget deletes the key and channels from this browser.
func (s *session) forget() {
	s.lock()
	s.store.Forget()
}

// connectRelay logs in to the relay as the key's signer; incoming messages
// go to onMessage (which must persist before returning).
func (s *session) connectRelay(onMessage relayclient.Handler, onState func(relayclient.State, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key == nil || s.relay != nil || s.cfg.Relay == "" {
		return
	}
	url := "ws" + strings.TrimPrefix(s.origin, "http") + s.cfg.Relay
	s.relay = relayclient.New(url, relayclient.KeySigner(s.key.PrivateKey()), relayclient.Options{
		Handler: onMessage, OnState: onState, MaxBackoff: 3 * time.Second,
	})
}

// account is my on-chain account: on an EVM chain, the signer address.
func account(k *wallet.Key) common.Address { return k.Signer() }

// channelID names channel n of the configured contract.
func channelID(cfg hostapi.Config, n uint64) channel.ID {
	return channel.ID{Domain: channel.Domain{ChainID: cfg.ChainID, Contract: common.HexToAddress(cfg.Contract)}, Channel: n}
}

// chainView is what a refresh learned from the chain.
type chainView struct {
	Head     uint64
	Balance  *big.Int
	Channels map[uint64]*chainclient.Channel
	States   []channel.State
	// Archived lists the channels set aside because the chain was reset
	// (checkChain), on the refresh that noticed it.
	Archived []channel.ID
}

// refresh reads the head, my balance and my channels from the chain,
// adds channels found in ChannelOpened events to the book, and applies
// the on-chain facts to each stored state.
func (s *session) refresh(ctx context.Context) (chainView, error) {
	cfg, cl, k, book, _ := s.snapshot()
	var v chainView
	if cl == nil {
		return v, errOffline
	}
	head, err := cl.BlockNumber(ctx)
	if err != nil {
		s.mu.Lock()
		s.marked = false
		s.mu.Unlock()
		return v, fmt.Errorf("%w (%v)", errOffline, err)
	}
	v.Head = head
	if v.Archived, err = s.checkChain(ctx, cfg, cl); err != nil {
		return v, err
	}
	v.Channels = map[uint64]*chainclient.Channel{}
	if k == nil {
		return v, nil
	}
	if v.Balance, err = cl.Balance(ctx, account(k)); err != nil {
		return v, err
	}
	s.store.SaveBalance(k.Signer().Hex(), browserstore.Balance{Wei: v.Balance.String(), Block: head})
	opened, err := cl.MyChannels(ctx, account(k))
	if err != nil {
		return v, err
	}
	for _, o := range opened {
		id := channelID(cfg, o.ID)
		ch, chErr := cl.Channel(ctx, o.ID)
		if errors.Is(chErr, chainclient.ErrTokenChannel) {
			continue // an ERC-20 channel: this wallet handles ether only, so it is neither stored nor shown
		}
		if _, err := book.Get(id); err != nil {
			if err := addChannel(book, id, o, k); err != nil {
				continue // my signer is not mine, or the period is too short: not shown
			}
		}
		// A channel stored before its period was recorded learns it here.
		book.Apply(id, channel.Opened{FinalizationBlocks: o.FinalizationBlocks})
		if chErr != nil {
			continue // shown from storage; read again next time
		}
		v.Channels[o.ID] = ch
		if ch.AliceWithdrawn && ch.BobWithdrawn {
			// Settled: deposits() reads zero on chain. A wallet that never
			// saw the deposits (a new browser) reads them from the events.
			if st, err := book.Get(id); err == nil && st.AliceDeposit.Sign() == 0 && st.BobDeposit.Sign() == 0 {
				if a, b, err := cl.Deposits(ctx, o.ID, o.Alice, o.Bob); err == nil {
					book.Apply(id, channel.Deposited{Party: channel.Alice, Total: a})
					book.Apply(id, channel.Deposited{Party: channel.Bob, Total: b})
				}
			}
		}
		for _, ev := range ch.Events(head) {
			// Each event is applied on its own: one the core refuses
			// (say, a deposit lower than known) must not hide the others.
			book.Apply(id, ev)
		}
	}
	v.States, err = book.List()
	return v, err
}

// checkChain compares the chain's mark (chainclient.ChainMark) with the
// one this browser recorded for the contract, once per connection to the
// host. A different mark means the chain was started again (a development
// chain from an empty data directory: same chain id, contract address and
// channel ids, but none of the old channels): the stored channels of the
// contract belong to the old chain, and are archived so that they are
// neither shown nor mistaken for the new chain's channels of the same id.
func (s *session) checkChain(ctx context.Context, cfg hostapi.Config, cl *chainclient.Client) ([]channel.ID, error) {
	s.mu.Lock()
	done := s.marked
	s.mu.Unlock()
	if done {
		return nil, nil
	}
	mark, err := cl.ChainMark(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", errOffline, err)
	}
	if mark == (common.Hash{}) {
		return nil, nil // no block 1 yet: nothing to tell chains apart by
	}
	d := channel.Domain{ChainID: cfg.ChainID, Contract: common.HexToAddress(cfg.Contract)}
	old, ok, err := s.store.ChainMark(d)
	if err != nil {
		return nil, err
	}
	var archived []channel.ID
	if ok && old != mark {
		if archived, err = s.store.ArchiveChannels(d, old); err != nil {
			return nil, err
		}
	}
	if !ok || old != mark {
		if err := s.store.SetChainMark(d, mark); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	s.marked = true
	s.mu.Unlock()
	return archived, nil
}

// recheckChain runs checkChain again now (the relay connection was
// renewed: the host may have been restarted on a new chain).
func (s *session) recheckChain(ctx context.Context) ([]channel.ID, error) {
	cfg, cl, _, _, _ := s.snapshot()
	if cl == nil {
		return nil, errOffline
	}
	s.mu.Lock()
	s.marked = false
	s.mu.Unlock()
	return s.checkChain(ctx, cfg, cl)
}

// addChannel stores a channel found on chain in the book. The book refuses
// a channel whose signer for me is not my key (Alice alone picks Bob's
// signer at open) and one whose finalization period is below the minimum.
func addChannel(book *channel.Book, id channel.ID, o chainclient.Opened, k *wallet.Key) error {
	role := channel.Alice
	if o.Bob == account(k) || o.BobSigner == k.Signer() {
		role = channel.Bob
	}
	st, err := channel.NewState(id, role,
		channel.Party{Account: o.Alice, Signer: o.AliceSigner},
		channel.Party{Account: o.Bob, Signer: o.BobSigner})
	if err != nil {
		return err
	}
	st.FinalizationBlocks = o.FinalizationBlocks
	if err := book.Add(st); err != nil && !errors.Is(err, channel.ErrExists) {
		return err
	}
	return nil
}

// send delivers the core's outgoing messages to the peer through the relay.
func (s *session) send(ctx context.Context, st channel.State, msgs []channel.Message) error {
	_, _, _, _, r := s.snapshot()
	if r == nil {
		return errors.New("not connected to the relay")
	}
	for _, m := range msgs {
		data, err := wire.Encode(m)
		if err != nil {
			return fmt.Errorf("encode: %w", err)
		}
		perfmark.Mark(perfmark.Send0)
		if _, err := r.Send(ctx, st.Peer().Signer, data); err != nil {
			return fmt.Errorf("relay: %w", err)
		}
		perfmark.Mark(perfmark.Sent)
	}
	return nil
}

// pay makes a payment: the core persists the new total before it is sent.
func (s *session) pay(ctx context.Context, id channel.ID, amt *big.Int) (channel.State, error) {
	_, _, _, book, _ := s.snapshot()
	if book == nil {
		return channel.State{}, errLocked
	}
	st, fx, err := book.Pay(id, amt, time.Now())
	if err != nil {
		return st, err
	}
	if err := s.send(ctx, st, fx.Send); err != nil {
		return st, fmt.Errorf("the payment is saved and will be resent when the relay is back: %w", err)
	}
	return st, nil
}

// proposeClose proposes a cooperative close with my current totals: the
// core signs and persists the proposal, then it goes to the peer.
func (s *session) proposeClose(ctx context.Context, id channel.ID) (channel.State, error) {
	_, _, _, book, _ := s.snapshot()
	if book == nil {
		return channel.State{}, errLocked
	}
	st, fx, err := book.ProposeClose(id, time.Now())
	if err != nil {
		return st, err
	}
	if err := s.send(ctx, st, fx.Send); err != nil {
		return st, fmt.Errorf("the proposal is saved but could not be sent: %w", err)
	}
	return st, nil
}

// checkCloses runs the core's CheckClose on every channel where I signed a
// cooperative Close and returns the transactions to submit (already
// recorded by the core, so each is asked for once).
func (s *session) checkCloses(now time.Time) []channel.Tx {
	_, _, _, book, _ := s.snapshot()
	if book == nil {
		return nil
	}
	states, err := book.List()
	if err != nil {
		return nil
	}
	var txs []channel.Tx
	for _, st := range states {
		if !st.CloseSigned() || st.Status == channel.Closed {
			continue
		}
		if _, fx, err := book.CheckClose(st.ID, now, channel.DefaultCloseTiming); err == nil {
			txs = append(txs, fx.Submit...)
		}
	}
	return txs
}

// resync sends the peer my current totals of every channel (after a
// reconnect), so a payment saved while offline is delivered.
func (s *session) resync(ctx context.Context) {
	_, _, _, book, _ := s.snapshot()
	if book == nil {
		return
	}
	states, err := book.List()
	if err != nil {
		return
	}
	s.mu.Lock()
	full := s.fullSync
	s.fullSync = false
	s.mu.Unlock()
	if full {
		// After a restore: read the chain first, so that a channel closed
		// since the backup is not synced (its peer would refuse).
		if _, err := s.refresh(ctx); err == nil {
			if states, err = book.List(); err != nil {
				return
			}
		}
	}
	for _, st := range states {
		switch {
		case full && st.Status != channel.Closed:
			// After a restore: tell the peer what I hold, so it resends
			// any newer payment than the backup's.
		case st.Status != channel.Open || st.Sent.Sign() == 0 || (st.PeerAcked != nil && st.PeerAcked.Cmp(st.Sent) >= 0):
			continue
		}
		fx, err := book.Sync(st.ID)
		if err == nil {
			s.send(ctx, st, fx.Send)
		}
	}
}
