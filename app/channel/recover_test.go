package channel_test

import (
	"crypto/ecdsa"
	"errors"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/app/wire"
)

// signTotal signs Payment(id, paid) with key.
func signTotal(tb testing.TB, id channel.ID, paid int64, key *ecdsa.PrivateKey) channel.Signature {
	tb.Helper()
	d, err := id.PaymentDigest(big.NewInt(paid))
	if err != nil {
		tb.Fatal(err)
	}
	sig, err := channel.Sign(d, key)
	if err != nil {
		tb.Fatal(err)
	}
	return sig
}

// restoredPair plays a channel in which Alice restored an older backup:
// deposits Alice 10, Bob 0; Alice pays 4 (the backup is taken), then 6,
// Bob pays her back 7, and she pays 5 more: Bob holds 15 from her, she 7
// from him. It returns the backup Alice restored and Bob's current state.
func restoredPair(tb testing.TB) (oldAlice, bob channel.State) {
	tb.Helper()
	alice, bob := mustPair(tb, 10, 0)
	alice, bob = exchange(tb, alice, bob, big.NewInt(4), t0)
	oldAlice = alice
	alice, bob = exchange(tb, alice, bob, big.NewInt(6), t0)
	bob, alice = exchange(tb, bob, alice, big.NewInt(7), t0)
	_, bob = exchange(tb, alice, bob, big.NewInt(5), t0)
	if oldAlice.Sent.Int64() != 4 || oldAlice.Received.Sign() != 0 || bob.Received.Int64() != 15 || bob.Sent.Int64() != 7 {
		tb.Fatalf("setup: old Alice %v/%v, Bob %v/%v", oldAlice.Sent, oldAlice.Received, bob.Sent, bob.Received)
	}
	return oldAlice, bob
}

// TestReceiveSyncRecovery: a Sync proving with my own signature that the
// peer holds more from me than my Sent raises Sent to that total; any
// other proof is refused without changing anything, and a higher total
// without proof is only an (capped) ack.
func TestReceiveSyncRecovery(t *testing.T) {
	old, bob := restoredPair(t)
	honest := channel.MakeSync(bob)
	if honest.ReceivedSig != bob.ReceivedSig || honest.Received.Int64() != 15 {
		t.Fatalf("MakeSync(Bob) = %+v; want his received 15 with Alice's signature", honest)
	}
	withProof := func(received int64, sig channel.Signature) channel.Sync {
		m := honest
		m.Received, m.ReceivedSig = big.NewInt(received), sig
		return m
	}
	alice, mallory := mustKey(t, aliceWIF), mustMallory(t)
	tests := []struct {
		name     string
		m        channel.Sync
		want     error
		sent     int64 // Alice's Sent afterwards
		received int64 // Alice's Received afterwards
		acked    int64 // Alice's PeerAcked afterwards
	}{
		{"honest: Bob's sync", honest, nil, 15, 7, 15},
		{"my signature on a lower total than Bob holds", withProof(12, signTotal(t, testID, 12, alice)), nil, 12, 7, 12},
		{"forged by Mallory", withProof(1000, signTotal(t, testID, 1000, mallory)), channel.ErrBadSignature, 4, 0, 0},
		{"signed by Bob himself", withProof(15, signTotal(t, testID, 15, mustKey(t, bobWIF))), channel.ErrBadSignature, 4, 0, 0},
		{"my signature over another total", withProof(1000, bob.ReceivedSig), channel.ErrBadSignature, 4, 0, 0},
		{"my signature for another channel", withProof(15, signTotal(t, otherID, 15, alice)), channel.ErrBadSignature, 4, 0, 0},
		// Without proof Bob's payment of 7 is unaffordable against my
		// Sent 4, so it is refused: the sync is only trusted with proof.
		{"unsigned higher total", withProof(15, channel.Signature{}), channel.ErrOverdraw, 4, 0, 0},
		{"unsigned higher total, no payment", channel.Sync{ID: testID, Paid: new(big.Int), Received: big.NewInt(1000)}, nil, 4, 0, 4},
		{"lower total with a bad signature is ignored", channel.Sync{ID: testID, Paid: new(big.Int), Received: big.NewInt(3), ReceivedSig: signTotal(t, testID, 3, mallory)}, nil, 4, 0, 3},
		{"equal total", channel.Sync{ID: testID, Paid: new(big.Int), Received: big.NewInt(4), ReceivedSig: old.SentSig}, nil, 4, 0, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, fx, err := channel.ReceiveSync(old, tt.m, t0)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("ReceiveSync = %v; want %v", err, tt.want)
				}
				var ce *channel.Error
				if !errors.As(err, &ce) || ce.Channel != testID {
					t.Fatalf("error %v does not name channel %s", err, testID)
				}
				if diff := cmp.Diff(old, n, cmpBig); diff != "" || !fx.Empty() {
					t.Fatalf("refused sync changed state or has effects %+v (-want +got):\n%s", fx, diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := [3]int64{n.Sent.Int64(), n.Received.Int64(), n.PeerAcked.Int64()}
			if want := [3]int64{tt.sent, tt.received, tt.acked}; got != want {
				t.Fatalf("sent/received/acked = %v; want %v", got, want)
			}
			if tt.sent == old.Sent.Int64() {
				if n.SentSig != old.SentSig || len(n.History) != len(old.History) {
					t.Fatalf("no recovery expected, but SentSig or history changed")
				}
				return
			}
			if n.SentSig != tt.m.ReceivedSig {
				t.Fatalf("SentSig not the recovered signature")
			}
			rec := channel.Entry{Dir: channel.Sent, Amount: big.NewInt(tt.sent - 4), Total: big.NewInt(tt.sent), At: t0, Recovered: true}
			if diff := cmp.Diff(rec, n.History[len(old.History)], cmpBig); diff != "" {
				t.Errorf("recovery entry (-want +got):\n%s", diff)
			}
			if old.Sent.Int64() != 4 {
				t.Fatal("ReceiveSync mutated its input")
			}
		})
	}
}

