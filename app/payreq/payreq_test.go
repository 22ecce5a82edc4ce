package payreq

import (
	"errors"
	"math/big"
	"net/url"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/amount"
	"paychan/app/channel"
)

var (
	alice   = common.HexToAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
	bob     = common.HexToAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
	mallory = common.HexToAddress("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")
	eth     = amount.Unit{Symbol: "ETH", Decimals: 18}
	tusd    = amount.Unit{Symbol: "tUSD", Decimals: 6}
)

const origin = "http://127.0.0.1:8080"

func coins(s string, u amount.Unit) *big.Int {
	v, err := amount.Parse(s, u.Decimals)
	if err != nil {
		panic(err)
	}
	return v
}

func TestLinkRoundTrip(t *testing.T) {
	r := Request{Channel: 1, Amount: "5", To: bob}
	link := r.Link(origin + "/")
	want := origin + "/pay?amount=5&channel=1&to=" + bob.Hex()
	if link != want {
		t.Fatalf("Link = %q; want %q", link, want)
	}
	for _, in := range []string{link, " " + link + " ", "?amount=5&channel=1&to=" + bob.Hex(), "channel=1&amount=5&to=" + bob.Hex(),
		"https://other.example:9/pay?to=" + strings.ToLower(bob.Hex()) + "&amount=005.000&channel=1&memo=x"} {
		got, err := Parse(in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", in, err)
		}
		if got != r {
			t.Fatalf("Parse(%q) = %+v; want %+v", in, got, r)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	q := func(ch, amt, to string) string {
		return origin + "/pay?channel=" + ch + "&amount=" + url.QueryEscape(amt) + "&to=" + to
	}
	b := bob.Hex()
	for _, c := range []struct{ in, want string }{
		{origin + "/join?id=1", "it does not open the /pay page"},
		{origin + "/pay?amount=5&to=" + b, "it has no channel"},
		{origin + "/pay?channel=1&to=" + b, "it has no amount"},
		{origin + "/pay?channel=1&amount=5", "it has no to"},
		{origin + "/pay?channel=1&channel=2&amount=5&to=" + b, "it names the channel 2 times"},
		{q("0", "5", b), "the channel is not a number"},
		{q("-1", "5", b), "the channel is not a number"},
		{q("%2B1", "5", b), "the channel is not a number"},
		{q("x", "5", b), "the channel is not a number"},
		{q("18446744073709551616", "5", b), "the channel is not a number"},
		{q("1", "0", b), "it asks for 0"},
		{q("1", "0.000", b), "it asks for 0"},
		{q("1", "-5", b), "the amount is not a number"},
		{q("1", "1e3", b), "the amount is not a number"},
		{q("1", "5 ETH", b), "the amount is not a number"},
		{q("1", ".", b), "the amount is not a number"},
		{q("1", "1.2.3", b), "the amount is not a number"},
		{q("1", strings.Repeat("9", 101), b), "more than 100 digits"},
		{q("1", "5", "0x1234"), "is not a 0x address"},
		{q("1", "5", strings.TrimPrefix(b, "0x")), "is not a 0x address"},
		{q("1", "5", "0x0000000000000000000000000000000000000000"), "it names no one to pay"},
		{origin + "/pay?channel=1&amount=5&to=" + b + strings.Repeat("&x=1", 300), "characters long, at most 1024"},
		{origin + "/pay?channel=%zz", "it is not a link"},
	} {
		// A hostile link must not put its own words on the wallet's page:
		// what it holds is never echoed.
		r, err := Parse(c.in)
		if err != nil && strings.Contains(c.in, "1.2.3") && strings.Contains(err.Error(), "1.2.3") {
			t.Errorf("Parse(%q) echoes the link's text: %v", c.in, err)
		}
		if err == nil || !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v; want an ErrBadRequest saying %q", c.in, err, c.want)
		}
		if r != (Request{}) {
			t.Errorf("Parse(%q) = %+v with its error; want the zero Request (nothing half-read)", c.in, r)
		}
	}
}

func TestValue(t *testing.T) {
	for _, c := range []struct {
		amt  string
		u    amount.Unit
		want *big.Int
		err  string
	}{
		{"5", eth, coins("5", eth), ""},
		{"0.25", tusd, big.NewInt(250_000), ""},
		{"0.000001", tusd, big.NewInt(1), ""},
		{"0.0000001", tusd, nil, "this request asks for 0.0000001 tUSD with 7 digits after the point, but tUSD has only 6 decimals: ask for a new request"},
		{"1.5", amount.Unit{Symbol: "PTS"}, nil, "PTS has no fractions"},
		{strings.Repeat("9", 90), eth, nil, "more than any channel holds"},
	} {
		got, err := Request{Channel: 1, Amount: c.amt, To: bob}.Value(c.u)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Value(%s %s) = %v, %v; want error %q", c.amt, c.u.Symbol, got, err, c.err)
			}
			continue
		}
		if err != nil || got.Cmp(c.want) != 0 {
			t.Errorf("Value(%s %s) = %v, %v; want %v", c.amt, c.u.Symbol, got, err, c.want)
		}
	}
}

