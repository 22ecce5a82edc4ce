package wallet

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// ChainKind is the kind of chain a host serves, as its /config.json states
// it ("chainKind"): it decides what a Qtum address means (docs/protocol.md
// section 2).
type ChainKind string

const (
	// EVMChain: the account that sends transactions (msg.sender) is the
	// address of the key, i.e. the signer address. A Qtum address's
	// hash160 is nobody's EVM account: no key sends from it.
	EVMChain ChainKind = "evm"
	// QtumChain: the account is the Qtum address's hash160, and it differs
	// from the signer address of the same key.
	QtumChain ChainKind = "qtum"
)

// ErrUnknownChainKind is returned by ParseChainKind for a value it does not know.
var ErrUnknownChainKind = errors.New("unknown chain kind")

// ParseChainKind reads the host's "chainKind"; empty means EVMChain (hosts
// that predate the field serve EVM chains). Any other value is refused: a
// wallet that guessed would risk naming an account nobody can send from.
func ParseChainKind(s string) (ChainKind, error) {
	switch ChainKind(strings.ToLower(strings.TrimSpace(s))) {
	case "", EVMChain:
		return EVMChain, nil
	case QtumChain:
		return QtumChain, nil
	}
	return "", fmt.Errorf("%w %q (want %q or %q)", ErrUnknownChainKind, s, EVMChain, QtumChain)
}

// ErrNoAccount is wrapped by Counterparty's refusals: the typed addresses
// would give the peer an on-chain account that no key can send from (its
// withdraw would revert and its money would be locked), or no signer.
var ErrNoAccount = errors.New("no account the peer can send from")

// Counterparty is the one rule (for the browser's Create form and the CLI's
// open) that turns what the user typed for the peer into the two addresses
// the contract records: Account (sends the peer's transactions, receives
// its payout) and Signer (signs its payments). peer is a 0x or Qtum
// address; signer is the peer's 0x signer (ecrecover) address, or empty.
//
// On an EVM chain (kind EVMChain) a key's account is its signer address, so:
//   - a 0x peer is the account; the signer is the given one, else the same
//     address;
//   - a Qtum peer names a hash160 that no key sends from on an EVM chain, so
//     it never becomes the account: with a signer given, the account is that
//     signer (the address the peer's key sends from); a bare Qtum address is
//     refused, since it gives neither a sendable account nor a signer.
//
// On a Qtum chain (kind QtumChain) account and signer differ, so the signer
// must always be given: a Qtum peer's hash160 is the account, and a 0x peer
// is taken as an explicit account (the hex form of a hash160).
func Counterparty(kind ChainKind, peer, signer string) (account, signerAddr common.Address, err error) {
	p, err := ParseAddress(peer)
	if err != nil {
		return account, signerAddr, fmt.Errorf("counterparty: %w", err)
	}
	if signer = strings.TrimSpace(signer); signer != "" {
		if signerAddr, err = ParseHexAddress(signer); err != nil {
			return account, signerAddr, fmt.Errorf("counterparty's signer (ecrecover) address: %w", err)
		}
	}
	switch kind {
	case EVMChain:
		switch {
		case p.Kind == HexAddress && signerAddr == (common.Address{}):
			return p.Address, p.Address, nil
		case p.Kind == HexAddress:
			return p.Address, signerAddr, nil
		case signerAddr == (common.Address{}):
			return account, signerAddr, fmt.Errorf("%w: %s is a Qtum address, which names no account on this EVM chain and does not give the signer: enter the counterparty's 0x (ecrecover) address", ErrNoAccount, strings.TrimSpace(peer))
		default:
			// The Qtum address's hash160 is not an EVM account: the peer's
			// key sends from its signer address.
			return signerAddr, signerAddr, nil
		}
	case QtumChain:
		if signerAddr == (common.Address{}) {
			return account, signerAddr, fmt.Errorf("%w: on a Qtum chain the counterparty's account and signer differ: enter its 0x signer (ecrecover) address as well", ErrNoAccount)
		}
		return p.Address, signerAddr, nil
	}
	return account, signerAddr, fmt.Errorf("%w %q", ErrUnknownChainKind, kind)
}