// TestRestoreOlderBackup: Alice restores a backup older than her latest
// payment. Her sync after the restore (as the wallet sends it) gets Bob's
// sync back, which proves her latest total; she then agrees with Bob on
// every total and balance, and her next payment is a real one.
func TestRestoreOlderBackup(t *testing.T) {
	alice, bob := restoredPair(t)
	if alice.Balance().Int64() != 6 {
		t.Fatalf("restored balance %v; want 6 (stale: too high)", alice.Balance())
	}
	bob2, fx, err := channel.ReceiveSync(bob, channel.MakeSync(alice), t0)
	if err != nil {
		t.Fatal(err)
	}
	// Alice holds none of Bob's 7: his payment is resent. She says she
	// paid 4, below the 15 he holds: he answers with his Sync.
	want := channel.Effects{Send: []channel.Message{
		channel.Payment{ID: testID, Paid: bob.Sent, Sig: bob.SentSig},
		channel.MakeSync(bob),
	}}
	if diff := cmp.Diff(want, fx, cmpBig); diff != "" {
		t.Fatalf("Bob's answer (-want +got):\n%s", diff)
	}
	for _, m := range fx.Send {
		var more channel.Effects
		alice, more, err = channel.Receive(alice, m, keyFor(t, alice), t0)
		if err != nil && !(errors.Is(err, channel.ErrOverdraw) && m == fx.Send[0]) {
			// Bob's resent 7 is unaffordable against Alice's stale
			// Sent 4; his Sync carries it again after the proof.
			t.Fatalf("Alice receives %T: %v", m, err)
		}
		for _, r := range more.Send {
			if _, isSync := r.(channel.Sync); isSync {
				t.Fatalf("Alice answers %T with a Sync: ping-pong", m)
			}
		}
	}
	agree(t, alice, bob2)
	if alice.Sent.Int64() != 15 || alice.Balance().Int64() != 2 || alice.PeerAcked.Int64() != 15 {
		t.Fatalf("Alice sent %v (acked %v), balance %v; want 15 (15), 2", alice.Sent, alice.PeerAcked, alice.Balance())
	}
	alice, bob2 = exchange(t, alice, bob2, big.NewInt(1), t0)
	agree(t, alice, bob2)
	if bob2.Received.Int64() != 16 {
		t.Fatalf("Bob received %v; want 16", bob2.Received)
	}
}

