package ui

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/browserstore"
	"paychan/app/channel"
	"paychan/app/engine"
)

// recordDispatch keeps what the view dispatches instead of running it.
type recordDispatch struct {
	app.Dispatcher
	mu  sync.Mutex // a timer may dispatch (renderPayment)
	got []app.Dispatch
}

func (r *recordDispatch) Dispatch(d app.Dispatch) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, d)
}

// take returns what was dispatched so far and forgets it.
func (r *recordDispatch) take() []app.Dispatch {
	r.mu.Lock()
	defer r.mu.Unlock()
	got := r.got
	r.got = nil
	return got
}

// run runs every dispatched function, those they dispatch included, and
// counts the renders asked for (app.Update).
func (r *recordDispatch) run() (renders int) {
	for {
		got := r.take()
		if len(got) == 0 {
			return renders
		}
		for _, d := range got {
			if d.Mode == app.Update {
				renders++
			}
			d.Function(nil)
		}
	}
}

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
	if renders := rec.run(); renders != 1 {
		t.Fatalf("a payment (its channel not on the screen) asked for %d renders; want 1", renders)
	}
}

// TestPaymentsShareOneRender: a received payment whose amounts are on
// the screen (showLive) renders at once when the root last rendered
// liveRenderGap or more ago; the payments that come sooner share one
// render, due liveRenderGap after the last one. That render is left out if
// the root rendered since the last payment that joined it, and never if a
// payment came after that render.
func TestPaymentsShareOneRender(t *testing.T) {
	rec := &recordDispatch{}
	var timers []func()
	clock := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	w := &root{disp: rec, clock: func() time.Time { return clock }, later: func(d time.Duration, f func()) {
		if d <= 0 || d > liveRenderGap {
			t.Errorf("a payment's render waits %v; want (0, %v]", d, liveRenderGap)
		}
		timers = append(timers, f)
	}}
	// fire runs the timer renderPayment set, as its time came.
	fire := func() {
		t.Helper()
		if len(timers) != 1 {
			t.Fatalf("%d timers set; want 1", len(timers))
		}
		f := timers[0]
		timers = nil
		f()
	}
	after := 0
	mark := func() { after++ }
	// check runs what was dispatched and counts the renders asked for
	// and the afters run so far.
	check := func(what string, renders, afters int) {
		t.Helper()
		if got := rec.run(); got != renders || after != afters {
			t.Errorf("%s: %d renders, %d afters run; want %d and %d", what, got, after, renders, afters)
		}
	}

	// Long after the last render: at once.
	w.renderPayment(mark)
	if len(timers) != 0 {
		t.Fatalf("a payment long after the last render set a timer")
	}
	check("a payment long after the last render", 1, 1)

	// Sooner than liveRenderGap after it: the next three share one
	// render, when its time comes.
	clock = clock.Add(liveRenderGap / 2)
	for range 3 {
		w.renderPayment(mark)
	}
	check("3 payments right after a render, before their time", 0, 1)
	fire()
	check("3 payments", 1, 4)
	// The clock stands still from here: every payment is too soon.

	// A render after the payment (anything apply does) leaves it out.
	w.renderPayment(mark)
	w.apply(func() {})
	rec.run()
	fire()
	check("rendered since", 0, 5)

	// A payment after that render still gets its own.
	w.renderPayment(mark)
	w.apply(func() {})
	rec.run()
	w.renderPayment(mark)
	fire()
	check("a payment after a render", 1, 7)

	// A clock set back waits no longer than liveRenderGap (the hook
	// checks the wait).
	clock = clock.Add(-time.Hour)
	w.renderPayment(mark)
	fire()
	check("a clock set back", 1, 8)
}

