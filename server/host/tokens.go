package host

import (
	"context"
	"fmt"

	"paychan/app/hostapi"
)

// startTestToken makes sure the embedded chain's test token (tUSD, see
// devchain.Chain.TestUSD) is deployed and lists it in /config.json.
func (m *Main) startTestToken(ctx context.Context) error {
	tok, err := m.chain.TestUSD(ctx)
	if err != nil {
		return fmt.Errorf("host: %w", err)
	}
	m.tokens = []hostapi.Token{{Address: tok.Address.Hex(), Symbol: tok.Symbol, Decimals: int(tok.Decimals)}}
	return nil
}

// Tokens returns the tokens /config.json lists.
func (m *Main) Tokens() []hostapi.Token { return m.tokens }
