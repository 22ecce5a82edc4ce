package watchtower_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	wt "paychan/app/watchtower"
)

func bigInt(tb testing.TB, s string) *big.Int {
	tb.Helper()
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		tb.Fatalf("bad number %q", s)
	}
	return v
}

func TestPriceWei(t *testing.T) {
	tests := []struct {
		name        string
		weiPerToken string
		decimals    uint8
		units       *big.Int
		want        string
	}{
		{"1 tUSD at 4e14", "400000000000000", 6, big.NewInt(1_000_000), "400000000000000"},
		{"20 tUSD at 4e14", "400000000000000", 6, big.NewInt(20_000_000), "8000000000000000"},
		{"one unit of tUSD", "400000000000000", 6, big.NewInt(1), "400000000"},
		{"rounds down", "3", 6, big.NewInt(999_999), "2"},
		{"less than a wei", "999999", 6, big.NewInt(1), "0"},
		{"18 decimals, 1 token", "2000000000000000", 18, bigInt(t, "1000000000000000000"), "2000000000000000"},
		{"18 decimals, one unit", "2000000000000000", 18, big.NewInt(1), "0"},
		{"18 decimals, 500 units", "2000000000000000", 18, big.NewInt(500), "1"},
		{"0 decimals", "7", 0, big.NewInt(3), "21"},
		{"zero units", "400000000000000", 6, big.NewInt(0), "0"},
		{"nil units", "400000000000000", 6, nil, "0"},
		{"negative units", "400000000000000", 6, big.NewInt(-5), "0"},
		{"zero price", "0", 6, big.NewInt(5), "0"},
		{"largest total at largest price", "999999999999999999999999999999999999", 6, bigInt(t, "79228162514264337593543950335"), "79228162514264337593543950334999999920771837485735662406456"},
	}
	for _, tt := range tests {
		p := wt.Price{WeiPerToken: bigInt(t, tt.weiPerToken), Decimals: tt.decimals}
		if got := p.Wei(tt.units); got.String() != tt.want {
			t.Errorf("%s: Price{%s, %d}.Wei(%v) = %v; want %s", tt.name, tt.weiPerToken, tt.decimals, tt.units, got, tt.want)
		}
	}
	if got := (wt.Price{}).Wei(big.NewInt(5)); got.Sign() != 0 {
		t.Errorf("Price{}.Wei(5) = %v; want 0 (no price)", got)
	}
}

// FuzzPriceWei: Price.Wei is floor(units * weiPerToken / 10^decimals),
// computed here with big.Rat, for any units and price.
func FuzzPriceWei(f *testing.F) {
	f.Add([]byte{0x0f, 0x42, 0x40}, []byte{0x01, 0x6b, 0xcc, 0x41, 0xe9, 0x00, 0x00}, uint8(6))
	f.Add([]byte{1}, []byte{1}, uint8(18))
	f.Add([]byte{}, []byte{5}, uint8(0))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, []byte{0xc0, 0x97, 0xce, 0x7b, 0xc9, 0x07, 0x15, 0xb3, 0x4b, 0x9f, 0x10, 0x00, 0x00, 0x00, 0x00}, uint8(77))
	f.Fuzz(func(t *testing.T, units, price []byte, decimals uint8) {
		if len(units) > 32 || len(price) > 32 {
			return
		}
		u, w := new(big.Int).SetBytes(units), new(big.Int).SetBytes(price)
		got := wt.Price{WeiPerToken: w, Decimals: decimals}.Wei(u)
		r := new(big.Rat).SetFrac(new(big.Int).Mul(u, w), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil))
		want := new(big.Int).Quo(r.Num(), r.Denom()) // floor: both are non-negative
		if w.Sign() == 0 {
			want.SetInt64(0)
		}
		if got.Cmp(want) != 0 {
			t.Fatalf("Price{%v, %d}.Wei(%v) = %v; want %v", w, decimals, u, got, want)
		}
		// Rounding is down, never up: what it returns is worth at most units.
		back := new(big.Rat).SetFrac(new(big.Int).Mul(got, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)), big.NewInt(1))
		if w.Sign() > 0 && back.Cmp(new(big.Rat).SetInt(new(big.Int).Mul(u, w))) > 0 {
			t.Fatalf("Price{%v, %d}.Wei(%v) = %v rounds up", w, decimals, u, got)
		}
	})
}

func TestParsePrice(t *testing.T) {
	tok := "0x5681bB4663604147aab1b6c236A374839E3A5C03"
	tok2, p, err := wt.ParsePrice(tok + "=400000000000000")
	if err != nil || tok2 != common.HexToAddress(tok) || p.String() != "400000000000000" {
		t.Fatalf("ParsePrice = %s, %v, %v", tok2.Hex(), p, err)
	}
	for _, tt := range []struct{ in, want string }{
		{tok, "want TOKEN=WEI_PER_TOKEN"},
		{"tUSD=5", `"tUSD" is not a token's 0x address`},
		{"0x0000000000000000000000000000000000000000=5", "is not a token's 0x address"},
		{tok + "=0", "must be more than 0"},
		{tok + "=-3", "not a whole number of wei"},
		{tok + "=1.5", "not a whole number of wei"},
		{tok + "=4e14", "not a whole number of wei"},
		{tok + "=" + "1" + strings.Repeat("0", 36), "below 10^36"},
		{tok + "=" + strings.Repeat("9", 60), "not a whole number of wei"},
	} {
		_, _, err := wt.ParsePrice(tt.in)
		if !errors.Is(err, wt.ErrPrice) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), wt.PriceFlag) {
			t.Errorf("ParsePrice(%q) = %v; want an error naming %s and containing %q", tt.in, err, wt.PriceFlag, tt.want)
		}
	}
	if _, p, err := wt.ParsePrice(tok + "=" + strings.Repeat("9", 36)); err != nil || p.String() != strings.Repeat("9", 36) {
		t.Errorf("ParsePrice(10^36-1) = %v, %v; want accepted", p, err)
	}
}
