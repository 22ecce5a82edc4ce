package watchtower_test

import (
	"crypto/ecdsa"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	wt "paychan/app/watchtower"
	"paychan/app/wire"
)

var dom = channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}

type actor struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

func mustActor(tb testing.TB, name string) actor {
	tb.Helper()
	key, err := crypto.ToECDSA(crypto.Keccak256([]byte("app/watchtower test " + name)))
	if err != nil {
		tb.Fatal(err)
	}
	return actor{key, crypto.PubkeyToAddress(key.PublicKey)}
}

func mustPay(tb testing.TB, a actor, id channel.ID, total int64) channel.Payment {
	tb.Helper()
	d, err := id.PaymentDigest(big.NewInt(total))
	if err != nil {
		tb.Fatal(err)
	}
	sig, err := channel.Sign(d, a.key)
	if err != nil {
		tb.Fatal(err)
	}
	return channel.Payment{ID: id, Paid: big.NewInt(total), Sig: sig}
}

func view(alice, bob actor, st channel.Status, alicePaid, bobPaid int64, head, closesAt uint64) wt.View {
	return wt.View{Head: head, Status: st,
		Alice: channel.Party{Account: alice.addr, Signer: alice.addr}, Bob: channel.Party{Account: bob.addr, Signer: bob.addr},
		AlicePaid: big.NewInt(alicePaid), BobPaid: big.NewInt(bobPaid), ClosesAt: closesAt}
}

