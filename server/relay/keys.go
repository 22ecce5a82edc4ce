package relay

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/nats-io/nats.go/jetstream"

	"paychan/app/relayproto"
	"paychan/app/seal"
)

// The relay's key directory: the public key of every address that logged
// in (recovered from its login signature), handed out in answer to lookup
// frames so that wallets can seal messages to a peer that is offline
// (docs/sealed-messages.md). A wallet trusts a key only if its address is
// the one it meant (the peer's signer as recorded on chain), so a relay
// that hands out another key is caught by the wallet, not believed.

// KeyDirectory is an optional Store method set that keeps the directory
// durably and shared between the hosts of one store (JetStreamStore keeps
// it in a key-value bucket). Without it the Server keeps it in memory.
type KeyDirectory interface {
	PutKey(ctx context.Context, addr common.Address, key []byte) error
	// LookupKey returns the key, or ok false if addr never logged in.
	LookupKey(ctx context.Context, addr common.Address) (key []byte, ok bool, err error)
}

// keyCache is the Server's in-memory copy of the directory, bounded by
// Limits.MaxKeys (when full, an arbitrary entry is dropped: the store's
// directory, if any, still has it).
type keyCache struct {
	mu  sync.Mutex
	max int
	m   map[common.Address][]byte
}

func (k *keyCache) get(a common.Address) ([]byte, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[a]
	return v, ok
}

func (k *keyCache) put(a common.Address, key []byte) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.m[a]; !ok && len(k.m) >= k.max {
		for old := range k.m {
			delete(k.m, old)
			break
		}
	}
	k.m[a] = key
}

// rememberKey records addr's key after a login.
func (s *Server) rememberKey(ctx context.Context, addr common.Address, key []byte) {
	if old, ok := s.keys.get(addr); ok && string(old) == string(key) {
		return
	}
	s.keys.put(addr, key)
	if d, ok := s.store.(KeyDirectory); ok {
		if err := d.PutKey(ctx, addr, key); err != nil {
			s.log.Warn("relay: store the login key", "addr", addr.Hex(), "err", err)
		}
	}
}

// KnowKey records pub as its address's key, as a login would: for a
// client of the host's own, such as its watchtower, whose key the host
// holds, so that wallets can seal messages to it before it has logged in
// (after a start, the watchtower's login races the first hand-offs).
func (s *Server) KnowKey(ctx context.Context, pub *ecdsa.PublicKey) {
	s.rememberKey(ctx, crypto.PubkeyToAddress(*pub), crypto.CompressPubkey(pub))
}

// knownKey returns addr's key from the cache or the store's directory.
func (s *Server) knownKey(ctx context.Context, addr common.Address) ([]byte, bool, error) {
	if k, ok := s.keys.get(addr); ok {
		return k, true, nil
	}
	if d, isDir := s.store.(KeyDirectory); isDir {
		k, ok, err := d.LookupKey(ctx, addr)
		if err != nil {
			return nil, false, err
		}
		if ok {
			s.keys.put(addr, k)
			return k, true, nil
		}
	}
	return nil, false, nil
}

// searchKey asks the KeyFallback for addr's key and records a key found.
func (s *Server) searchKey(ctx context.Context, addr common.Address) ([]byte, bool, error) {
	if s.keyFallback == nil {
		return nil, false, nil
	}
	k, ok, err := s.keyFallback(ctx, addr)
	if err != nil || !ok {
		return nil, false, err
	}
	s.rememberKey(ctx, addr, k)
	return k, true, nil
}

// scanSlot takes one of the Limits.MaxChainScans slots of chain searches
// (host-wide) if one is free; release gives it back.
func (s *Server) scanSlot() (release func(), ok bool) {
	s.scansOnce.Do(func() { s.scans = make(chan struct{}, s.limits.MaxChainScans) })
	select {
	case s.scans <- struct{}{}:
		return func() { <-s.scans }, true
	default:
		return nil, false
	}
}

