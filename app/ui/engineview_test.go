package ui

import (
	"math/big"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/channel"
	"paychan/app/engine"
)

// recordDispatch keeps what the view dispatches instead of running it.
type recordDispatch struct {
	app.Dispatcher
	got []app.Dispatch
}

func (r *recordDispatch) Dispatch(d app.Dispatch) { r.got = append(r.got, d) }

// TestAckNotRendered: a received acknowledgement (it changes only
// PeerAcked, which no screen shows) replaces the state without asking
// go-app for a render; a received payment asks for one.
func TestAckNotRendered(t *testing.T) {
	id := channel.ID{Channel: 1}
	before := channel.State{ID: id, Sent: big.NewInt(5), Received: big.NewInt(0), PeerAcked: big.NewInt(4)}
	after := before
	after.PeerAcked = big.NewInt(5)
	rec := &recordDispatch{}
	w := &root{disp: rec, states: []channel.State{before}}
	w.onNote(engine.Note{Kind: engine.Received, Msg: channel.Ack{ID: id, Received: big.NewInt(5)}, Before: before, After: after})
	if len(rec.got) != 1 || rec.got[0].Mode != app.Next {
		t.Fatalf("an ack dispatched %d (mode %v); want one without a render", len(rec.got), rec.got)
	}
	rev := w.rev
	rec.got[0].Function(nil)
	if w.rev != rev {
		t.Error("an ack bumped rev (every screen renders again)")
	}
	if got := w.states[0].PeerAcked; got.Cmp(big.NewInt(5)) != 0 {
		t.Errorf("state after the ack: PeerAcked %v; want 5", got)
	}

	rec.got = nil
	paid := before
	paid.Received = big.NewInt(3)
	w.onNote(engine.Note{Kind: engine.Received, Msg: channel.Payment{ID: id, Paid: big.NewInt(3)}, Before: before, After: paid})
	if len(rec.got) == 0 || rec.got[0].Mode != app.Update {
		t.Fatalf("a payment dispatched %v; want a render", rec.got)
	}
}
