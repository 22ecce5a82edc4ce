package watchtower

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// Token channels (docs/token-watchtower.md): a claim protects an amount in
// the token's units, and the watchtower pays its gas in wei. The operator
// sets a price per token; a token without one is not protected.

// PriceFlag is the host flag that sets a token's price (repeatable): a
// refusal for an unpriced token names it.
const PriceFlag = "--watchtower-token-price"

// MaxPricedTokens is the most tokens a watchtower takes prices for.
const MaxPricedTokens = 64

// MaxWeiPerToken bounds a price: it must be below 10^36 wei per whole
// token (10^18 ether, far above any real token's worth).
var MaxWeiPerToken = new(big.Int).Exp(big.NewInt(10), big.NewInt(36), nil)

// Price is what one whole token (10^Decimals of its units) is worth in wei,
// set by the operator. Prices are per whole token so that tokens whose unit
// is worth less than 1 wei (18-decimal tokens) are written in integers.
type Price struct {
	// WeiPerToken is the worth of one whole token in wei (> 0).
	WeiPerToken *big.Int
	// Decimals are the token's decimals(), read from the chain.
	Decimals uint8
	// Symbol is the token's symbol(), read from the chain (for status and
	// messages only).
	Symbol string
}

// Wei returns what units of the token are worth in wei, rounded down:
// floor(units * WeiPerToken / 10^Decimals). Rounding down makes a
// borderline claim look worth less than its gas, so it is skipped rather
// than paid for. Nil or negative units, or an unset price, are worth 0.
func (p Price) Wei(units *big.Int) *big.Int {
	if units == nil || units.Sign() <= 0 || p.WeiPerToken == nil || p.WeiPerToken.Sign() <= 0 {
		return new(big.Int)
	}
	v := new(big.Int).Mul(units, p.WeiPerToken)
	return v.Quo(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p.Decimals)), nil))
}

// Prices are the token prices a watchtower knows, by token address.
type Prices map[common.Address]Price

// ErrPrice is wrapped by the errors of ParsePrice.
var ErrPrice = errors.New("bad token price")

// ParsePrice parses one PriceFlag value, TOKEN=WEI_PER_TOKEN: a 0x
// address and a decimal integer above 0 and below MaxWeiPerToken. The
// token's decimals and symbol are the caller's to read from the chain.
func ParsePrice(s string) (common.Address, *big.Int, error) {
	tok, val, ok := strings.Cut(s, "=")
	if !ok {
		return common.Address{}, nil, fmt.Errorf("%s %q: %w: want TOKEN=WEI_PER_TOKEN (the token's 0x address, = and what one whole token is worth in wei)", PriceFlag, s, ErrPrice)
	}
	tok, val = strings.TrimSpace(tok), strings.TrimSpace(val)
	if !common.IsHexAddress(tok) || common.HexToAddress(tok) == (common.Address{}) {
		return common.Address{}, nil, fmt.Errorf("%s %q: %w: %q is not a token's 0x address", PriceFlag, s, ErrPrice, tok)
	}
	price, ok := new(big.Int).SetString(val, 10)
	if !ok || len(val) > 40 || strings.Trim(val, "0123456789") != "" {
		return common.Address{}, nil, fmt.Errorf("%s %q: %w: %q is not a whole number of wei", PriceFlag, s, ErrPrice, val)
	}
	if price.Sign() <= 0 {
		return common.Address{}, nil, fmt.Errorf("%s %q: %w: the price must be more than 0", PriceFlag, s, ErrPrice)
	}
	if price.Cmp(MaxWeiPerToken) >= 0 {
		return common.Address{}, nil, fmt.Errorf("%s %q: %w: the price must be below 10^36 wei per token", PriceFlag, s, ErrPrice)
	}
	return common.HexToAddress(tok), price, nil
}
