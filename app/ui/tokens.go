package ui

import (
	"context"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
)

// tokenBalances shows the key's balance of each token the host lists
// (/config.json tokens), read from the chain again whenever the head block
// changes.
type tokenBalances struct {
	app.Compo
	W    *root
	Head uint64

	fetched uint64
	busy    bool
	bal     map[string]*big.Int // by token address as listed
}

func newTokenBalances(w *root) *tokenBalances { return &tokenBalances{W: w, Head: w.head} }

// OnMount reads the balances.
func (t *tokenBalances) OnMount(ctx app.Context) { t.fetch(ctx) }

// OnUpdate reads them again after a new block.
func (t *tokenBalances) OnUpdate(ctx app.Context) {
	if t.Head != t.fetched {
		t.fetch(ctx)
	}
}

func (t *tokenBalances) fetch(ctx app.Context) {
	w := t.W
	if t.busy || w.s == nil || w.account.Signer == "" || len(w.cfg.Tokens) == 0 || !common.IsHexAddress(w.account.Signer) {
		return
	}
	_, cl, _, _, _ := w.s.snapshot()
	if cl == nil {
		return
	}
	owner := common.HexToAddress(w.account.Signer)
	tokens, head := w.cfg.Tokens, t.Head
	t.busy = true
	ctx.Async(func() {
		cctx, cancel := context.WithTimeout(w.bg, 10*time.Second)
		defer cancel()
		got := map[string]*big.Int{}
		for _, tok := range tokens {
			if !common.IsHexAddress(tok.Address) {
				continue
			}
			if b, err := cl.TokenBalance(cctx, common.HexToAddress(tok.Address), owner); err == nil {
				got[tok.Address] = b
			}
		}
		ctx.Dispatch(func(ctx app.Context) { t.bal, t.fetched, t.busy = got, head, false })
	})
}

// Render draws one row a token, "–" until read.
func (t *tokenBalances) Render() app.UI {
	toks := t.W.cfg.Tokens
	return app.Div().ID("token-balances").Body(app.Range(toks).Slice(func(i int) app.UI {
		tok := toks[i]
		u := amount.Unit{Symbol: tok.Symbol, Decimals: tok.Decimals}
		return app.Div().Class("row").Body(
			app.Span().Class("k").Title("token "+tok.Address).Text(tok.Symbol+" balance"),
			amountSpan("token-balance-"+tok.Symbol, u, t.bal[tok.Address]),
		)
	}))
}