// handleLookup answers a lookup frame with a key frame or an error. A key
// in the cache or the directory is answered at once; a chain search (the
// KeyFallback) runs off the read loop, in one of the host-wide
// Limits.MaxChainScans slots (none free: unavailable at once, not queued),
// and stops when the connection ends.
func (c *conn) handleLookup(ctx context.Context, f relayproto.Frame) error {
	if !c.lookups.allow() {
		return c.refuse(ctx, relayproto.CodeRateLimited, fmt.Sprintf("more than %g key lookups a second; retry later", c.srv.limits.LookupRate), f.ID, 0)
	}
	a := *f.Address
	key, ok, err := c.srv.knownKey(ctx, a)
	if err == nil && !ok && c.srv.keyFallback != nil {
		release, free := c.srv.scanSlot()
		if !free {
			return c.writeError(ctx, relayproto.CodeUnavailable, fmt.Sprintf("the relay is busy searching the chain for the keys of other wallets (%d searches at a time); retry in a few seconds", c.srv.limits.MaxChainScans), f.ID, 0)
		}
		// Counted in the Server's WaitGroup: Close waits for it (the
		// connection's end cancels ctx, which ends the search).
		c.srv.wg.Add(1)
		go func() {
			defer c.srv.wg.Done()
			key, ok, err := c.srv.searchKey(ctx, a)
			release()
			if ctx.Err() != nil {
				return // the connection is gone
			}
			if err := c.answerLookup(ctx, f, key, ok, err); err != nil {
				c.background(err)
			}
		}()
		return nil
	}
	return c.answerLookup(ctx, f, key, ok, err)
}

// answerLookup writes the answer to lookup frame f: the key, or why not.
// It does not touch the read loop's state (a chain search answers from
// its own goroutine).
func (c *conn) answerLookup(ctx context.Context, f relayproto.Frame, key []byte, ok bool, err error) error {
	switch {
	case err != nil:
		c.log.Warn("relay: key lookup", "addr", f.Address.Hex(), "err", err)
		return c.writeError(ctx, relayproto.CodeUnavailable, "the key directory cannot be read; retry later", f.ID, 0)
	case !ok:
		return c.writeError(ctx, relayproto.CodeUnknownKey, fmt.Sprintf("%s has never logged in to this relay: its public key is unknown", f.Address.Hex()), f.ID, 0)
	}
	a := *f.Address
	return c.write(ctx, relayproto.Frame{Type: relayproto.TypeKey, ID: f.ID, Address: &a, Payload: key})
}

// checkSealed reports why a payload may not be stored: unless
// Limits.AllowClear, only a sealed message (app/seal) naming the sender's
// own key is, so that no clear message enters a mailbox after the upgrade
// (the clear ones stored before it are read once and removed).
func (c *conn) checkSealed(payload []byte) error {
	if c.srv.limits.AllowClear {
		return nil
	}
	if sealedByKey(payload, c.key) {
		return nil
	}
	return seal.CheckSender(payload, c.addr)
}

// sealedByKey reports whether payload has the form of a sealed message
// (seal.Decode's checks short of parsing the ephemeral key) whose sender
// key is key, the compressed key the connection logged in with: the
// answer seal.CheckSender gives for such a payload, without parsing the
// sender key and hashing it to its address on every send.
func sealedByKey(payload, key []byte) bool {
	return len(key) == seal.KeyLen &&
		len(payload) >= seal.Overhead && len(payload) <= seal.MaxSize &&
		payload[0] == seal.Version &&
		(payload[1] == 0x02 || payload[1] == 0x03) &&
		bytes.Equal(payload[1+seal.KeyLen:seal.HeaderLen], key)
}

// keysBucket names the key-value bucket of a stream's key directory.
func keysBucket(stream string) string { return stream + "_keys" }

func (s *JetStreamStore) keyValue(ctx context.Context) (jetstream.KeyValue, error) {
	s.kvOnce.Do(func() {
		s.kv, s.kvErr = s.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:      keysBucket(s.opts.Stream),
			Description: "paychan relay: public key of each address that logged in",
			History:     1,
			Storage:     jetstream.FileStorage,
			MaxBytes:    int64(s.opts.MaxKeys) * 128,
		})
	})
	return s.kv, s.kvErr
}

// PutKey implements KeyDirectory.
func (s *JetStreamStore) PutKey(ctx context.Context, addr common.Address, key []byte) error {
	kv, err := s.keyValue(ctx)
	if err != nil {
		return fmt.Errorf("relay: key directory: %w", err)
	}
	if _, err := kv.Put(ctx, s.hexOf(addr), key); err != nil {
		return fmt.Errorf("relay: key directory: put %s: %w", addr.Hex(), err)
	}
	return nil
}

// LookupKey implements KeyDirectory.
func (s *JetStreamStore) LookupKey(ctx context.Context, addr common.Address) ([]byte, bool, error) {
	kv, err := s.keyValue(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("relay: key directory: %w", err)
	}
	e, err := kv.Get(ctx, s.hexOf(addr))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("relay: key directory: get %s: %w", addr.Hex(), err)
	}
	return e.Value(), true, nil
}
