package wallet

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/btcsuite/btcd/btcec/v2"
	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/chaincfg"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Network selects the WIF prefix and the Qtum address version byte.
type Network uint8

const (
	// Testnet is Qtum testnet and regtest: WIF prefix 0xef ("c..."), address
	// version 0x78 ("q...").
	Testnet Network = iota + 1
	// Mainnet is Qtum mainnet: WIF prefix 0x80 ("5...", "K...", "L..."),
	// address version 0x3a ("Q...").
	Mainnet
)

// Qtum base58check version bytes of pay-to-pubkey-hash addresses.
const (
	QtumTestnetVersion byte = 0x78
	QtumMainnetVersion byte = 0x3a
)

// String returns "testnet" or "mainnet".
func (n Network) String() string {
	switch n {
	case Testnet:
		return "testnet"
	case Mainnet:
		return "mainnet"
	}
	return fmt.Sprintf("Network(%d)", uint8(n))
}

func (n Network) params() (*chaincfg.Params, byte, error) {
	switch n {
	case Testnet:
		return &chaincfg.TestNet3Params, QtumTestnetVersion, nil
	case Mainnet:
		return &chaincfg.MainNetParams, QtumMainnetVersion, nil
	}
	return nil, 0, fmt.Errorf("%w: %v", ErrUnknownNetwork, n)
}

// Errors returned by key and address parsing. They are wrapped with context;
// test with errors.Is.
var (
	// ErrEmpty: the input was empty (after trimming spaces).
	ErrEmpty = errors.New("empty input")
	// ErrBadEncoding: the input is not base58 (or not hex for 0x addresses).
	ErrBadEncoding = errors.New("bad encoding")
	// ErrBadLength: the decoded input has the wrong length.
	ErrBadLength = errors.New("wrong length")
	// ErrBadChecksum: the base58check or EIP-55 checksum does not match (a typo).
	ErrBadChecksum = errors.New("checksum mismatch")
	// ErrUnknownNetwork: a WIF prefix or address version byte of no network we know.
	ErrUnknownNetwork = errors.New("unknown network")
	// ErrInvalidKey: the private key is zero or not below the curve order.
	ErrInvalidKey = errors.New("invalid private key")
)

// Key is a secp256k1 private key with the network and public-key
// compression it was imported with (both only matter for WIF export).
// The zero Key is not valid; make one with ParseWIF, GenerateKey or NewKey.
type Key struct {
	priv       *ecdsa.PrivateKey
	net        Network
	compressed bool
}

// NewKey wraps an existing private key.
func NewKey(priv *ecdsa.PrivateKey, net Network, compressed bool) (*Key, error) {
	if priv == nil {
		return nil, fmt.Errorf("new key: %w: nil", ErrInvalidKey)
	}
	if _, _, err := net.params(); err != nil {
		return nil, fmt.Errorf("new key: %w", err)
	}
	// Round-trip through bytes to validate range and curve.
	p, err := crypto.ToECDSA(crypto.FromECDSA(priv))
	if err != nil {
		return nil, fmt.Errorf("new key: %w: %v", ErrInvalidKey, err)
	}
	return &Key{priv: p, net: net, compressed: compressed}, nil
}

// GenerateKey makes a fresh random key (compressed, like Qtum wallets) using
// the given source of randomness (crypto/rand.Reader in production).
func GenerateKey(net Network, random io.Reader) (*Key, error) {
	if _, _, err := net.params(); err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	priv, err := ecdsa.GenerateKey(crypto.S256(), random)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	return NewKey(priv, net, true)
}

// ParseWIF imports a private key in Wallet Import Format: base58check of a
// network byte (0xef testnet/regtest, 0x80 mainnet), 32 key bytes and an
// optional 0x01 compression flag. Leading and trailing spaces are ignored.
func ParseWIF(s string) (*Key, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("parse WIF: %w", ErrEmpty)
	}
	raw := base58.Decode(s)
	if len(raw) == 0 {
		return nil, fmt.Errorf("parse WIF: %w: not base58", ErrBadEncoding)
	}
	if n := len(raw); n != 1+32+4 && n != 1+32+1+4 {
		return nil, fmt.Errorf("parse WIF: %w: %d bytes, want 37 or 38", ErrBadLength, n)
	}
	w, err := btcutil.DecodeWIF(s)
	switch {
	case errors.Is(err, base58.ErrChecksum), errors.Is(err, btcutil.ErrChecksumMismatch):
		return nil, fmt.Errorf("parse WIF: %w", ErrBadChecksum)
	case errors.Is(err, btcutil.ErrMalformedPrivateKey):
		return nil, fmt.Errorf("parse WIF: %w: bad compression flag", ErrBadEncoding)
	case err != nil:
		return nil, fmt.Errorf("parse WIF: %w: %v", ErrBadEncoding, err)
	}
	var net Network
	switch {
	case w.IsForNet(&chaincfg.TestNet3Params):
		net = Testnet
	case w.IsForNet(&chaincfg.MainNetParams):
		net = Mainnet
	default:
		return nil, fmt.Errorf("parse WIF: %w: prefix 0x%02x", ErrUnknownNetwork, raw[0])
	}
	priv, err := crypto.ToECDSA(raw[1:33])
	if err != nil {
		return nil, fmt.Errorf("parse WIF: %w: %v", ErrInvalidKey, err)
	}
	return &Key{priv: priv, net: net, compressed: w.CompressPubKey}, nil
}

// WIF exports the key in Wallet Import Format for its network and compression.
func (k *Key) WIF() string {
	params, _, err := k.net.params()
	if err != nil {
		panic("wallet: Key with unknown network") // unreachable: constructors validate
	}
	bk, _ := btcec.PrivKeyFromBytes(crypto.FromECDSA(k.priv))
	w, err := btcutil.NewWIF(bk, params, k.compressed)
	if err != nil {
		panic(err) // unreachable: params is not nil
	}
	return w.String()
}

// PrivateKey returns the key for signing (e.g. channel.Sign).
func (k *Key) PrivateKey() *ecdsa.PrivateKey { return k.priv }

// Network returns the network the key was imported or generated for.
func (k *Key) Network() Network { return k.net }

// Compressed reports whether the WIF carries the compressed-public-key flag.
func (k *Key) Compressed() bool { return k.compressed }

// Signer returns the EVM address of the key: the address ecrecover yields
// for its signatures, and its account address on EVM chains.
func (k *Key) Signer() common.Address { return crypto.PubkeyToAddress(k.priv.PublicKey) }

// QtumAccount returns hash160 of the compressed public key: the 20-byte
// address a Qtum contract sees as msg.sender.
func (k *Key) QtumAccount() common.Address {
	return common.BytesToAddress(btcutil.Hash160(crypto.CompressPubkey(&k.priv.PublicKey)))
}

// QtumAddress returns the base58check Qtum address ("q..." on testnet,
// "Q..." on mainnet).
func (k *Key) QtumAddress() string {
	_, version, _ := k.net.params()
	return base58.CheckEncode(k.QtumAccount().Bytes(), version)
}

// QtumAddressOf encodes a 20-byte Qtum account as a base58check address.
func QtumAddressOf(account common.Address, net Network) (string, error) {
	_, version, err := net.params()
	if err != nil {
		return "", fmt.Errorf("qtum address: %w", err)
	}
	return base58.CheckEncode(account.Bytes(), version), nil
}
