package channel

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/amount"
)

// Asset is what a channel holds, fixed when it is opened (docs/protocol.md
// section 3a): the chain's native coin (the zero Asset: its symbol and
// decimals are the chain's, from the host's configuration) or one ERC-20
// token. Deposits, totals and payouts of a token channel are in the token's
// own units. The token's address is what binds the channel (the contract
// reads it with token(id)); Symbol and Decimals are read from the token
// contract for display and parsing, and a token chooses them freely (any
// token may call itself "USDC"), so a wallet shows the address too.
type Asset struct {
	// Token is the ERC-20 contract; zero for the native coin.
	Token common.Address `json:"token,omitzero"`
	// Symbol is the token's symbol() ("tUSD"); empty for the native coin.
	Symbol string `json:"symbol,omitempty"`
	// Decimals is the token's decimals() (6 for tUSD); 0 for the native
	// coin, whose decimals come from the host's configuration.
	Decimals uint8 `json:"decimals,omitempty"`
}

// IsToken reports whether the asset is an ERC-20 token.
func (a Asset) IsToken() bool { return a.Token != (common.Address{}) }

// String returns "native coin" for the native coin (its symbol is the
// chain's, from the host's configuration) and "tUSD (0x…)" for a token.
func (a Asset) String() string {
	if !a.IsToken() {
		return "native coin"
	}
	return fmt.Sprintf("%s (%s)", a.Symbol, a.Token.Hex())
}

// Unit is the currency the channel's amounts are written in: the token's
// symbol and decimals, or native (the chain's, from the host's
// configuration) for the native coin.
func (a Asset) Unit(native amount.Unit) amount.Unit {
	if !a.IsToken() {
		return native
	}
	return amount.Unit{Symbol: a.Symbol, Decimals: int(a.Decimals)}
}
