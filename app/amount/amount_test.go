package amount_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"paychan/app/amount"
)

func TestParse(t *testing.T) {
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	tests := []struct {
		in       string
		decimals int
		want     string
		err      error
	}{
		{"12.5", 18, "12500000000000000000", nil},
		{"1", 18, "1000000000000000000", nil},
		{"0", 18, "0", nil},
		{"0.000000000000000001", 18, "1", nil},
		{" 3.25 ", 2, "325", nil},
		{"1.", 2, "100", nil},
		{".5", 2, "50", nil},
		{"007.50", 2, "750", nil},
		{"1.500000", 1, "15", nil},
		{"42", 0, "42", nil},
		{max.String(), 0, max.String(), nil},
		{"", 18, "", amount.ErrEmpty},
		{"  ", 18, "", amount.ErrEmpty},
		{"-1", 18, "", amount.ErrNegative},
		{"+1", 18, "", amount.ErrSyntax},
		{"1e18", 18, "", amount.ErrSyntax},
		{"1,5", 18, "", amount.ErrSyntax},
		{"1.2.3", 18, "", amount.ErrSyntax},
		{".", 18, "", amount.ErrSyntax},
		{"abc", 18, "", amount.ErrSyntax},
		{"1 000", 18, "", amount.ErrSyntax},
		{"0x10", 18, "", amount.ErrSyntax},
		{"١", 18, "", amount.ErrSyntax}, // Arabic-Indic digit one
		{"0.0000000000000000001", 18, "", amount.ErrTooManyDecimals},
		{"1.5", 0, "", amount.ErrTooManyDecimals},
		{new(big.Int).Add(max, big.NewInt(1)).String(), 0, "", amount.ErrTooLarge},
		{strings.Repeat("9", 1000), 18, "", amount.ErrTooLarge},
		{"1", -1, "", amount.ErrDecimals},
		{"1", 78, "", amount.ErrDecimals},
	}
	for _, tt := range tests {
		got, err := amount.Parse(tt.in, tt.decimals)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("Parse(%q, %d) = %v, %v; want error %v", tt.in, tt.decimals, got, err, tt.err)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("Parse(%q, %d) = %v, %v; want %s", tt.in, tt.decimals, got, err, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		in       string
		decimals int
		want     string
	}{
		{"12500000000000000000", 18, "12.5"},
		{"1000000000000000000", 18, "1"},
		{"0", 18, "0"},
		{"1", 18, "0.000000000000000001"},
		{"325", 2, "3.25"},
		{"42", 0, "42"},
		{"-150", 2, "-1.5"},
	}
	for _, tt := range tests {
		v, _ := new(big.Int).SetString(tt.in, 10)
		if got := amount.Format(v, tt.decimals); got != tt.want {
			t.Errorf("Format(%s, %d) = %q; want %q", tt.in, tt.decimals, got, tt.want)
		}
	}
	if got := amount.Format(nil, 18); got != "0" {
		t.Errorf("Format(nil) = %q", got)
	}
	if got := amount.FormatFixed(big.NewInt(1234567), 6, 2); got != "1.23" {
		t.Errorf("FormatFixed = %q; want 1.23", got)
	}
	if got := amount.FormatFixed(big.NewInt(1000000), 6, 3); got != "1.000" {
		t.Errorf("FormatFixed = %q; want 1.000", got)
	}
}

// FuzzParse: Parse never panics; what it accepts formats back to the same
// value, and Format output always parses back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"12.5", "0", ".5", "1.", "-1", "1e18", "", "0.000000000000000001", "99999999999999999999999999999999999999999999999999999999999999999999999999999"} {
		f.Add(s, 18)
	}
	f.Fuzz(func(t *testing.T, s string, decimals int) {
		v, err := amount.Parse(s, decimals)
		if err != nil {
			if v != nil {
				t.Fatalf("Parse(%q) returned a value with error %v", s, err)
			}
			return
		}
		if v.Sign() < 0 || v.BitLen() > 256 {
			t.Fatalf("Parse(%q) = %v out of range", s, v)
		}
		back, err := amount.Parse(amount.Format(v, decimals), decimals)
		if err != nil || back.Cmp(v) != 0 {
			t.Fatalf("Parse(Format(%v)) = %v, %v", v, back, err)
		}
	})
}
