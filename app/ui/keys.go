package ui

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"paychan/app/browserstore"
	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/wallet"
)

// importKey seals wif under passphrase, stores it and unlocks it.
func (s *node) importKey(wif, passphrase string) (*wallet.Key, error) {
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
func (s *node) createKey(passphrase string) (*wallet.Key, error) {
	k, err := wallet.GenerateKey(wallet.Testnet, rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("create a key: %w", err)
	}
	return s.importKey(k.WIF(), passphrase)
}

// unlock opens the stored key with passphrase.
func (s *node) unlock(passphrase string) (*wallet.Key, error) {
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

// setKey starts the wallet engine for k: from now on it carries out every
// effect of the rules (on the browser's storage, the host's relay and chain).
func (s *node) setKey(k *wallet.Key) {
	s.mu.Lock()
	old := s.eng
	s.key = k
	s.eng = engine.New(engine.Config{
		Store: s.store, Key: k.PrivateKey(), Watchtower: s,
		Notify: func(n engine.Note) {
			if s.notify != nil {
				s.notify(n)
			}
		},
		Progress: func(tx channel.Tx) chainclient.Progress {
			if s.progress != nil {
				return s.progress(tx)
			}
			return nil
		},
		Yield: yieldToPage,
	})
	eng, cfg, cl, r := s.eng, s.cfg, s.chain, s.relay
	s.mu.Unlock()
	configure(eng, cfg, cl)
	if r != nil {
		eng.SetRelay(r)
	}
	if old != nil {
		old.Close()
	}
}

// lock drops the key, the engine and the relay connection.
func (s *node) lock() {
	s.mu.Lock()
	r, eng := s.relay, s.eng
	s.key, s.eng, s.relay = nil, nil, nil
	s.mu.Unlock()
	if r != nil {
		r.Close()
	}
	if eng != nil {
		eng.Close()
	}
}

// forget deletes the key and channels from this browser.
func (s *node) forget() {
	s.lock()
	s.store.Forget()
}
