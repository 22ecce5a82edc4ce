// Token prices (docs/token-watchtower.md): the operator's price per token,
// with the token's decimals and symbol read from the chain at start.

package watchtower

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/chainclient"
	wt "paychan/app/watchtower"
)

// readPrices checks cfg.TokenPrices and reads each token's decimals and
// symbol: every error names the flag and the token.
func readPrices(ctx context.Context, cfg Config) (wt.Prices, error) {
	if n := len(cfg.TokenPrices); n > wt.MaxPricedTokens {
		return nil, fmt.Errorf("watchtower: %s given for %d tokens; at most %d", wt.PriceFlag, n, wt.MaxPricedTokens)
	}
	cl := chainclient.New(cfg.Backend, cfg.Contract, cfg.ChainID)
	prices := make(wt.Prices, len(cfg.TokenPrices))
	for _, tok := range sortedTokens(cfg.TokenPrices) {
		p := cfg.TokenPrices[tok]
		switch {
		case tok == (common.Address{}):
			return nil, fmt.Errorf("watchtower: %s: the zero address is not a token", wt.PriceFlag)
		case p == nil || p.Sign() <= 0:
			return nil, fmt.Errorf("watchtower: %s %s=%v: the price must be more than 0", wt.PriceFlag, tok.Hex(), p)
		case p.Cmp(wt.MaxWeiPerToken) >= 0:
			return nil, fmt.Errorf("watchtower: %s %s=%v: the price must be below 10^36 wei per token", wt.PriceFlag, tok.Hex(), p)
		}
		a, err := cl.TokenInfo(ctx, tok)
		if err != nil {
			return nil, fmt.Errorf("watchtower: %s %s=%v: %w", wt.PriceFlag, tok.Hex(), p, err)
		}
		prices[tok] = wt.Price{WeiPerToken: new(big.Int).Set(p), Decimals: a.Decimals, Symbol: a.Symbol}
	}
	return prices, nil
}

// sortedTokens returns the keys of m ordered by address.
func sortedTokens[V any](m map[common.Address]V) []common.Address {
	toks := make([]common.Address, 0, len(m))
	for t := range m {
		toks = append(toks, t)
	}
	slices.SortFunc(toks, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	return toks
}

// tokenStatus lists the priced tokens with the payments held in each. w.mu
// is held.
func (w *Watchtower) tokenStatus() []wt.TokenStatus {
	if len(w.prices) == 0 {
		return nil
	}
	watched := map[common.Address]int{}
	for _, h := range w.held {
		watched[h.Token]++
	}
	var out []wt.TokenStatus
	for _, tok := range sortedTokens(w.prices) {
		p := w.prices[tok]
		out = append(out, wt.TokenStatus{Token: tok.Hex(), Symbol: p.Symbol, Decimals: int(p.Decimals),
			WeiPerToken: p.WeiPerToken.String(), Watched: watched[tok]})
	}
	return out
}
