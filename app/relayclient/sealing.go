package relayclient

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/ethereum/go-ethereum/common"

	"paychan/app/relayproto"
	"paychan/app/seal"
)

// Sealing (docs/protocol.md section 6a, docs/sealed-messages.md): every payload
// the client sends is sealed (app/seal) to the recipient's public key,
// which the client learns from the relay's key directory or from the
// recipient's own sealed messages and accepts only if its address is the
// recipient's (the address the caller sends to: the peer's signer as
// recorded on chain). Every delivered sealed payload is opened before the
// Handler sees it; the Handler gets the plaintext. So callers (the wallet,
// the CLI, the watchtower) send and receive app/wire messages as before.

// Sealing errors.
var (
	// ErrWrongPeerKey means the relay handed out a public key whose address
	// is not the recipient's: the relay is lying or broken. Nothing was sent.
	ErrWrongPeerKey = errors.New("relayclient: the relay handed out a key that is not the recipient's")
	// ErrPeerKeyUnknown means the relay does not know the recipient's key
	// (it never logged in to this relay) and no sealed message from it was
	// received: the message cannot be sealed. Nothing was sent.
	ErrPeerKeyUnknown = errors.New("relayclient: the recipient's public key is unknown")
	// ErrCannotSeal means the Signer cannot seal or open messages (only
	// KeySigner can).
	ErrCannotSeal = errors.New("relayclient: this signer cannot seal messages (use KeySigner)")
	// ErrNotSealed means a delivered message was not sealed: nothing
	// authenticates it as the sender's (the relay refuses to store clear
	// sends, so it was injected, or stored before the upgrade to sealed
	// messages; a payment in it is sent again, sealed, by the sender's
	// next sync).
	ErrNotSealed = errors.New("relayclient: a clear (unsealed) message, which nothing authenticates as its sender's")
)

// UserMessage is the text to show a user for a sealing error, or "" when
// err is not one.
func UserMessage(err error) string {
	switch {
	case errors.Is(err, ErrWrongPeerKey):
		return "Not sent: the host handed out a wrong encryption key for your peer (it may be trying to read your messages). Use another host, or tell its operator."
	case errors.Is(err, ErrPeerKeyUnknown):
		return "Not sent yet: your peer has never connected to this host, so its encryption key is unknown. It is sent when your peer has connected once."
	}
	return ""
}

// maxPeerKeys bounds the client's cache of peer keys.
const maxPeerKeys = 4096

// peerKey is a verified peer public key and the static-static secret with it.
type peerKey struct {
	pub  *secp256k1.PublicKey
	peer seal.Peer // compressed key and static-static secret

	// With Options.SealAhead: the next message's ephemeral key, and
	// whether one is being made (guarded by sealer.mu).
	next   *seal.Ephemeral
	making bool
}

// sealer holds the client's sealing state.
type sealer struct {
	key *seal.Key // nil: the Signer cannot seal

	mu      sync.Mutex
	peers   map[common.Address]*peerKey
	lookups map[string]chan lookupResult

	ahead atomic.Uint64 // messages sealed with a key made ahead
}

type lookupResult struct {
	key []byte
	err error
}

func newSealer(s Signer) *sealer {
	sl := &sealer{peers: map[common.Address]*peerKey{}, lookups: map[string]chan lookupResult{}}
	if ks, ok := s.(keySigner); ok {
		sl.key = seal.NewKey(ks.key)
	}
	return sl
}

// known returns the cached key of addr.
func (s *sealer) known(addr common.Address) *peerKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peers[addr]
}

// learn caches pub as addr's key; the caller checked the address.
func (s *sealer) learn(addr common.Address, pub *secp256k1.PublicKey) *peerKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k := s.peers[addr]; k != nil && k.pub.IsEqual(pub) {
		return k
	}
	if len(s.peers) >= maxPeerKeys {
		for a := range s.peers {
			delete(s.peers, a)
			break
		}
	}
	k := &peerKey{pub: pub, peer: seal.Peer{Key: pub.SerializeCompressed(), Shared: s.key.Agree(pub)}}
	s.peers[addr] = k
	return k
}