// aliceState is Alice's view of channel 1 with Bob: 10 ETH deposited, 3 sent.
func aliceState(t *testing.T) channel.State {
	t.Helper()
	st, err := channel.NewState(channel.ID{Channel: 1}, channel.Alice,
		channel.Party{Account: alice, Signer: alice}, channel.Party{Account: bob, Signer: bob})
	if err != nil {
		t.Fatal(err)
	}
	st.Status = channel.Open
	st.AliceDeposit = coins("10", eth)
	st.Sent = coins("3", eth)
	return st
}

func TestCheck(t *testing.T) {
	st := aliceState(t)
	got, err := Check(Request{Channel: 1, Amount: "7", To: bob}, st, eth)
	if err != nil || got.Cmp(coins("7", eth)) != 0 {
		t.Fatalf("Check(7 ETH) = %v, %v; want 7 ETH", got, err)
	}
	closing := st
	closing.Status = channel.Closing
	for _, c := range []struct {
		r    Request
		st   channel.State
		want string
	}{
		{Request{Channel: 1, Amount: "1", To: mallory}, st, "this request comes from " + mallory.Hex() + ", who is not your peer in channel 1 (your peer there is " + bob.Hex() + "): do not pay it"},
		{Request{Channel: 1, Amount: "7.5", To: bob}, st, "this request asks for 7.5 ETH, but you have only 7 ETH in channel 1: deposit more first"},
		{Request{Channel: 1, Amount: "1", To: bob}, closing, "channel 1 is closing or closed"},
		{Request{Channel: 1, Amount: "0.0000000000000000001", To: bob}, st, "ETH has only 18 decimals"},
	} {
		if _, err := Check(c.r, c.st, eth); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Check(%+v) = %v; want %q", c.r, err, c.want)
		}
	}
}

// FuzzParse: Parse never panics; what it accepts writes back to a link
// that parses to the same request, with a canonical amount that the
// 18-decimal unit reads or refuses in words.
func FuzzParse(f *testing.F) {
	f.Add(origin + "/pay?amount=5&channel=1&to=" + bob.Hex())
	f.Add("channel=1&amount=0.25&to=" + alice.Hex())
	f.Add("?channel=18446744073709551615&amount=000.100&to=" + strings.ToLower(bob.Hex()))
	f.Add(origin + "/pay?channel=1&amount=1e3&to=0x")
	f.Add("%zz?&&==")
	f.Fuzz(func(t *testing.T, link string) {
		r, err := Parse(link)
		if err != nil {
			if !errors.Is(err, ErrBadRequest) {
				t.Fatalf("Parse(%q) error %v is not an ErrBadRequest", link, err)
			}
			return
		}
		if r.Channel == 0 || r.To == (common.Address{}) || r.Amount == "" {
			t.Fatalf("Parse(%q) = %+v: accepted an empty field", link, r)
		}
		again, err := Parse(r.Link(origin))
		if err != nil || again != r {
			t.Fatalf("Parse(Link(%+v)) = %+v, %v; want the same request", r, again, err)
		}
		if v, err := r.Value(eth); err == nil && v.Sign() <= 0 {
			t.Fatalf("Value(%q) = %v; want > 0", r.Amount, v)
		}
	})
}
