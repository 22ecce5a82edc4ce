package watchtower

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/crypto"
)

// KeyFile is the name of the watchtower's key file in the host's data
// directory.
const KeyFile = "watchtower.key"

// LoadOrCreateKey reads the watchtower's private key from path (hex, as
// written by crypto.SaveECDSA), or generates one and writes it there with
// mode 0600 (via a synced temporary file and a rename, so a crash leaves
// either no key or the whole key). created reports a new key.
func LoadOrCreateKey(path string) (key *ecdsa.PrivateKey, created bool, err error) {
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		key, err := crypto.HexToECDSA(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, false, fmt.Errorf("watchtower: key file %s: %w", path, err)
		}
		return key, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, false, fmt.Errorf("watchtower: read key: %w", err)
	}
	if key, err = crypto.GenerateKey(); err != nil {
		return nil, false, fmt.Errorf("watchtower: generate key: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".watchtower-key-*")
	if err != nil {
		return nil, false, fmt.Errorf("watchtower: write key: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename this fails harmlessly
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("watchtower: write key: %w", err)
	}
	if _, err := tmp.WriteString(fmt.Sprintf("%x\n", crypto.FromECDSA(key))); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("watchtower: write key: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("watchtower: write key: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, false, fmt.Errorf("watchtower: write key: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, false, fmt.Errorf("watchtower: write key: %w", err)
	}
	return key, true, nil
}