// PeerKeyFrom records addr's public key learned elsewhere (for example
// recovered from a signature of the peer's): it is accepted only if its
// address is addr.
func (c *Client) PeerKeyFrom(addr common.Address, pub []byte) error {
	if c.seal.key == nil {
		return ErrCannotSeal
	}
	k, err := seal.ParsePublicKey(pub)
	if err != nil {
		return err
	}
	if got := seal.Address(k); got != addr {
		return fmt.Errorf("%w: key of %s for %s", ErrWrongPeerKey, got.Hex(), addr.Hex())
	}
	c.seal.learn(addr, k)
	return nil
}

// peerKey returns to's verified key, looking it up at the relay if needed.
func (c *Client) peerKey(ctx context.Context, to common.Address) (*peerKey, error) {
	if k := c.seal.known(to); k != nil {
		return k, nil
	}
	raw, err := c.lookup(ctx, to)
	if err != nil {
		return nil, err
	}
	pub, err := seal.ParsePublicKey(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrWrongPeerKey, to.Hex(), err)
	}
	if got := seal.Address(pub); got != to {
		c.log.Error("relayclient: the relay handed out a wrong key", "to", to.Hex(), "keyOf", got.Hex())
		return nil, fmt.Errorf("%w: asked for %s, got the key of %s; not sent", ErrWrongPeerKey, to.Hex(), got.Hex())
	}
	return c.seal.learn(to, pub), nil
}

// lookupRetryFor bounds how long lookup asks again after the relay
// refused a lookup for now (busy searching the chain for other wallets'
// keys, or over the lookup rate: "retry in a few seconds"); the pause
// between asks grows from lookupRetryMin to lookupRetryMax.
const (
	lookupRetryFor = 15 * time.Second
	lookupRetryMin = 100 * time.Millisecond
	lookupRetryMax = 2 * time.Second
)

// lookupRefusedForNow reports whether err is the relay refusing a lookup
// for now (unavailable, rate limited), which asking later may answer.
func lookupRefusedForNow(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Code == relayproto.CodeUnavailable || e.Code == relayproto.CodeRateLimited)
}

// lookup asks the relay for addr's key, over the current connection (or
// the next one if it drops), until ctx ends. A lookup refused for now is
// asked again after a pause, for at most lookupRetryFor.
func (c *Client) lookup(ctx context.Context, addr common.Address) ([]byte, error) {
	var refusedSince time.Time
	pause := lookupRetryMin
	for {
		if err := c.WaitConnected(ctx); err != nil {
			return nil, fmt.Errorf("relayclient: look up the key of %s: %w", addr.Hex(), err)
		}
		c.mu.Lock()
		conn := c.conn
		c.mu.Unlock()
		if conn == nil {
			// Only after Close (WaitConnected then fails) or a drop
			// between the two locks (WaitConnected then blocks on the
			// next connection's channel): no spin.
			continue
		}
		id := "k" + newID()
		ch := make(chan lookupResult, 1)
		c.seal.mu.Lock()
		c.seal.lookups[id] = ch
		c.seal.mu.Unlock()
		a := addr
		if err := conn.write(ctx, relayproto.Frame{Type: relayproto.TypeLookup, ID: id, Address: &a}); err != nil {
			// A failed write ends the connection, but the client stays
			// Connected until its reader notices: wait for that instead
			// of writing again at once (a busy spin, which never yields
			// to the reader under js/wasm).
			select {
			case <-conn.done:
			case <-ctx.Done():
			}
		} else {
			select {
			case r := <-ch:
				if !lookupRefusedForNow(r.err) {
					return r.key, r.err
				}
				if refusedSince.IsZero() {
					refusedSince = time.Now()
				}
				if time.Since(refusedSince)+pause > lookupRetryFor {
					return nil, r.err
				}
				t := time.NewTimer(pause)
				select {
				case <-t.C:
				case <-ctx.Done():
					t.Stop()
				}
				pause = min(2*pause, lookupRetryMax)
			case <-conn.done:
			case <-ctx.Done():
			}
		}
		c.seal.mu.Lock()
		delete(c.seal.lookups, id)
		c.seal.mu.Unlock()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("relayclient: look up the key of %s: %w", addr.Hex(), ctx.Err())
		}
	}
}

// answerLookup completes a lookup with a key or error frame; false if id is
// not a lookup's.
func (c *Client) answerLookup(f relayproto.Frame) bool {
	c.seal.mu.Lock()
	ch, ok := c.seal.lookups[f.ID]
	delete(c.seal.lookups, f.ID)
	c.seal.mu.Unlock()
	if !ok {
		return false
	}
	switch {
	case f.Type == relayproto.TypeKey:
		ch <- lookupResult{key: f.Payload}
	case f.Code == relayproto.CodeUnknownKey:
		ch <- lookupResult{err: fmt.Errorf("%w: %s", ErrPeerKeyUnknown, f.Message)}
	default:
		ch <- lookupResult{err: fmt.Errorf("relayclient: key lookup: %w", &Error{Code: f.Code, Message: f.Message})}
	}
	return true
}

