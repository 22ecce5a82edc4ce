package wallet

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"

	// Only btcutil's base58 package: the btcutil root package drags btcd's
	// wire and chaincfg into the browser build (about 0.65 MB brotli).
	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	//lint:ignore SA1019 a Qtum address is hash160 = RIPEMD-160(SHA-256(key)) by definition
	"golang.org/x/crypto/ripemd160"
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

// WIF version bytes (Bitcoin's, shared by Qtum).
const (
	wifTestnetVersion byte = 0xef
	wifMainnetVersion byte = 0x80
	// wifCompressed follows the key when the public key is compressed.
	wifCompressed byte = 0x01
)

// params returns the WIF and Qtum address version bytes of n.
func (n Network) params() (wif, qtum byte, err error) {
	switch n {
	case Testnet:
		return wifTestnetVersion, QtumTestnetVersion, nil
	case Mainnet:
		return wifMainnetVersion, QtumMainnetVersion, nil
	}
	return 0, 0, fmt.Errorf("%w: %v", ErrUnknownNetwork, n)
}

// checksum is the base58check checksum: the first 4 bytes of
// SHA-256(SHA-256(b)).
func checksum(b []byte) []byte {
	h := sha256.Sum256(b)
	h = sha256.Sum256(h[:])
	return h[:4]
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
	// Rejection sampling: 32 random bytes are a key when they are a scalar
	// in [1, n), which crypto.ToECDSA checks (the chance of a retry is
	// about 2^-128). Not ecdsa.GenerateKey: it links the NIST curves'
	// code (about 0.5 MB) into the browser's WebAssembly.
	var b [32]byte
	for range 8 {
		if _, err := io.ReadFull(random, b[:]); err != nil {
			return nil, fmt.Errorf("generate key: %w", err)
		}
		if priv, err := crypto.ToECDSA(b[:]); err == nil {
			return NewKey(priv, net, true)
		}
	}
	return nil, errors.New("generate key: the random source gave no valid secp256k1 key in 8 tries")
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
	compressed := len(raw) == 1+32+1+4
	if compressed && raw[33] != wifCompressed {
		return nil, fmt.Errorf("parse WIF: %w: bad compression flag", ErrBadEncoding)
	}
	body, sum := raw[:len(raw)-4], raw[len(raw)-4:]
	if !bytes.Equal(checksum(body), sum) {
		return nil, fmt.Errorf("parse WIF: %w", ErrBadChecksum)
	}
	var net Network
	switch raw[0] {
	case wifTestnetVersion:
		net = Testnet
	case wifMainnetVersion:
		net = Mainnet
	default:
		return nil, fmt.Errorf("parse WIF: %w: prefix 0x%02x", ErrUnknownNetwork, raw[0])
	}
	priv, err := crypto.ToECDSA(raw[1:33])
	if err != nil {
		return nil, fmt.Errorf("parse WIF: %w: %v", ErrInvalidKey, err)
	}
	return &Key{priv: priv, net: net, compressed: compressed}, nil
}

// WIF exports the key in Wallet Import Format for its network and compression.
func (k *Key) WIF() string {
	version, _, err := k.net.params()
	if err != nil {
		panic("wallet: Key with unknown network") // unreachable: constructors validate
	}
	b := make([]byte, 0, 1+32+1+4)
	b = append(b, version)
	b = append(b, crypto.FromECDSA(k.priv)...) // 32 bytes, zero-padded
	if k.compressed {
		b = append(b, wifCompressed)
	}
	return base58.Encode(append(b, checksum(b)...))
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
	return common.BytesToAddress(hash160(crypto.CompressPubkey(&k.priv.PublicKey)))
}

// hash160 is RIPEMD-160(SHA-256(b)), Bitcoin's and Qtum's address hash.
func hash160(b []byte) []byte {
	h := sha256.Sum256(b)
	r := ripemd160.New()
	r.Write(h[:])
	return r.Sum(nil)
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
