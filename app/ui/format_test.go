package ui

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/amount"
	"paychan/app/channel"
)

func TestShortAmount(t *testing.T) {
	eth := amount.Unit{Symbol: "ETH", Decimals: 18}
	tusd := amount.Unit{Symbol: "tUSD", Decimals: 6}
	v := func(s string, u amount.Unit) *big.Int {
		t.Helper()
		x, err := u.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	tests := []struct {
		u           amount.Unit
		v           *big.Int
		places      int
		short, full string
	}{
		{eth, v("100", eth), 6, "100 ETH", "100 ETH"},
		{eth, v("9999.999873450000000001", eth), 6, "9999.999873… ETH", "9999.999873450000000001 ETH"},
		{eth, v("9999.999873450000000001", eth), 4, "9999.9998… ETH", "9999.999873450000000001 ETH"},
		{eth, v("5.000000001", eth), 6, "5… ETH", "5.000000001 ETH"},
		{eth, v("0.000000001", eth), 6, "< 0.000001 ETH", "0.000000001 ETH"},
		{eth, v("0", eth), 6, "0 ETH", "0 ETH"},
		{tusd, v("1.123456", tusd), 6, "1.123456 tUSD", "1.123456 tUSD"},
		{tusd, v("80", tusd), 6, "80 tUSD", "80 tUSD"},
		{tusd, nil, 6, "–", ""},
	}
	for _, tt := range tests {
		short, full := shortAmount(tt.u, tt.v, tt.places)
		if short != tt.short || full != tt.full {
			t.Errorf("shortAmount(%s, %v, %d) = %q, %q; want %q, %q", tt.u, tt.v, tt.places, short, full, tt.short, tt.full)
		}
	}
}

// TestChannelUnit: a token channel's amounts are in the token, an ETH
// channel's in the host's coin, and a 7-decimal tUSD amount is refused
// with an error naming the 6 decimals.
func TestChannelUnit(t *testing.T) {
	w := &root{}
	w.cfg.Symbol, w.cfg.Decimals = "ETH", 18
	tok := channel.Asset{Token: common.HexToAddress("0x00000000000000000000000000000000000000aa"), Symbol: "tUSD", Decimals: 6}
	if got := w.unitOf(channel.State{Asset: tok}); got != (amount.Unit{Symbol: "tUSD", Decimals: 6}) {
		t.Errorf("unitOf(token channel) = %v; want tUSD (6 decimals)", got)
	}
	if got := w.unitOf(channel.State{}); got != (amount.Unit{Symbol: "ETH", Decimals: 18}) {
		t.Errorf("unitOf(ETH channel) = %v; want ETH (18 decimals)", got)
	}
	_, err := w.unitOf(channel.State{Asset: tok}).Parse("1.1234567")
	if want := `amount "1.1234567" has 7 digits after the point, but tUSD has only 6 decimals`; err == nil || err.Error() != want {
		t.Errorf("parse 1.1234567 tUSD: %v; want %q", err, want)
	}
	if got, want := amountError("Payment", w.unitOf(channel.State{Asset: tok}), err), `Payment: amount "1.1234567" has 7 digits after the point, but tUSD has only 6 decimals: keep at most 6 digits after the point`; got != want {
		t.Errorf("amountError = %q; want %q", got, want)
	}
	// Any other refusal is words.go's sentence, without the amount
	// package's text.
	_, err = w.unitOf(channel.State{Asset: tok}).Parse("abc")
	if got, want := amountError("Payment", w.unitOf(channel.State{Asset: tok}), err), "Payment: That is not an amount: write a number such as 1.5."; got != want {
		t.Errorf("amountError(abc) = %q; want %q", got, want)
	}
}
