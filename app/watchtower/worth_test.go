package watchtower_test

import (
	"math/big"
	"testing"

	"paychan/app/channel"
	wt "paychan/app/watchtower"
)

func TestProtectsAndWorth(t *testing.T) {
	alice, bob := mustActor(t, "Alice"), mustActor(t, "Bob")
	id := channel.ID{Domain: dom, Channel: 7}
	i := func(v int64) *big.Int { return big.NewInt(v) }
	held := func(payer channel.Role, paid int64) wt.Held { return wt.Held{ID: id, Payer: payer, Paid: i(paid)} }
	closing := func(aliceDep, bobDep, alicePaid, bobPaid int64) wt.View {
		v := view(alice, bob, channel.Closing, alicePaid, bobPaid, 100, 110)
		v.AliceDeposit, v.BobDeposit, v.Period = i(aliceDep), i(bobDep), 10
		return v
	}
	tests := []struct {
		name     string
		v        wt.View
		h        wt.Held
		received *big.Int
		want     int64
	}{
		{"the drain attack: 1-wei deposit, total 20", closing(1, 0, 0, 0), held(channel.Alice, 20), nil, 1},
		{"within the deposit", closing(400, 0, 200, 0), held(channel.Alice, 300), nil, 100},
		// Settlement pays out at most the channel's 400: Bob's payout goes
		// from 0 to 400, whatever Alice's deposit + received would allow.
		{"capped at what the channel holds", closing(400, 0, 0, 100), held(channel.Alice, 900), nil, 400},
		{"capped, received held for the other direction", closing(400, 0, 0, 100), held(channel.Alice, 900), i(300), 400},
		{"a lower received held does not lower the cap", closing(400, 0, 0, 100), held(channel.Alice, 900), i(50), 400},
		{"received held for the other direction raises what is protected", closing(400, 100, 0, 0), held(channel.Alice, 450), i(100), 450},
		// The self-dealing drain: 1 wei a side, a huge total proven on
		// chain for Bob, a huge hand-off for Alice: 2 wei at most move.
		{"inflated totals protect at most the deposits", closing(1, 1, 0, 1_000_000), held(channel.Alice, 2_000_000), nil, 2},
		{"chain already above the cap", closing(400, 0, 450, 0), held(channel.Alice, 900), nil, 0},
		{"chain holds more", closing(400, 0, 500, 0), held(channel.Alice, 300), nil, 0},
		{"Bob pays", closing(0, 50, 0, 10), held(channel.Bob, 40), nil, 30},
	}
	for _, tc := range tests {
		if got := wt.Protects(tc.v, tc.h, tc.received); got.Int64() != tc.want {
			t.Errorf("%s: Protects = %v; want %d", tc.name, got, tc.want)
		}
	}
	if wt.Worth(i(1), 40_000, i(1e9)) {
		t.Error("1 wei is worth a 40,000-gas claim at 1 gwei")
	}
	if wt.Worth(i(40_000e9), 40_000, i(1e9)) {
		t.Error("a claim protecting exactly its cost is worth it; want strictly more")
	}
	if !wt.Worth(i(40_000e9+1), 40_000, i(1e9)) {
		t.Error("a claim protecting more than its cost is not worth it")
	}
	if wt.Worth(nil, 0, i(0)) {
		t.Error("nil protects nothing")
	}
}

func TestMarginAndDue(t *testing.T) {
	for _, tc := range []struct{ period, max, want uint64 }{
		{10, 20, 5}, {12, 20, 6}, {100, 20, 20}, {1_000_000, 20, 20}, {1, 20, 1}, {2, 20, 1}, {3, 20, 1}, {10, 3, 3},
	} {
		if got := wt.Margin(tc.period, tc.max); got != tc.want {
			t.Errorf("Margin(%d, %d) = %d; want %d", tc.period, tc.max, got, tc.want)
		}
	}
	alice, bob := mustActor(t, "Alice"), mustActor(t, "Bob")
	v := view(alice, bob, channel.Closing, 0, 0, 100, 110)
	for _, tc := range []struct {
		head    uint64
		settled bool
		want    bool
	}{{100, false, false}, {100, true, true}, {104, false, false}, {105, false, true}, {109, false, true}} {
		v.Head = tc.head
		if got := wt.Due(v, tc.settled, 5); got != tc.want {
			t.Errorf("Due(head %d, settled %v, margin 5, closesAt 110) = %v; want %v", tc.head, tc.settled, got, tc.want)
		}
	}
}

func TestAnswered(t *testing.T) {
	for code, want := range map[string]bool{
		wt.CodeBadMessage: false, wt.CodeWrongDomain: false, wt.CodeUnknownChannel: false, wt.CodeBadSignature: false,
		wt.CodeNotBeneficiary: false, wt.CodeTooLarge: false,
		wt.CodeTotalLower: true, wt.CodeTotalEqual: true, wt.CodeTotalOnChain: true, wt.CodeChannelClosed: true,
		wt.CodeTooLate: true, wt.CodeUnfunded: true, wt.CodeLimit: true, wt.CodeAlreadyClaimed: true,
	} {
		if got := wt.Answered(code); got != want {
			t.Errorf("Answered(%q) = %v; want %v", code, got, want)
		}
	}
}
