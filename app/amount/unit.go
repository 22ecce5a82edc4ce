package amount

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Unit is a currency as people write it: its symbol and its number of
// decimals (ETH has 18, the development chain's tUSD 6). A token channel's
// amounts are parsed and formatted in the token's Unit, an ETH channel's in
// the chain's.
type Unit struct {
	Symbol   string
	Decimals int
}

// ErrWrongUnit: the amount names another currency than the one asked for
// ("5 ETH" for a tUSD channel).
var ErrWrongUnit = errors.New("wrong currency")

// DecimalsError is the ErrTooManyDecimals of Unit.Parse: it says how many
// digits the input has after the point and how many the currency allows.
type DecimalsError struct {
	Input    string // as given
	Digits   int    // significant digits after the point
	Decimals int    // the currency's decimals
	Symbol   string
}

func (e *DecimalsError) Error() string {
	if e.Decimals == 0 {
		return fmt.Sprintf("amount %q has %d digits after the point, but %s has no fractions (0 decimals)", e.Input, e.Digits, e.Symbol)
	}
	return fmt.Sprintf("amount %q has %d digits after the point, but %s has only %d decimals", e.Input, e.Digits, e.Symbol, e.Decimals)
}

// Unwrap makes errors.Is(err, ErrTooManyDecimals) hold.
func (e *DecimalsError) Unwrap() error { return ErrTooManyDecimals }

// Parse converts an amount written in u ("12.5", or "12.5 tUSD" with the
// unit's own symbol, in any letter case) to base units. Beyond Parse's
// rules, it refuses another currency's symbol (ErrWrongUnit) and explains
// too many decimals with a *DecimalsError ("0.0000001" tUSD has 7 digits
// after the point, tUSD only 6).
func (u Unit) Parse(s string) (*big.Int, error) {
	t := strings.TrimSpace(s)
	// A symbol that starts like a number (a token may call itself "0")
	// is stripped only after a space: "100" is never 10 of token "0".
	sym := strings.TrimSpace(u.Symbol)
	numeric := sym != "" && strings.ContainsRune("0123456789.", rune(sym[0]))
	if sym != "" && len(t) > len(sym) && strings.EqualFold(t[len(t)-len(sym):], sym) &&
		(!numeric || strings.ContainsAny(t[len(t)-len(sym)-1:len(t)-len(sym)], " \t")) {
		t = strings.TrimSpace(t[:len(t)-len(sym)])
	} else if i := strings.LastIndexAny(t, " \t"); i >= 0 && !digits(strings.ReplaceAll(t[i+1:], ".", "")) {
		return nil, fmt.Errorf("amount %q is in %q, not %s: %w", s, t[i+1:], u.Symbol, ErrWrongUnit)
	}
	v, err := Parse(t, u.Decimals)
	if errors.Is(err, ErrTooManyDecimals) {
		_, frac, _ := strings.Cut(t, ".")
		return nil, &DecimalsError{Input: s, Digits: len(strings.TrimRight(frac, "0")), Decimals: u.Decimals, Symbol: u.Symbol}
	}
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, u.Symbol)
	}
	return v, nil
}

// Format writes base units in u with its symbol: "12.5 tUSD" (Format's
// rules for the number).
func (u Unit) Format(v *big.Int) string { return u.join(Format(v, u.Decimals)) }

// FormatFixed is Format with exactly places fraction digits, rounding
// toward zero: "12.50 tUSD".
func (u Unit) FormatFixed(v *big.Int, places int) string {
	return u.join(FormatFixed(v, u.Decimals, places))
}

func (u Unit) join(n string) string {
	if u.Symbol == "" {
		return n
	}
	return n + " " + u.Symbol
}

// String returns the symbol and decimals, such as "tUSD (6 decimals)".
func (u Unit) String() string { return fmt.Sprintf("%s (%d decimals)", u.Symbol, u.Decimals) }