func TestCheck(t *testing.T) {
	alice, bob, mallory := mustActor(t, "Alice"), mustActor(t, "Bob"), mustActor(t, "Mallory")
	id := channel.ID{Domain: dom, Channel: 7}
	other := channel.ID{Domain: dom, Channel: 8}
	chain1 := channel.ID{Domain: channel.Domain{ChainID: 1, Contract: dom.Contract}, Channel: 7}
	open := view(alice, bob, channel.Open, 0, 0, 100, 0)
	closing := view(alice, bob, channel.Closing, 200, 100, 100, 110)
	tokenView := open
	tokenView.Token = common.HexToAddress("0x00000000000000000000000000000000000000aa")
	pricedView := open
	pricedView.Token = common.HexToAddress("0x00000000000000000000000000000000000000bb")
	prices := wt.Prices{pricedView.Token: {WeiPerToken: big.NewInt(4e14), Decimals: 6, Symbol: "tUSD"}}
	wrongChannelSig := mustPay(t, alice, other, 500)
	wrongChannelSig.ID = id
	i := func(v int64) *big.Int { return big.NewInt(v) }

	tests := []struct {
		name string
		from common.Address
		p    channel.Payment
		v    wt.View
		held wt.Holdings
		code string // "" = accepted
		want wt.Held
	}{
		{"Bob holds Alice's payment", bob.addr, mustPay(t, alice, id, 500), open, wt.Holdings{}, "",
			wt.Held{ID: id, Payer: channel.Alice, PayerSigner: alice.addr, Owner: bob.addr, Paid: i(500), Block: 100}},
		{"Alice holds Bob's payment", alice.addr, mustPay(t, bob, id, 100), open, wt.Holdings{Alice: i(900)}, "",
			wt.Held{ID: id, Payer: channel.Bob, PayerSigner: bob.addr, Owner: alice.addr, Paid: i(100), Block: 100}},
		{"higher than held", bob.addr, mustPay(t, alice, id, 501), open, wt.Holdings{Alice: i(500)}, "",
			wt.Held{ID: id, Payer: channel.Alice, PayerSigner: alice.addr, Owner: bob.addr, Paid: i(501), Block: 100}},
		{"closing, higher than on chain", bob.addr, mustPay(t, alice, id, 500), closing, wt.Holdings{}, "",
			wt.Held{ID: id, Payer: channel.Alice, PayerSigner: alice.addr, Owner: bob.addr, Paid: i(500), Block: 100}},
		{"wrong chain", bob.addr, mustPay(t, alice, chain1, 500), open, wt.Holdings{}, wt.CodeWrongDomain, wt.Held{}},
		{"unknown channel", bob.addr, mustPay(t, alice, id, 500), wt.View{Head: 100}, wt.Holdings{}, wt.CodeUnknownChannel, wt.Held{}},
		{"closed", bob.addr, mustPay(t, alice, id, 500), view(alice, bob, channel.Closed, 0, 0, 100, 90), wt.Holdings{}, wt.CodeChannelClosed, wt.Held{}},
		{"too late", bob.addr, mustPay(t, alice, id, 500), view(alice, bob, channel.Closing, 0, 0, 100, 101), wt.Holdings{}, wt.CodeTooLate, wt.Held{}},
		{"Mallory's signature", bob.addr, mustPay(t, mallory, id, 500), open, wt.Holdings{}, wt.CodeBadSignature, wt.Held{}},
		{"another channel's signature", bob.addr, wrongChannelSig, open, wt.Holdings{}, wt.CodeBadSignature, wt.Held{}},
		{"sender is the payer", alice.addr, mustPay(t, alice, id, 500), open, wt.Holdings{}, wt.CodeNotBeneficiary, wt.Held{}},
		{"unpriced token channel", bob.addr, mustPay(t, alice, id, 500), tokenView, wt.Holdings{}, wt.CodeUnsupportedAsset, wt.Held{}},
		{"priced token channel", bob.addr, mustPay(t, alice, id, 500), pricedView, wt.Holdings{}, "",
			wt.Held{ID: id, Payer: channel.Alice, PayerSigner: alice.addr, Owner: bob.addr, Paid: i(500), Block: 100, Token: pricedView.Token}},
		{"sender is a stranger", mallory.addr, mustPay(t, alice, id, 500), open, wt.Holdings{}, wt.CodeNotBeneficiary, wt.Held{}},
		{"lower than held", bob.addr, mustPay(t, alice, id, 300), open, wt.Holdings{Alice: i(500)}, wt.CodeTotalLower, wt.Held{}},
		{"equal to held", bob.addr, mustPay(t, alice, id, 500), open, wt.Holdings{Alice: i(500)}, wt.CodeTotalEqual, wt.Held{}},
		{"not above the chain", bob.addr, mustPay(t, alice, id, 200), closing, wt.Holdings{}, wt.CodeTotalOnChain, wt.Held{}},
		{"zero total", bob.addr, channel.Payment{ID: id, Paid: i(0)}, open, wt.Holdings{}, wt.CodeBadMessage, wt.Held{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := wt.Check(dom, tt.from, tt.p, tt.v, tt.held, prices)
			if tt.code != "" {
				var r *wt.Refused
				if !errors.As(err, &r) || r.Code != tt.code {
					t.Fatalf("Check = %v; want refusal %q", err, tt.code)
				}
				if tt.code == wt.CodeUnsupportedAsset && !strings.Contains(r.Message, wt.PriceFlag+" "+tt.v.Token.Hex()+"=") {
					t.Errorf("refusal %q does not name the flag that prices the token", r.Message)
				}
				if !strings.Contains(r.Message, "channel ") || r.ID == nil || *r.ID != tt.p.ID {
					t.Errorf("refusal %+v does not name the channel", r)
				}
				if got != (wt.Held{}) {
					t.Errorf("refused Check returned %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			tt.want.Sig = tt.p.Sig
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 })); diff != "" {
				t.Errorf("Check (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecide(t *testing.T) {
	alice, bob := mustActor(t, "Alice"), mustActor(t, "Bob")
	id := channel.ID{Domain: dom, Channel: 7}
	held := wt.Held{ID: id, Payer: channel.Alice, Owner: bob.addr, Paid: big.NewInt(500)}
	heldBob := wt.Held{ID: id, Payer: channel.Bob, Owner: alice.addr, Paid: big.NewInt(100)}
	tests := []struct {
		name string
		v    wt.View
		h    wt.Held
		want wt.Action
	}{
		{"open", view(alice, bob, channel.Open, 0, 0, 100, 0), held, wt.Wait},
		{"closing, stale total on chain", view(alice, bob, channel.Closing, 200, 100, 100, 110), held, wt.Claim},
		{"closing, no claim yet (startClose)", view(alice, bob, channel.Closing, 0, 0, 100, 110), held, wt.Claim},
		{"closing, last block left", view(alice, bob, channel.Closing, 200, 0, 108, 110), held, wt.Claim},
		{"closing, no block left", view(alice, bob, channel.Closing, 200, 0, 109, 110), held, wt.Missed},
		{"closing, equal on chain", view(alice, bob, channel.Closing, 500, 0, 100, 110), held, wt.Covered},
		{"closing, higher on chain", view(alice, bob, channel.Closing, 600, 0, 100, 110), held, wt.Covered},
		{"closing, other direction matters", view(alice, bob, channel.Closing, 900, 50, 100, 110), heldBob, wt.Claim},
		{"closed", view(alice, bob, channel.Closed, 200, 0, 120, 110), held, wt.Forget},
		{"none", wt.View{Head: 5}, held, wt.Forget},
	}
	for _, tt := range tests {
		if got := wt.Decide(tt.v, tt.h); got != tt.want {
			t.Errorf("%s: Decide = %v; want %v", tt.name, got, tt.want)
		}
	}
}

// TestDecideNeverUseless: over many random views, Decide says Claim only
// when the held total is above the chain's for that direction and the claim
// can be mined before closesAt (seeded; the seed is printed on failure).
func TestDecideNeverUseless(t *testing.T) {
	alice, bob := mustActor(t, "Alice"), mustActor(t, "Bob")
	const seed = 7
	r := newRand(seed)
	for n := range 20_000 {
		st := channel.Status(r.IntN(4))
		v := view(alice, bob, st, int64(r.IntN(10)), int64(r.IntN(10)), uint64(r.IntN(20)), uint64(r.IntN(20)))
		h := wt.Held{Payer: channel.Role(1 + r.IntN(2)), Paid: big.NewInt(int64(r.IntN(10)))}
		a := wt.Decide(v, h)
		if a == wt.Claim && (st != channel.Closing || h.Paid.Cmp(v.Paid(h.Payer)) <= 0 || v.Head+1 >= v.ClosesAt) {
			t.Fatalf("seed %d, case %d: Decide(%+v, %+v) = claim: useless or too late", seed, n, v, h)
		}
		if st == channel.Closing && h.Paid.Cmp(v.Paid(h.Payer)) > 0 && v.Head+1 < v.ClosesAt && a != wt.Claim {
			t.Fatalf("seed %d, case %d: Decide(%+v, %+v) = %v; want claim", seed, n, v, h, a)
		}
	}
}

func TestReplyRoundTrip(t *testing.T) {
	id := channel.ID{Domain: dom, Channel: 7}
	payer := mustActor(t, "Alice").addr
	replies := []wt.Reply{
		&wt.Accepted{Ref: "abc", ID: id, Payer: payer, Paid: big.NewInt(500), Status: channel.Open, Block: 12},
		&wt.Accepted{Ref: "abc", ID: id, Payer: payer, Paid: big.NewInt(500), Status: channel.Closing, ClosesAt: 30, Block: 20, ProtectedUntil: 29},
		&wt.Refused{Ref: "x", Code: wt.CodeBadMessage, Message: "not a payment"},
		&wt.Refused{Ref: "x", Code: wt.CodeTotalLower, Message: "lower", ID: &id, Paid: big.NewInt(3), Held: big.NewInt(5)},
		&wt.Refused{Ref: "", Code: "future_code", Message: "a code from a newer host"},
	}
	for _, want := range replies {
		b, err := wt.EncodeReply(want)
		if err != nil {
			t.Fatalf("EncodeReply(%+v): %v", want, err)
		}
		got, err := wt.DecodeReply(b)
		if err != nil {
			t.Fatalf("DecodeReply(%s): %v", b, err)
		}
		if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 })); diff != "" {
			t.Errorf("round trip of %s (-want +got):\n%s", b, diff)
		}
	}
	golden := `{"v":1,"type":"watchAccepted","body":{"ref":"abc","chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7,"payer":"` + payer.Hex() + `","paid":"500","status":"closing","closesAt":30,"block":20,"protectedUntil":29}}`
	if b, _ := wt.EncodeReply(replies[1]); string(b) != golden {
		t.Errorf("EncodeReply = %s; want %s", b, golden)
	}
	// A refusal's long message is cut to fit.
	long := &wt.Refused{Code: wt.CodeBadMessage, Message: strings.Repeat("é", 2000)}
	if b, err := wt.EncodeReply(long); err != nil || len(b) > wt.MaxReplySize {
		t.Errorf("EncodeReply(long message) = %d bytes, %v", len(b), err)
	}
}

func TestDecodeReplyRejects(t *testing.T) {
	const c = `"chainId":1337,"contract":"0x5FbDB2315678afecb367f032d93F642f64180aa3","channel":7`
	const p = `"payer":"0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF"`
	acc := func(extra string) string {
		return `{"v":1,"type":"watchAccepted","body":{"ref":"a",` + c + `,` + p + `,"paid":"5","status":"open","closesAt":0,"block":1,"protectedUntil":0` + extra + `}}`
	}
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", ``, wt.ErrSyntax},
		{"array", `[]`, wt.ErrSyntax},
		{"trailing", acc("") + `{}`, wt.ErrSyntax},
		{"no version", `{"type":"watchRefused","body":{}}`, wt.ErrMissingField},
		{"version 2", `{"v":2,"type":"watchRefused","body":{}}`, wt.ErrVersion},
		{"unknown type", `{"v":1,"type":"payment","body":{}}`, wt.ErrUnknownType},
		{"no body", `{"v":1,"type":"watchRefused"}`, wt.ErrMissingField},
		{"unknown envelope field", `{"v":1,"type":"watchRefused","body":{},"x":1}`, wt.ErrUnknownField},
		{"unknown body field", acc(`,"x":1`), wt.ErrUnknownField},
		{"field of the other type", acc(`,"code":"x"`), wt.ErrUnknownField},
		{"missing message", `{"v":1,"type":"watchRefused","body":{"ref":"a","code":"x"}}`, wt.ErrMissingField},
		{"empty message", `{"v":1,"type":"watchRefused","body":{"ref":"a","code":"x","message":""}}`, wt.ErrInvalidField},
		{"bad code", `{"v":1,"type":"watchRefused","body":{"ref":"a","code":"Bad Code","message":"m"}}`, wt.ErrInvalidField},
		{"partial id", `{"v":1,"type":"watchRefused","body":{"ref":"a","code":"x","message":"m","channel":7}}`, wt.ErrMissingField},
		{"bad ref", `{"v":1,"type":"watchRefused","body":{"ref":"a b","code":"x","message":"m"}}`, wt.ErrInvalidField},
		{"leading zero", strings.Replace(acc(""), `"paid":"5"`, `"paid":"05"`, 1), wt.ErrInvalidField},
		{"zero paid", strings.Replace(acc(""), `"paid":"5"`, `"paid":"0"`, 1), wt.ErrInvalidField},
		{"negative", strings.Replace(acc(""), `"paid":"5"`, `"paid":"-5"`, 1), wt.ErrInvalidField},
		{"paid as number", strings.Replace(acc(""), `"paid":"5"`, `"paid":5`, 1), wt.ErrInvalidField},
		{"bad checksum", strings.Replace(acc(""), `0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF`, `0x0cF28703ECc9C7dB28F3d496e41666445b0A4EAF`, 1), wt.ErrInvalidField},
		{"zero payer", strings.Replace(acc(""), `0x0CF28703ECc9C7dB28F3d496e41666445b0A4EAF`, `0x0000000000000000000000000000000000000000`, 1), wt.ErrInvalidField},
		{"channel 0", strings.Replace(acc(""), `"channel":7`, `"channel":0`, 1), wt.ErrInvalidField},
		{"status closed", strings.Replace(acc(""), `"open"`, `"closed"`, 1), wt.ErrInvalidField},
		{"open with closesAt", strings.Replace(acc(""), `"closesAt":0`, `"closesAt":9`, 1), wt.ErrInvalidField},
		{"closing without closesAt", strings.Replace(acc(""), `"open"`, `"closing"`, 1), wt.ErrInvalidField},
		{"too large", `{"v":1,"type":"watchRefused","body":{"ref":"a","code":"x","message":"` + strings.Repeat("m", wt.MaxReplySize) + `"}}`, wt.ErrTooLarge},
	}
	for _, tt := range tests {
		if r, err := wt.DecodeReply([]byte(tt.in)); !errors.Is(err, tt.want) {
			t.Errorf("%s: DecodeReply(%.80q) = %+v, %v; want %v", tt.name, tt.in, r, err, tt.want)
		}
	}
}

func TestHandOffCodec(t *testing.T) {
	alice := mustActor(t, "Alice")
	id := channel.ID{Domain: dom, Channel: 7}
	p := mustPay(t, alice, id, 500)
	b, err := wt.EncodeHandOff(p)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := wire.Decode(b); err != nil || m.(channel.Payment).Paid.Int64() != 500 {
		t.Fatalf("a hand-off is not the app/wire payment message: %v, %v", m, err)
	}
	got, err := wt.ParseHandOff(b)
	if err != nil || got.Paid.Int64() != 500 || got.Sig != p.Sig || got.ID != id {
		t.Fatalf("ParseHandOff = %+v, %v", got, err)
	}
	ack, _ := wire.Encode(channel.Ack{ID: id, Received: big.NewInt(1)})
	for _, bad := range [][]byte{nil, []byte("{}"), ack} {
		if _, err := wt.ParseHandOff(bad); wt.RefusalCode(err) != wt.CodeBadMessage {
			t.Errorf("ParseHandOff(%q) = %v; want %s", bad, err, wt.CodeBadMessage)
		}
	}
}
