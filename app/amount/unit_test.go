package amount_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"paychan/app/amount"
)

var (
	tUSD  = amount.Unit{Symbol: "tUSD", Decimals: 6}
	ether = amount.Unit{Symbol: "ETH", Decimals: 18}
)

func TestUnitParse(t *testing.T) {
	tests := []struct {
		unit amount.Unit
		in   string
		want string
		err  error
		msg  string // in the error text
	}{
		{tUSD, "100", "100000000", nil, ""},
		{tUSD, "20.5", "20500000", nil, ""},
		{tUSD, "0.000001", "1", nil, ""},
		{tUSD, "0.0000010", "1", nil, ""}, // a trailing zero is no decimal
		{tUSD, "12.5 tUSD", "12500000", nil, ""},
		{tUSD, " 12.5 TUSD ", "12500000", nil, ""},
		{tUSD, "0.0000001", "", amount.ErrTooManyDecimals, `amount "0.0000001" has 7 digits after the point, but tUSD has only 6 decimals`},
		{tUSD, "1.1234567 tUSD", "", amount.ErrTooManyDecimals, "7 digits after the point, but tUSD has only 6"},
		{tUSD, "5 ETH", "", amount.ErrWrongUnit, `is in "ETH", not tUSD`},
		{tUSD, "-1", "", amount.ErrNegative, "tUSD"},
		{tUSD, "", "", amount.ErrEmpty, ""},
		{tUSD, "1 2", "", amount.ErrSyntax, ""},
		{ether, "0.0000001", "100000000000", nil, ""},
		{ether, "1.5 eth", "1500000000000000000", nil, ""},
		{amount.Unit{Symbol: "WHOLE", Decimals: 0}, "1.5", "", amount.ErrTooManyDecimals, "no fractions"},
		// A token may call itself "0" or "5X": "100" is 100 of it, never
		// 10 with the symbol stripped from its digits.
		{amount.Unit{Symbol: "0", Decimals: 0}, "100", "100", nil, ""},
		{amount.Unit{Symbol: "0", Decimals: 0}, "100 0", "100", nil, ""},
		{amount.Unit{Symbol: ".5", Decimals: 2}, "1.5", "150", nil, ""},
	}
	for _, tt := range tests {
		got, err := tt.unit.Parse(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.msg) || got != nil {
				t.Errorf("%s.Parse(%q) = %v, %v; want %v saying %q", tt.unit.Symbol, tt.in, got, err, tt.err, tt.msg)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("%s.Parse(%q) = %v, %v; want %s", tt.unit.Symbol, tt.in, got, err, tt.want)
		}
	}
	var de *amount.DecimalsError
	if _, err := tUSD.Parse("0.0000001"); !errors.As(err, &de) || de.Digits != 7 || de.Decimals != 6 {
		t.Errorf("tUSD.Parse(0.0000001) = %v; want a DecimalsError with 7 digits, 6 decimals", err)
	}
}

func TestUnitFormat(t *testing.T) {
	tests := []struct {
		unit amount.Unit
		in   int64
		want string
	}{
		{tUSD, 100_000_000, "100 tUSD"},
		{tUSD, 20_500_000, "20.5 tUSD"},
		{tUSD, 1, "0.000001 tUSD"},
		{tUSD, 0, "0 tUSD"},
		{amount.Unit{Decimals: 6}, 1_500_000, "1.5"},
	}
	for _, tt := range tests {
		if got := tt.unit.Format(big.NewInt(tt.in)); got != tt.want {
			t.Errorf("%v.Format(%d) = %q; want %q", tt.unit, tt.in, got, tt.want)
		}
	}
	if got := tUSD.FormatFixed(big.NewInt(12_345_678), 2); got != "12.34 tUSD" {
		t.Errorf("tUSD.FormatFixed = %q; want 12.34 tUSD", got)
	}
}

// FuzzUnitParse: Unit.Parse never panics, refuses what Parse refuses with
// the same error class, and what it formats parses back.
func FuzzUnitParse(f *testing.F) {
	for _, s := range []string{"100", "20.5 tUSD", "0.0000001", "5 ETH", "", " ", "1 2", "tUSD", ". tUSD", "1e6 tusd"} {
		f.Add(s, uint8(6))
	}
	f.Fuzz(func(t *testing.T, s string, decimals uint8) {
		u := amount.Unit{Symbol: "tUSD", Decimals: int(decimals % 80)}
		v, err := u.Parse(s)
		if err != nil {
			if v != nil {
				t.Fatalf("Parse(%q) returned a value with error %v", s, err)
			}
			return
		}
		if v.Sign() < 0 || v.BitLen() > 256 {
			t.Fatalf("Parse(%q) = %v out of range", s, v)
		}
		back, err := u.Parse(u.Format(v))
		if err != nil || back.Cmp(v) != 0 {
			t.Fatalf("Parse(Format(%v) = %q) = %v, %v", v, u.Format(v), back, err)
		}
	})
}