// TestStrangersMessagesQuiet: anyone can send a wallet messages. One about
// a channel that is not mine is dropped without a render, and malformed
// ones add up in one notice instead of pushing every other notice out.
func TestStrangersMessagesQuiet(t *testing.T) {
	rec := &recordDispatch{}
	w := &root{disp: rec, noticeLife: time.Minute}
	from := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	w.onNote(engine.Note{Kind: engine.Refused, From: from, Msg: channel.Payment{ID: channel.ID{Channel: 9}, Paid: big.NewInt(1)},
		Err: fmt.Errorf("receive: %w", channel.ErrNotFound)})
	if len(rec.got) != 0 {
		t.Fatalf("a message about a channel not mine dispatched %d updates; want none", len(rec.got))
	}
	w.notePayment(1, "Received", ethUnit, big.NewInt(1e16))
	for range 10 {
		w.onNote(engine.Note{Kind: engine.Refused, From: from, Err: errors.New("undecodable message")})
	}
	renders := 0
	for i := 0; i < len(rec.got); i++ { // the functions may dispatch more
		if rec.got[i].Mode == app.Update {
			renders++
		}
		rec.got[i].Function(nil)
	}
	if renders != 1 {
		t.Errorf("10 malformed messages asked for %d renders; want 1 (the first one's notice)", renders)
	}
	var texts []string
	for _, n := range w.notices {
		texts = append(texts, n.Text)
	}
	want := []string{"Received 0.01 ETH on channel 1", "Ignored 10 malformed messages; the last from " + from.Hex() + ": Undecodable message."}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
}

// TestWatchReplyRendersItsLineOnly: the watchtower's answer to a hand-off
// changes only the channel screen's watchtower line, which renders alone
// (no render of the whole wallet, a second one per received payment).
func TestWatchReplyRendersItsLineOnly(t *testing.T) {
	id := channel.ID{Channel: 1}
	st := channel.State{ID: id, Received: big.NewInt(5e16), Sent: big.NewInt(0)}
	w := &root{states: []channel.State{st}, optIn: true}
	w.cfg.Watchtower, w.cfg.Symbol, w.cfg.Decimals = "0x00000000000000000000000000000000000000bb", "ETH", 18
	v := &protectionView{W: w, Channel: 1, Text: w.protectionLine(st)}
	disp := app.NewClientTester(v)
	defer disp.Close()
	disp.Consume()
	if w.protectView != v {
		t.Fatal("the mounted line is not registered")
	}
	if !strings.Contains(app.HTMLString(v), "handing 0.05 ETH to the host") {
		t.Fatalf("before the answer: %s", app.HTMLString(v))
	}
	w.showProtection(channel.ID{Channel: 2}, browserstore.Protection{Protected: true, Paid: "1", Until: 7})
	w.showProtection(id, browserstore.Protection{Protected: true, Paid: "50000000000000000", Until: 42})
	disp.Consume()
	if got := app.HTMLString(v); !strings.Contains(got, "protected by the host until block 42") {
		t.Fatalf("after the answer: %s", got)
	}
	if len(w.protect) != 2 {
		t.Errorf("protection records %v; want both channels'", w.protect)
	}
}

// TestPaymentRenderAfterPageTurn: a received payment's render at once
// still waits for the page's turn, so that the amounts showLive wrote are
// shown first; payments received before that turn share its render.
func TestPaymentRenderAfterPageTurn(t *testing.T) {
	rec := &recordDispatch{}
	clock := time.Date(2026, 12, 4, 6, 0, 0, 0, time.UTC)
	var turns []func()
	w := &root{disp: rec, clock: func() time.Time { return clock },
		later:    func(time.Duration, func()) { t.Error("a payment long after the last render set a timer") },
		pageTurn: func(f func()) { turns = append(turns, f) },
	}
	after := 0
	mark := func() { after++ }
	w.renderPayment(mark)
	if got := rec.run(); got != 0 || after != 0 {
		t.Fatalf("before the page's turn: %d renders, %d afters run; want none", got, after)
	}
	w.renderPayment(mark) // a second payment before the turn
	if len(turns) != 1 {
		t.Fatalf("%d turns asked for; want 1 for both payments", len(turns))
	}
	turns[0]()
	if got := rec.run(); got != 1 || after != 2 {
		t.Fatalf("after the page's turn: %d renders, %d afters run; want 1 render and both afters", got, after)
	}
	// The next payment, long after: its own turn, its own render.
	clock = clock.Add(time.Second)
	w.renderPayment(mark)
	if len(turns) != 2 {
		t.Fatalf("%d turns asked for; want 2", len(turns))
	}
	turns[1]()
	if got := rec.run(); got != 1 || after != 3 {
		t.Fatalf("the next payment: %d renders, %d afters run; want 1 and 3", got, after)
	}
}
