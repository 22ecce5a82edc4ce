package devchain

import (
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/internal/devkeys"
)

// TestKey is one of the seed's PUBLIC test keys. Anyone can spend what these
// keys hold: they exist only so a fresh development chain has funded accounts.
type TestKey struct {
	Name    string            // Alice, Bob or Deployer
	WIF     string            // the key as the seed printed it
	Key     *ecdsa.PrivateKey // the decoded secp256k1 key
	Address common.Address    // its EVM (signer and account) address
}

// The seed's public test keys, funded at genesis of the development chain
// (defined once, in internal/devkeys).
const (
	AliceWIF    = devkeys.AliceWIF
	BobWIF      = devkeys.BobWIF
	DeployerWIF = devkeys.DeployerWIF
)

// legacyFaucetSeed named the faucet's key before it was generated per data
// directory. It is public: data directories created with it keep it (their
// genesis funds it), with a warning at every start.
const legacyFaucetSeed = "paychan development chain faucet (public test key)"

// TestFunds is what each test key holds at genesis: 1,000,000 ETH in wei.
var TestFunds = new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))

// faucetFunds is the faucet's genesis balance: 10^12 ETH in wei.
var faucetFunds = new(big.Int).Mul(big.NewInt(1_000_000_000_000), big.NewInt(1e18))

// TestKeys returns Alice, Bob and the Deployer, decoded.
func TestKeys() []TestKey {
	keys := make([]TestKey, 0, 3)
	for _, k := range []struct{ name, wif string }{{"Alice", AliceWIF}, {"Bob", BobWIF}, {"Deployer", DeployerWIF}} {
		key, err := DecodeKey(k.wif)
		if err != nil {
			panic(fmt.Sprintf("devchain: test key %s: %v", k.name, err)) // constants: cannot happen
		}
		keys = append(keys, TestKey{Name: k.name, WIF: k.wif, Key: key, Address: crypto.PubkeyToAddress(key.PublicKey)})
	}
	return keys
}

// TestKeyByName returns the named test key (Alice, Bob or Deployer).
func TestKeyByName(name string) (TestKey, bool) {
	for _, k := range TestKeys() {
		if k.Name == name {
			return k, true
		}
	}
	return TestKey{}, false
}

// legacyFaucetKey returns the public key the faucet used before it was
// generated per data directory.
func legacyFaucetKey() *ecdsa.PrivateKey {
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte(legacyFaucetSeed)))
	if err != nil {
		panic(fmt.Sprintf("devchain: faucet key: %v", err)) // a keccak digest is a valid key
	}
	return key
}

// loadFaucetKey returns the faucet's key for the chain in dir: the one in
// dir/FaucetKeyFile, or a new random one written there (mode 0600) on a
// fresh directory. The genesis funds the faucet, so the key must stay the
// same for the life of the directory. A directory whose chain was created
// before the key file existed keeps the old public key (its genesis funds
// that one). An in-memory chain (dir "") gets a random key.
func loadFaucetKey(dir string, logger *slog.Logger) (*ecdsa.PrivateKey, error) {
	if dir == "" {
		return crypto.GenerateKey()
	}
	path := filepath.Join(dir, FaucetKeyFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		key, err := crypto.HexToECDSA(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, fmt.Errorf("devchain: faucet key in %s: %w", path, err)
		}
		return key, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("devchain: read faucet key: %w", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "paychan", "chaindata")); err == nil {
		logger.Warn("devchain: this chain was created with the PUBLIC faucet key: anyone can drain the faucet; delete the chain folder to start a chain with a private faucet key",
			"dir", dir)
		return legacyFaucetKey(), nil
	}
	key, err := crypto.GenerateKey()
	if err != nil {
		return nil, fmt.Errorf("devchain: generate faucet key: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("devchain: create %s: %w", dir, err)
	}
	if err := writeFileSynced(path, []byte(hex.EncodeToString(crypto.FromECDSA(key))+"\n"), "faucet key"); err != nil {
		return nil, err
	}
	return key, nil
}

// writeFileSynced writes data to path (mode 0600) through a temporary file
// that is synced before it is renamed over path: a crash leaves the old
// file or the new one, never a part.
func writeFileSynced(path string, data []byte, what string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("devchain: write %s: %w", what, err)
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("devchain: write %s: %w", what, err)
	}
	return nil
}

// syncFile flushes the file at path to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("devchain: sync %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("devchain: sync %s: %w", path, err)
	}
	return nil
}

// DecodeKey decodes a private key given as WIF (as the seed's wallets print
// them) or as 64 hex digits with or without 0x.
func DecodeKey(s string) (*ecdsa.PrivateKey, error) {
	if wif, err := btcutil.DecodeWIF(s); err == nil {
		key, err := crypto.ToECDSA(wif.PrivKey.Serialize())
		if err != nil {
			return nil, fmt.Errorf("decode WIF key: %w", err)
		}
		return key, nil
	}
	hexKey := s
	if len(hexKey) >= 2 && (hexKey[:2] == "0x" || hexKey[:2] == "0X") {
		hexKey = hexKey[2:]
	}
	key, err := crypto.HexToECDSA(hexKey)
	if err != nil {
		return nil, fmt.Errorf("decode key: neither WIF nor 64 hex digits: %w", err)
	}
	return key, nil
}
