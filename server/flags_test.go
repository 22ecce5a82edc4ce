package main

import (
	"fmt"
	"io"
	"strings"
	"testing"

	wt "paychan/app/watchtower"
)

// TestWatchtowerTokenPriceFlag: --watchtower-token-price is repeatable and
// each wrong value is a clear flag error (the chain-side checks, such as
// an address that is not a token, are made at start: see server/watchtower
// TestTokenPricesAtStart).
func TestWatchtowerTokenPriceFlag(t *testing.T) {
	const tok = "0x5681bB4663604147aab1b6c236A374839E3A5C03"
	var o options
	if err := flags(&o, io.Discard).Parse([]string{"--watchtower-token-price", tok + "=400000000000000",
		"--watchtower-token-price", "0x00000000000000000000000000000000000000aa=1"}); err != nil {
		t.Fatal(err)
	}
	if got := o.cfg.WatchtowerTokenPrices; len(got) != 2 || got[[20]byte{19: 0xaa}].Int64() != 1 {
		t.Fatalf("prices = %v; want two tokens", got)
	}
	many := []string{}
	for i := range wt.MaxPricedTokens + 1 {
		many = append(many, "--watchtower-token-price", fmt.Sprintf("0x%040x=1", i+1))
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--watchtower-token-price", "tUSD=5"}, "is not a token's 0x address"},
		{[]string{"--watchtower-token-price", tok}, "want TOKEN=WEI_PER_TOKEN"},
		{[]string{"--watchtower-token-price", tok + "=0"}, "must be more than 0"},
		{[]string{"--watchtower-token-price", tok + "=1" + strings.Repeat("0", 36)}, "below 10^36"},
		{[]string{"--watchtower-token-price", tok + "=1", "--watchtower-token-price", tok + "=2"}, "priced twice"},
		{many, "more than 64 tokens"},
	} {
		var o options
		err := flags(&o, io.Discard).Parse(tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("flags %v: %v; want an error containing %q", tt.args[:min(len(tt.args), 4)], err, tt.want)
		}
	}
}
