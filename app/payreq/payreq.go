// Package payreq reads and writes payment requests: a link such as
//
//	http://127.0.0.1:8080/pay?amount=5&channel=1&to=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
//
// meaning "pay 5 on channel 1 to 0x7099…". The payee's wallet makes the link
// (and its QR code); the payer's wallet opens it with the form filled in.
// A request never pays by itself: the wallet shows who asks, on which
// channel and how much, and pays only when the payer clicks. Check refuses
// a request the payer's channel cannot honour, in words for people.
//
// The package is pure Go (no browser, no I/O): the wasm wallet and the
// tests share it.
package payreq

import (
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/amount"
	"paychan/app/channel"
)

// Path is the wallet page a payment request opens.
const Path = "/pay"

// MaxLinkLen is the longest link Parse reads (a real request is about 130
// characters with its origin).
const MaxLinkLen = 1024

// MaxAmountDigits bounds the digits of an amount (uint256 has 78).
const MaxAmountDigits = 100

// Request is a parsed payment request.
type Request struct {
	Channel uint64         // the channel's number
	Amount  string         // the amount asked, a plain decimal ("5", "0.25"), in the channel's unit
	To      common.Address // who asks: the payee's signing address, the payer's peer in the channel
}

// ErrBadRequest is wrapped by every error of Parse.
var ErrBadRequest = errors.New("this payment request link is not valid")

func bad(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadRequest}, a...)...)
}

// Link writes the request as a link on the wallet at origin
// ("http://127.0.0.1:8080").
func (r Request) Link(origin string) string {
	q := url.Values{}
	q.Set("channel", strconv.FormatUint(r.Channel, 10))
	q.Set("amount", r.Amount)
	q.Set("to", r.To.Hex())
	return strings.TrimRight(origin, "/") + Path + "?" + q.Encode()
}

// Parse reads a request from a link (any origin; the path must be Path)
// or from its query alone ("channel=1&amount=5&to=0x…").
func Parse(link string) (Request, error) {
	if len(link) > MaxLinkLen {
		return Request{}, bad("it is %d characters long, at most %d", len(link), MaxLinkLen)
	}
	link = strings.TrimSpace(link)
	raw := link
	if i := strings.IndexByte(link, '?'); i >= 0 {
		u, err := url.Parse(link)
		if err != nil {
			return Request{}, bad("it is not a link")
		}
		if u.Path != Path && !(u.Path == "" && u.Host == "" && i == 0) {
			return Request{}, bad("it does not open the %s page", Path)
		}
		raw = u.RawQuery
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return Request{}, bad("it is not a link")
	}
	return FromQuery(q)
}

// FromQuery reads a request from the query of a /pay link. On error the
// request is the zero Request.
func FromQuery(q url.Values) (Request, error) {
	r, err := fromQuery(q)
	if err != nil {
		return Request{}, err
	}
	return r, nil
}

func fromQuery(q url.Values) (Request, error) {
	var r Request
	for _, k := range []string{"channel", "amount", "to"} {
		switch len(q[k]) {
		case 0:
			return r, bad("it has no %s", k)
		case 1:
		default:
			return r, bad("it names the %s %d times", k, len(q[k]))
		}
	}
	ch := q.Get("channel")
	n, err := strconv.ParseUint(ch, 10, 64)
	if err != nil || n == 0 {
		return r, bad("the channel is not a number")
	}
	r.Channel = n
	if r.Amount, err = canonicalAmount(q.Get("amount")); err != nil {
		return r, err
	}
	to := q.Get("to")
	if !common.IsHexAddress(to) || !strings.HasPrefix(to, "0x") {
		return r, bad("the address of the person who asks is not a 0x address")
	}
	r.To = common.HexToAddress(to)
	if r.To == (common.Address{}) {
		return r, bad("it names no one to pay")
	}
	return r, nil
}

// canonicalAmount checks a plain decimal amount and writes it without
// leading zeros or trailing fraction zeros ("005.50" is "5.5").
func canonicalAmount(s string) (string, error) {
	if s == "" {
		return "", bad("it asks for no amount")
	}
	if len(s) > MaxAmountDigits {
		return "", bad("its amount has more than %d digits", MaxAmountDigits)
	}
	whole, frac, _ := strings.Cut(s, ".")
	if (whole == "" && frac == "") || !allDigits(whole) || !allDigits(frac) {
		return "", bad("the amount is not a number")
	}
	whole = strings.TrimLeft(whole, "0")
	frac = strings.TrimRight(frac, "0")
	if whole == "" {
		whole = "0"
	}
	if whole == "0" && frac == "" {
		return "", bad("it asks for 0")
	}
	if frac == "" {
		return whole, nil
	}
	return whole + "." + frac, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Value is the amount in base units of u; it refuses more decimals than u
// has.
func (r Request) Value(u amount.Unit) (*big.Int, error) {
	v, err := amount.Parse(r.Amount, u.Decimals)
	if errors.Is(err, amount.ErrTooManyDecimals) {
		_, frac, _ := strings.Cut(r.Amount, ".")
		if u.Decimals == 0 {
			return nil, fmt.Errorf("this request asks for %s %s, but %s has no fractions: ask for a new request", r.Amount, u.Symbol, u.Symbol)
		}
		return nil, fmt.Errorf("this request asks for %s %s with %d digits after the point, but %s has only %d decimals: ask for a new request",
			r.Amount, u.Symbol, len(frac), u.Symbol, u.Decimals)
	}
	if err != nil {
		return nil, fmt.Errorf("this request asks for %s %s, which is more than any channel holds", r.Amount, u.Symbol)
	}
	return v, nil
}

// Check is what the payer's wallet verifies before it offers to pay: the
// channel is the payer's own (st, found by the request's number), still
// open to payments, the one who asks is the peer in it, and the amount has
// the channel's decimals and fits in the payer's balance. It returns the
// amount in base units.
func Check(r Request, st channel.State, u amount.Unit) (*big.Int, error) {
	n := r.Channel
	if peer := st.Peer().Signer; peer != r.To {
		return nil, fmt.Errorf("this request comes from %s, who is not your peer in channel %d (your peer there is %s): do not pay it",
			r.To.Hex(), n, peer.Hex())
	}
	if st.Status != channel.Open {
		return nil, fmt.Errorf("channel %d is closing or closed: no payments can be sent in it", n)
	}
	if st.CloseSigned() {
		return nil, fmt.Errorf("you signed a close of channel %d: no more payments are sent in it", n)
	}
	v, err := r.Value(u)
	if err != nil {
		return nil, err
	}
	if bal := st.Balance(); v.Cmp(bal) > 0 {
		return nil, fmt.Errorf("this request asks for %s, but you have only %s in channel %d: deposit more first",
			u.Format(v), u.Format(bal), n)
	}
	return v, nil
}
