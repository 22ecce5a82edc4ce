package channel_test

import (
	"errors"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
)

func ones(n int) []*big.Int {
	a := make([]*big.Int, n)
	for i := range a {
		a[i] = big.NewInt(1)
	}
	return a
}

// TestBookPayManyPersistsOnceAllOrNothing: PayMany signs one Payment per
// amount with increasing totals and saves the last state before returning
// them; a refused payment or a failed save returns nothing and saves
// nothing.
func TestBookPayManyPersistsOnceAllOrNothing(t *testing.T) {
	alice, _, as, _ := mustBooks(t, 10, 0)
	st, fx, err := alice.PayMany(testID, ones(4), t0)
	if err != nil {
		t.Fatalf("PayMany(4 x 1) = %v", err)
	}
	var got []int64
	for _, m := range fx.Send {
		got = append(got, m.(channel.Payment).Paid.Int64())
	}
	if diff := cmp.Diff([]int64{1, 2, 3, 4}, got); diff != "" {
		t.Fatalf("PayMany totals (-want +got):\n%s", diff)
	}
	saved, _ := as.LoadChannel(testID)
	if diff := cmp.Diff(st, saved, cmpBig); diff != "" {
		t.Fatalf("returned state differs from the saved one (-want +got):\n%s", diff)
	}
	// 4 + 7 > 10: the seventh overdraws, so none of them happens.
	if _, fx, err := alice.PayMany(testID, ones(7), t0); !errors.Is(err, channel.ErrOverdraw) || !fx.Empty() {
		t.Fatalf("PayMany(7 x 1) over the balance = %+v, %v; want ErrOverdraw and no effects", fx, err)
	}
	as.FailSave = errors.New("disk full")
	if _, fx, err := alice.PayMany(testID, ones(2), t0); err == nil || !fx.Empty() {
		t.Fatalf("PayMany with a failing store = %+v, %v; want error and no effects", fx, err)
	}
	as.FailSave = nil
	if st, _ := alice.Get(testID); st.Sent.Int64() != 4 {
		t.Fatalf("sent after refused batches = %v; want 4", st.Sent)
	}
}

// TestBookReceiveManyOneSave: Bob receives a batch with a forged payment
// in the middle; the others are applied and persisted once, the forged one
// gets its error, and a failed save applies nothing.
func TestBookReceiveManyOneSave(t *testing.T) {
	alice, bob, _, bs := mustBooks(t, 10, 0)
	_, fx, err := alice.PayMany(testID, ones(5), t0)
	if err != nil {
		t.Fatal(err)
	}
	var ins []channel.Incoming
	for _, m := range fx.Send {
		ins = append(ins, channel.Incoming{From: alice.Signer(), Msg: m})
	}
	forged := fx.Send[4].(channel.Payment)
	forged.Paid = big.NewInt(9) // signature over 5
	ins = append(ins[:3], append([]channel.Incoming{{From: alice.Signer(), Msg: forged}}, ins[3:]...)...)

	bs.FailSave = errors.New("disk full")
	if outs, err := bob.ReceiveMany(ins, t0); err == nil || outs != nil {
		t.Fatalf("ReceiveMany with a failing store = %v, %v; want error and no outcomes", outs, err)
	}
	if st, _ := bob.Get(testID); st.Received.Sign() != 0 {
		t.Fatalf("received after a failed batch = %v; want 0", st.Received)
	}
	bs.FailSave = nil
	outs, err := bob.ReceiveMany(ins, t0)
	if err != nil {
		t.Fatalf("ReceiveMany = %v", err)
	}
	var got []string
	for _, o := range outs {
		if o.Err != nil {
			got = append(got, "refused")
			continue
		}
		got = append(got, o.After.Received.String())
	}
	if diff := cmp.Diff([]string{"1", "2", "3", "refused", "4", "5"}, got); diff != "" {
		t.Fatalf("ReceiveMany outcomes (-want +got):\n%s", diff)
	}
	if !errors.Is(outs[3].Err, channel.ErrBadSignature) {
		t.Fatalf("forged payment: %v; want ErrBadSignature", outs[3].Err)
	}
	if st, _ := bob.Get(testID); st.Received.Int64() != 5 {
		t.Fatalf("saved received = %v; want 5", st.Received)
	}
	// Applying the batch again (a retry after a failed save elsewhere) is
	// harmless: duplicates change nothing.
	if _, err := bob.ReceiveMany(ins, t0); err != nil {
		t.Fatalf("ReceiveMany again = %v", err)
	}
	if st, _ := bob.Get(testID); st.Received.Int64() != 5 {
		t.Fatalf("received after the retry = %v; want 5", st.Received)
	}
}