// TestRestoreThenPay: the wallet did not sync after the restore and Alice
// pays at once: her total (4+3 = 7) is below what Bob holds (15), so it is
// a no-op for Bob, who acks and sends his Sync; Alice recovers from it.
func TestRestoreThenPay(t *testing.T) {
	alice, bob := restoredPair(t)
	alice, p := mustPay(t, alice, 3)
	bob2, fx, err := channel.ReceivePayment(bob, p, t0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(bob, bob2, cmpBig); diff != "" {
		t.Fatalf("a stale payment changed Bob's state (-want +got):\n%s", diff)
	}
	want := channel.Effects{Send: []channel.Message{channel.Ack{ID: testID, Received: big.NewInt(15)}, channel.MakeSync(bob)}}
	if diff := cmp.Diff(want, fx, cmpBig); diff != "" {
		t.Fatalf("Bob's answer (-want +got):\n%s", diff)
	}
	for _, m := range fx.Send {
		if alice, _, err = channel.Receive(alice, m, keyFor(t, alice), t0); err != nil {
			t.Fatalf("Alice receives %T: %v", m, err)
		}
	}
	agree(t, alice, bob2)
	h := alice.History
	rec := channel.Entry{Dir: channel.Sent, Amount: big.NewInt(8), Total: big.NewInt(15), At: t0, Recovered: true}
	if len(h) < 2 || cmp.Diff(rec, h[len(h)-2], cmpBig) != "" || h[len(h)-1].Dir != channel.Received {
		t.Fatalf("history %+v: want the recovery entry %+v, then Bob's payment", h, rec)
	}
}

// agree asserts that Alice and Bob hold the same totals and see the same
// balances.
func agree(tb testing.TB, alice, bob channel.State) {
	tb.Helper()
	if alice.Sent.Cmp(bob.Received) != 0 || bob.Sent.Cmp(alice.Received) != 0 {
		tb.Fatalf("totals: Alice sent %v / Bob received %v; Bob sent %v / Alice received %v", alice.Sent, bob.Received, bob.Sent, alice.Received)
	}
	if alice.Balance().Cmp(bob.PeerBalance()) != 0 || bob.Balance().Cmp(alice.PeerBalance()) != 0 {
		tb.Fatalf("balances: Alice %v (Bob sees %v), Bob %v (Alice sees %v)", alice.Balance(), bob.PeerBalance(), bob.Balance(), alice.PeerBalance())
	}
}

// TestBookRestoreRecovers goes through Book, the wire codec and a store:
// Alice's store is put back to a backup taken before her last payment; the
// wallet's sync after the restore, through Bob's Book, brings back the
// proof, and the recovered total is persisted with its history entry.
func TestBookRestoreRecovers(t *testing.T) {
	alice, bob, as, _ := mustBooks(t, 10, 0)
	pay := func(amount int64) {
		t.Helper()
		_, fx, err := alice.Pay(testID, big.NewInt(amount), t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := bob.Receive(alice.Signer(), relay(t, fx.Send[0]), t0); err != nil {
			t.Fatal(err)
		}
	}
	pay(4)
	backup, err := as.LoadChannel(testID)
	if err != nil {
		t.Fatal(err)
	}
	pay(6)
	if err := as.SaveChannel(backup); err != nil { // the restore
		t.Fatal(err)
	}
	fx, err := alice.Sync(testID)
	if err != nil {
		t.Fatal(err)
	}
	_, fx, err = bob.Receive(alice.Signer(), relay(t, fx.Send[0]), t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(fx.Send) != 1 {
		t.Fatalf("Bob's answer %+v; want his Sync", fx.Send)
	}
	if _, _, err := alice.Receive(bob.Signer(), relay(t, fx.Send[0]), t0); err != nil {
		t.Fatal(err)
	}
	saved, err := as.LoadChannel(testID)
	if err != nil {
		t.Fatal(err)
	}
	bs, _ := bob.Get(testID)
	agree(t, saved, bs)
	if last := saved.History[len(saved.History)-1]; saved.Sent.Int64() != 10 || !last.Recovered || last.Amount.Int64() != 6 {
		t.Fatalf("saved: sent %v, last entry %+v; want 10, a recovered 6", saved.Sent, last)
	}
}

// relay passes m through the wire codec, as the relay does.
func relay(tb testing.TB, m channel.Message) channel.Message {
	tb.Helper()
	b, err := wire.Encode(m)
	if err != nil {
		tb.Fatal(err)
	}
	back, err := wire.Decode(b)
	if err != nil {
		tb.Fatal(err)
	}
	return back
}