// sealFor seals payload to to under message id.
func (c *Client) sealFor(ctx context.Context, to common.Address, id string, payload []byte) ([]byte, error) {
	if c.seal.key == nil {
		return nil, ErrCannotSeal
	}
	k, err := c.peerKey(ctx, to)
	if err != nil {
		return nil, err
	}
	sc := seal.Context{From: c.addr, To: to, ID: id}
	var e *seal.Ephemeral
	if c.opts.SealAhead {
		e = c.seal.takeEphemeral(k)
		defer c.sealAhead(k)
	}
	if e == nil {
		return seal.Seal(nil, c.seal.key, k.peer.Shared, k.pub, sc, payload)
	}
	c.seal.ahead.Add(1)
	return seal.SealWith(e, c.seal.key, k.peer.Shared, k.pub, sc, payload)
}

// SealedAhead returns how many messages were sealed with an ephemeral key
// made ahead (Options.SealAhead).
func (c *Client) SealedAhead() uint64 { return c.seal.ahead.Load() }

// takeEphemeral hands over k's ephemeral key made ahead (made for k.pub),
// if there is one: it is handed over once.
func (s *sealer) takeEphemeral(k *peerKey) *seal.Ephemeral {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := k.next
	k.next = nil
	return e
}

// sealAhead makes k's next ephemeral key in the background unless one is
// there or being made (Options.SealAhead).
func (c *Client) sealAhead(k *peerKey) {
	if !c.opts.SealAhead || c.seal.key == nil {
		return
	}
	c.seal.mu.Lock()
	if k.next != nil || k.making {
		c.seal.mu.Unlock()
		return
	}
	k.making = true
	c.seal.mu.Unlock()
	go func() {
		e, err := seal.NewEphemeral(nil, k.pub)
		c.seal.mu.Lock()
		defer c.seal.mu.Unlock()
		k.making = false
		if err == nil {
			k.next = e
		}
	}()
}

// open replaces a delivered sealed payload by its plaintext, and refuses
// a clear one: only a sealed message is authenticated as its sender's
// (docs/protocol.md section 6a); a clear ack or sync could be forged by
// the relay.
func (c *Client) open(m *Message) error {
	if c.opts.Unsealed {
		return nil
	}
	if c.seal.key == nil {
		return ErrCannotSeal
	}
	if !seal.IsSealed(m.Payload) {
		return fmt.Errorf("%w: from %s, seq %d", ErrNotSealed, m.From.Hex(), m.Seq)
	}
	// seal.Open calls shared only with a sender key whose address is
	// m.From, so the key is the sender's: remember it (a peer's first
	// sealed message tells its key).
	var known *seal.Peer
	if k := c.seal.known(m.From); k != nil {
		known = &k.peer
	}
	pt, err := seal.Open(c.seal.key, known, func(s *secp256k1.PublicKey) seal.Shared {
		return c.seal.learn(m.From, s).peer.Shared
	}, seal.Context{From: m.From, To: c.addr, ID: m.ID}, m.Payload)
	if err != nil {
		return err
	}
	m.Payload = pt
	return nil
}

// refuse reports a delivered message that was not accepted.
func (c *Client) refuse(m Message, err error) {
	c.log.Warn("relayclient: refused a delivered message", "from", m.From.Hex(), "id", m.ID, "seq", m.Seq, "err", err)
	if c.opts.OnRefused != nil {
		c.opts.OnRefused(m, err)
	}
}

// PrefetchKey looks up addr's public key at the relay (checked as for a
// send) and computes the static-static secret with it, so that the first
// message to or from addr does not wait for the lookup's round trip and the
// key agreement. It sends nothing else; a key already known is not looked
// up again. The wallet calls it for each channel's peer.
func (c *Client) PrefetchKey(ctx context.Context, addr common.Address) error {
	if c.opts.Unsealed {
		return nil
	}
	if c.seal.key == nil {
		return ErrCannotSeal
	}
	k, err := c.peerKey(ctx, addr)
	if err == nil {
		c.sealAhead(k)
	}
	return err
}
