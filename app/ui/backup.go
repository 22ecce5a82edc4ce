package ui

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"paychan/app/browserstore"
	"paychan/app/channel"
	"paychan/app/wallet"
)

// BackupVersion is the version of the backup file's (sealed) content.
const BackupVersion = 1

// backupFile is what a backup holds once opened with the passphrase: the
// key and every channel state, with the best payments received (what the
// wallet claims on chain). The file itself is wallet.Seal's envelope of
// this JSON: nothing in it is readable without the passphrase.
type backupFile struct {
	Version  int                                `json:"v"`
	Created  time.Time                          `json:"created"`
	WIF      string                             `json:"wif"`
	Account  browserstore.Account               `json:"account"`
	Channels []channel.State                    `json:"channels"`
	Protect  map[string]browserstore.Protection `json:"protect,omitempty"`
}

// sealBackup encrypts b with passphrase.
func sealBackup(b backupFile, passphrase string) ([]byte, error) {
	plain, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("encode the backup: %w", err)
	}
	sealed, err := wallet.Seal(plain, []byte(passphrase), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("encrypt the backup: %w", err)
	}
	return sealed, nil
}

// openBackup decrypts and checks a backup file.
func openBackup(data []byte, passphrase string) (backupFile, error) {
	var b backupFile
	plain, err := wallet.Open(data, []byte(passphrase))
	if err != nil {
		if errors.Is(err, wallet.ErrWrongPassphrase) {
			return b, errors.New("wrong passphrase for this backup")
		}
		return b, fmt.Errorf("this is not a paychan backup, or it was modified: %w", err)
	}
	if err := json.Unmarshal(plain, &b); err != nil {
		return b, fmt.Errorf("read the backup: %w", err)
	}
	if b.Version != BackupVersion {
		return b, fmt.Errorf("backup version %d: this wallet reads version %d", b.Version, BackupVersion)
	}
	k, err := wallet.ParseWIF(b.WIF)
	if err != nil {
		return b, fmt.Errorf("the backup's key: %w", err)
	}
	for _, st := range b.Channels {
		if st.Me().Signer != k.Signer() {
			return b, fmt.Errorf("channel %d in the backup is not signed by the backup's key", st.ID.Channel)
		}
	}
	return b, nil
}

// exportBackup seals the key and every channel with passphrase, which
// must be the one the key is stored with.
func (s *node) exportBackup(passphrase string) ([]byte, error) {
	_, _, key, eng, _ := s.snapshot()
	if key == nil || eng == nil {
		return nil, errLocked
	}
	sealed, err := s.store.LoadKeys()
	if err != nil {
		return nil, fmt.Errorf("no stored key: %w", err)
	}
	if _, err := wallet.Open(sealed, []byte(passphrase)); err != nil {
		return nil, errors.New("enter the passphrase of this wallet to encrypt the backup")
	}
	states, err := eng.Book().List()
	if err != nil {
		return nil, err
	}
	b := backupFile{Version: BackupVersion, Created: time.Now().UTC(), WIF: key.WIF(),
		Account:  browserstore.Account{Qtum: key.QtumAddress(), Signer: key.Signer().Hex()},
		Channels: states, Protect: map[string]browserstore.Protection{}}
	for _, st := range states {
		if p, ok, _ := s.store.LoadProtection(st.ID); ok {
			b.Protect[st.ID.String()] = p
		}
	}
	return sealBackup(b, passphrase)
}

// restoreBackup opens a backup, stores its key (sealed again with the same
// passphrase) and merges its channels into this browser's, then reads the
// chain once so that what is sent to the peer and the watchtower next
// reflects the channels' current status. The next relay connection syncs
// totals with every peer and hands the payments to the watchtower again.
func (s *node) restoreBackup(ctx context.Context, data []byte, passphrase string) (backupFile, error) {
	b, err := openBackup([]byte(strings.TrimSpace(string(data))), passphrase)
	if err != nil {
		return b, err
	}
	// Set before the key: the background loop connects the relay as soon
	// as a key is there, and that connection must run the full sync.
	s.mu.Lock()
	s.fullSync = true
	s.mu.Unlock()
	if _, err := s.importKey(b.WIF, passphrase); err != nil {
		return b, err
	}
	_, _, _, eng, _ := s.snapshot()
	if eng == nil {
		return b, errLocked
	}
	for _, st := range b.Channels {
		// The core merges under the Book's lock (the higher totals win).
		if _, err := eng.Book().Restore(st); err != nil {
			return b, err
		}
		if p, ok := b.Protect[st.ID.String()]; ok {
			if _, have, _ := s.store.LoadProtection(st.ID); !have {
				s.store.SaveProtection(st.ID, p)
			}
		}
	}
	if _, cl, _, _, _ := s.snapshot(); cl != nil {
		s.refresh(ctx) // best effort: offline, the states come from the backup
	}
	return b, nil
}
