package channel_test

import (
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/channel"
)

func TestFoundDecidesRole(t *testing.T) {
	a, b, m := mustKey(t, aliceWIF), mustKey(t, bobWIF), mustMallory(t)
	aliceA, bobA, malA := crypto.PubkeyToAddress(a.PublicKey), crypto.PubkeyToAddress(b.PublicKey), crypto.PubkeyToAddress(m.PublicKey)
	pa := channel.Party{Account: aliceA, Signer: aliceA}
	pb := channel.Party{Account: bobA, Signer: bobA}
	for _, tc := range []struct {
		name     string
		alice    channel.Party
		bob      channel.Party
		me       common.Address
		wantRole channel.Role
		wantErr  error
	}{
		{"Alice", pa, pb, aliceA, channel.Alice, nil},
		{"Bob", pa, pb, bobA, channel.Bob, nil},
		{"Bob by signer", pa, channel.Party{Account: common.HexToAddress("0xb0b"), Signer: bobA}, bobA, channel.Bob, nil},
		{"Mallory", pa, pb, malA, 0, channel.ErrNotParty},
		{"Bob's account with Mallory's signer", pa, channel.Party{Account: bobA, Signer: malA}, bobA, 0, channel.ErrWrongKey},
	} {
		s, err := channel.Found(testID, tc.alice, tc.bob, 20, tc.me)
		if tc.wantErr != nil {
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("%s: Found err = %v; want %v", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil || s.Role != tc.wantRole || s.FinalizationBlocks != 20 {
			t.Errorf("%s: Found = role %v, period %d, err %v; want %v, 20", tc.name, s.Role, s.FinalizationBlocks, err, tc.wantRole)
		}
	}
}

func TestMyPayoutAndNeedsSync(t *testing.T) {
	alice, bob := mustPair(t, 100, 0)
	alice, p := mustPay(t, alice, 30)
	bob, _, err := channel.ReceivePayment(bob, p, t0)
	if err != nil {
		t.Fatal(err)
	}
	if !channel.NeedsSync(alice, false) || channel.NeedsSync(bob, false) {
		t.Errorf("NeedsSync: payer %v, payee %v; want true, false", channel.NeedsSync(alice, false), channel.NeedsSync(bob, false))
	}
	if !channel.NeedsSync(bob, true) {
		t.Error("NeedsSync(full) of an open channel = false; want true")
	}
	for _, ev := range []channel.Event{channel.Claimed{Payer: channel.Alice, Paid: big.NewInt(30), ClosesAt: 5}, channel.Block{Number: 6}} {
		alice, bob = mustApply(t, alice, ev), mustApply(t, bob, ev)
	}
	if channel.NeedsSync(alice, false) || channel.NeedsSync(alice, true) {
		t.Error("NeedsSync of a closed channel = true; want false")
	}
	for _, tc := range []struct {
		s    channel.State
		want int64
	}{{alice, 70}, {bob, 30}} {
		if got, done := tc.s.MyPayout(); got.Int64() != tc.want || done {
			t.Errorf("%s: MyPayout = %v, %v; want %d, false", tc.s.Role, got, done, tc.want)
		}
	}
	bob = mustApply(t, bob, channel.Withdrawn{Party: channel.Bob, Amount: big.NewInt(30)})
	if _, done := bob.MyPayout(); !done {
		t.Error("MyPayout after Withdrawn: not withdrawn")
	}
}

func TestBookRestoreMergesUnderLock(t *testing.T) {
	alice, bob, _, bs := mustBooks(t, 100, 0)
	old, _ := bob.Get(testID) // the backup: nothing received
	_, fx, err := alice.Pay(testID, big.NewInt(12), t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := bob.Receive(alice.Signer(), fx.Send[0], t0); err != nil {
		t.Fatal(err)
	}
	got, err := bob.Restore(old)
	if err != nil || got.Received.Int64() != 12 {
		t.Fatalf("Restore of an older backup: received %v, err %v; want 12 kept", got.Received, err)
	}
	if _, err := alice.Restore(old); !errors.Is(err, channel.ErrWrongKey) {
		t.Fatalf("Restore of Bob's state into Alice's book: err = %v; want ErrWrongKey", err)
	}
	bs.FailSave = errors.New("disk full")
	if _, err := bob.Restore(old); !channel.Retryable(err) {
		t.Fatalf("Restore with a failing store: err = %v; want retryable", err)
	}
	if _, _, err := bob.Receive(common.Address{1}, fx.Send[0], t0); err == nil || channel.Retryable(err) {
		t.Fatalf("a payment from a stranger: err = %v; want a refusal", err)
	}
}
