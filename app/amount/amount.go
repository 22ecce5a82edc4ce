// Package amount converts between coin amounts as people write them ("12.5")
// and integer base units (wei) as the chain counts them, exactly, with no
// floating point. Amounts are non-negative and fit in uint256.
package amount

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// MaxDecimals is the largest number of decimals Parse and Format accept.
const MaxDecimals = 77

// Errors of Parse. Each is wrapped with the input; test with errors.Is.
var (
	// ErrEmpty: nothing to parse.
	ErrEmpty = errors.New("empty amount")
	// ErrNegative: a leading minus sign.
	ErrNegative = errors.New("negative amount")
	// ErrSyntax: not digits with at most one decimal point.
	ErrSyntax = errors.New("not a number")
	// ErrTooManyDecimals: more fractional digits than the currency has.
	ErrTooManyDecimals = errors.New("too many decimals")
	// ErrTooLarge: does not fit in uint256 base units.
	ErrTooLarge = errors.New("amount too large")
	// ErrDecimals: the decimals argument itself is out of range.
	ErrDecimals = errors.New("unsupported number of decimals")
)

var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// Parse converts a decimal coin amount to base units: Parse("12.5", 18) is
// 12500000000000000000. It accepts digits with an optional "." and
// fraction ("1", "1.", ".5", "0.000001"), surrounding spaces, and "_" or ","
// nowhere. It rejects signs, exponents, more than decimals fraction digits
// (ErrTooManyDecimals) and values above uint256.
func Parse(s string, decimals int) (*big.Int, error) {
	if decimals < 0 || decimals > MaxDecimals {
		return nil, fmt.Errorf("parse amount: %w: %d", ErrDecimals, decimals)
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return nil, fmt.Errorf("parse amount %q: %w", s, ErrEmpty)
	}
	if t[0] == '-' {
		return nil, fmt.Errorf("parse amount %q: %w", s, ErrNegative)
	}
	whole, frac, _ := strings.Cut(t, ".")
	if whole == "" && frac == "" {
		return nil, fmt.Errorf("parse amount %q: %w", s, ErrSyntax)
	}
	if !digits(whole) || !digits(frac) {
		return nil, fmt.Errorf("parse amount %q: %w", s, ErrSyntax)
	}
	// Trailing zeros of the fraction carry no value: "1.500" with 1 decimal is fine.
	frac = strings.TrimRight(frac, "0")
	if len(frac) > decimals {
		return nil, fmt.Errorf("parse amount %q: %w: %d digits after the point, at most %d", s, ErrTooManyDecimals, len(frac), decimals)
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 78 { // cheap bound before big.Int work on huge inputs
		return nil, fmt.Errorf("parse amount %q: %w", s, ErrTooLarge)
	}
	v, ok := new(big.Int).SetString("0"+whole+frac+strings.Repeat("0", decimals-len(frac)), 10)
	if !ok {
		return nil, fmt.Errorf("parse amount %q: %w", s, ErrSyntax) // unreachable: digits checked
	}
	if v.Cmp(maxUint256) > 0 {
		return nil, fmt.Errorf("parse amount %q: %w", s, ErrTooLarge)
	}
	return v, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Format writes base units as a coin amount with the fraction's trailing
// zeros removed: Format(12500000000000000000, 18) is "12.5", Format(0, 18)
// is "0". A nil value formats as "0"; a negative one gets a leading "-"
// (Format never fails, it is for display).
func Format(v *big.Int, decimals int) string {
	if v == nil {
		return "0"
	}
	if decimals < 0 {
		decimals = 0
	}
	sign := ""
	if v.Sign() < 0 {
		sign = "-"
	}
	s := new(big.Int).Abs(v).String()
	if decimals == 0 {
		return sign + s
	}
	if len(s) <= decimals {
		s = strings.Repeat("0", decimals-len(s)+1) + s
	}
	whole, frac := s[:len(s)-decimals], strings.TrimRight(s[len(s)-decimals:], "0")
	if frac == "" {
		return sign + whole
	}
	return sign + whole + "." + frac
}

// FormatFixed is Format with exactly places fraction digits, rounding toward
// zero (for tables where columns must line up).
func FormatFixed(v *big.Int, decimals, places int) string {
	f := Format(v, decimals)
	if places <= 0 {
		whole, _, _ := strings.Cut(f, ".")
		return whole
	}
	whole, frac, _ := strings.Cut(f, ".")
	if len(frac) > places {
		frac = frac[:places]
	}
	return whole + "." + frac + strings.Repeat("0", places-len(frac))
}
