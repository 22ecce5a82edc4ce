package wallet

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/ethereum/go-ethereum/common"
)

// AddressKind tells how a counterparty address was written.
type AddressKind uint8

const (
	// HexAddress is a 0x-prefixed 20-byte EVM address (a signer, or an account
	// on EVM chains).
	HexAddress AddressKind = iota + 1
	// QtumAddress is a base58check Qtum address; its 20 bytes are the Qtum
	// account (hash160), not a signer address.
	QtumAddress
)

// String returns "hex" or "qtum".
func (k AddressKind) String() string {
	switch k {
	case HexAddress:
		return "hex"
	case QtumAddress:
		return "qtum"
	}
	return fmt.Sprintf("AddressKind(%d)", uint8(k))
}

// ErrBadAddress is wrapped by every error of ParseAddress, together with the
// specific cause (ErrEmpty, ErrBadEncoding, ErrBadLength, ErrBadChecksum,
// ErrUnknownNetwork).
var ErrBadAddress = errors.New("bad address")

// Address is a parsed counterparty address.
type Address struct {
	// Address is the 20 bytes.
	Address common.Address
	// Kind says whether it was given as 0x hex or as a Qtum address.
	Kind AddressKind
	// Network is set for Qtum addresses only (zero for hex).
	Network Network
}

// ParseAddress parses a counterparty written as a 0x address (40 hex digits;
// if it mixes upper and lower case the EIP-55 checksum must hold) or as a
// Qtum base58check address (version 0x78 or 0x3a). Spaces around it are
// ignored.
func ParseAddress(s string) (Address, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Address{}, fmt.Errorf("%w: %w", ErrBadAddress, ErrEmpty)
	}
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		a, err := ParseHexAddress(s)
		if err != nil {
			return Address{}, err
		}
		return Address{Address: a, Kind: HexAddress}, nil
	}
	raw := base58.Decode(s)
	if len(raw) == 0 {
		return Address{}, fmt.Errorf("%w %q: %w: neither 0x hex nor base58", ErrBadAddress, s, ErrBadEncoding)
	}
	if len(raw) != 1+20+4 {
		return Address{}, fmt.Errorf("%w %q: %w: %d bytes, want 25", ErrBadAddress, s, ErrBadLength, len(raw))
	}
	payload, version, err := base58.CheckDecode(s)
	if err != nil {
		return Address{}, fmt.Errorf("%w %q: %w", ErrBadAddress, s, ErrBadChecksum)
	}
	var net Network
	switch version {
	case QtumTestnetVersion:
		net = Testnet
	case QtumMainnetVersion:
		net = Mainnet
	default:
		return Address{}, fmt.Errorf("%w %q: %w: version 0x%02x", ErrBadAddress, s, ErrUnknownNetwork, version)
	}
	return Address{Address: common.BytesToAddress(payload), Kind: QtumAddress, Network: net}, nil
}

// ParseHexAddress parses a 0x-prefixed 20-byte hex address. All-lower or
// all-upper hex is accepted as is; mixed case must match EIP-55.
func ParseHexAddress(s string) (common.Address, error) {
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
		return common.Address{}, fmt.Errorf("%w %q: %w: missing 0x prefix", ErrBadAddress, s, ErrBadEncoding)
	}
	h := s[2:]
	if len(h) != 40 {
		return common.Address{}, fmt.Errorf("%w %q: %w: %d hex digits, want 40", ErrBadAddress, s, ErrBadLength, len(h))
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w %q: %w: not hex", ErrBadAddress, s, ErrBadEncoding)
	}
	a := common.BytesToAddress(b)
	if h != strings.ToLower(h) && h != strings.ToUpper(h) && a.Hex()[2:] != h {
		return common.Address{}, fmt.Errorf("%w %q: %w: EIP-55 mixed case is wrong (want %s)", ErrBadAddress, s, ErrBadChecksum, a.Hex())
	}
	return a, nil
}
