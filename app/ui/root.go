package ui

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/browserstore"
	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/app/perfmark"
	"paychan/app/relayclient"
	"paychan/app/warmup"
	"paychan/app/wire"
)

// root is the wallet's root component, mounted on every route: it owns the
// session and the state every screen renders. Its fields change only in
// dispatched functions (apply); each change bumps rev, which is passed to
// the screens so they update.
type root struct {
	app.Compo

	disp app.Dispatcher
	s    *session
	rev  int

	path  string
	query url.Values
	ready bool // mounted in the browser (not prerendered)

	online   bool
	relay    string // relay connection state
	cfg      hostapi.Config
	haveCfg  bool
	account  browserstore.Account
	hasKey   bool
	unlocked bool
	newWIF   string // a freshly created key's WIF, shown once

	balance     *big.Int
	head        uint64
	states      []channel.State
	chain       map[uint64]*chainclient.Channel
	txs         []txItem
	notices     []notice
	nextTx      int
	refreshing  bool
	stopRefresh context.CancelFunc

	// The watchtower's last answer per channel, and the user's opt-in.
	protect map[channel.ID]browserstore.Protection
	optIn   bool
	// Cooperative closes I proposed: when, and whether the peer failed to
	// answer within closeTimeout (then the unilateral path is offered).
	closeAsked    map[uint64]time.Time
	closeTimedOut map[uint64]bool
	closeTimeout  time.Duration
}

// DefaultCloseTimeout is how long the wallet waits for the peer to
// countersign a cooperative close before it offers the unilateral path.
// localStorage "paychan/setting/close-timeout-ms" overrides it (tests).
const DefaultCloseTimeout = 20 * time.Second

// txItem is one transaction's progress.
type txItem struct {
	N     int
	Label string
	Stage string
	Hash  string
	Err   string
}

// notice is an in-app message (never alert()).
type notice struct {
	Kind string // "ok", "error", "info", "warn"
	Text string
}

func newRoot() *root { return &root{} }

// OnMount starts the session in the browser (not while prerendering).
func (w *root) OnMount(ctx app.Context) {
	w.path = ctx.Page().URL().Path
	w.query = ctx.Page().URL().Query()
	if app.IsServer {
		return
	}
	w.disp = ctx.Dispatcher()
	u := ctx.Page().URL()
	w.s = newSession(u.Scheme+"://"+u.Host, browserstore.New(ctx.LocalStorage()))
	w.ready = true
	w.load()
	bg, cancel := context.WithCancel(context.Background())
	w.stopRefresh = cancel
	ctx.Async(func() { w.boot(bg) })
	// Run the payment path once in memory (app/warmup: secp256k1's
	// precomputed table, the JSON codecs, the browser's compilation of the
	// code), so the first payment is as fast as the next. Go in the
	// browser runs one goroutine at a time: the short sleep lets the first
	// render reach the screen before the warm-up's few milliseconds of CPU,
	// and it ends long before a key can be unlocked (scrypt) and a payment
	// made.
	go func() {
		time.Sleep(warmupDelay)
		if err := warmup.Run(); err != nil {
			app.Logf("warm-up: %v", err)
		}
		perfmark.Mark(perfmark.Warm)
	}()
}

// warmupDelay is how long after the first mount the warm-up starts.
const warmupDelay = 50 * time.Millisecond

// OnDismount stops the background refresh and the relay.
func (w *root) OnDismount() {
	if w.stopRefresh != nil {
		w.stopRefresh()
	}
	if w.s != nil {
		w.s.lock()
	}
}

// OnNav records the page shown.
func (w *root) OnNav(ctx app.Context) {
	w.path = ctx.Page().URL().Path
	w.query = ctx.Page().URL().Query()
	w.rev++
}

// apply runs fn on the UI goroutine, then re-renders the root and the
// screens. It may be called from any goroutine.
func (w *root) apply(fn func()) {
	if w.disp == nil {
		return
	}
	w.disp.Dispatch(app.Dispatch{Mode: app.Update, Source: w, Function: func(app.Context) {
		fn()
		w.rev++
	}})
}

// afterRender runs fn once go-app has rendered the updates asked for so far
// (its deferred dispatches run after a frame's renders) and the browser
// had a chance to show them (a timer lets the Go code yield to the page),
// or after afterRenderMax if no frame comes; fn must not block. It may be
// called from any goroutine.
func (w *root) afterRender(fn func()) {
	if w.disp == nil {
		fn()
		return
	}
	var once sync.Once
	run := func() { once.Do(fn) }
	t := time.AfterFunc(afterRenderMax, run)
	w.disp.Dispatch(app.Dispatch{Mode: app.Defer, Source: w, Function: func(app.Context) {
		t.Stop()
		time.AfterFunc(time.Millisecond, run)
	}})
}

// afterRenderMax bounds how long afterRender waits for go-app's frame.
const afterRenderMax = 100 * time.Millisecond

// load reads what the browser has stored (works offline).
func (w *root) load() {
	st := w.s.store
	var cfg hostapi.Config
	if ok, _ := st.LoadConfig(&cfg); ok {
		w.cfg, w.haveCfg = cfg, true
	}
	if a, ok, _ := st.LoadAccount(); ok {
		w.account, w.hasKey = a, true
		if b, ok, _ := st.LoadBalance(a.Signer); ok {
			w.balance, _ = new(big.Int).SetString(b.Wei, 10)
			w.head = b.Block
		}
	}
	var states []channel.State
	if ids, err := st.ListChannels(); err == nil {
		for _, id := range ids {
			if s, err := st.LoadChannel(id); err == nil {
				states = append(states, s)
			}
		}
	}
	w.states = states
	w.loadProtection()
	w.optIn = st.WatchtowerOptIn()
	w.closeTimeout = DefaultCloseTimeout
	var ms int64
	if ok, _ := st.Setting("close-timeout-ms", &ms); ok && ms > 0 {
		w.closeTimeout = time.Duration(ms) * time.Millisecond
	}
}

// loadProtection reads the watchtower's answers for the shown channels.
func (w *root) loadProtection() {
	w.protect = map[channel.ID]browserstore.Protection{}
	for _, s := range w.states {
		if p, ok, _ := w.s.store.LoadProtection(s.ID); ok {
			w.protect[s.ID] = p
		}
	}
}

// boot fetches the configuration and keeps the view fresh: every second it
// reads the chain; a failure shows the offline state until the host is back.
func (w *root) boot(ctx context.Context) {
	for {
		w.tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func (w *root) tick(ctx context.Context) {
	cctx, cancel := context.WithTimeout(ctx, 8*time.Second)
	defer cancel()
	_, cl, _, _, _ := w.s.snapshot()
	if cl == nil {
		cfg, err := w.s.loadConfig(cctx)
		if err != nil {
			w.apply(func() { w.online = false; w.cfg = cfg; w.haveCfg = cfg.ChainID != 0 })
			return
		}
		w.apply(func() { w.cfg, w.haveCfg = cfg, true })
	}
	// The key may have been unlocked before the configuration arrived.
	w.s.connectRelay(w.onMessage, w.onRelayState)
	v, err := w.s.refresh(cctx)
	w.apply(func() {
		if err != nil && errors.Is(err, errOffline) {
			w.online = false
			return
		}
		w.online = true
		if len(v.Archived) > 0 {
			w.note("warn", archivedNotice(v.Archived))
		}
		if err != nil {
			return
		}
		w.head = v.Head
		if v.Balance != nil {
			w.balance = v.Balance
		}
		if v.States != nil {
			w.states = v.States
		}
		if w.chain == nil {
			w.chain = map[uint64]*chainclient.Channel{}
		}
		for id, ch := range v.Channels {
			w.chain[id] = ch
		}
	})
	if err == nil {
		// With the chain's view applied: the core says what a signed
		// Close still needs (submit it, or fall back to closing alone).
		for _, tx := range w.s.checkCloses(time.Now()) {
			w.carryOut(tx)
		}
	}
}

// carryOut submits a transaction the core asked for.
func (w *root) carryOut(tx channel.Tx) {
	_, cl, key, _, _ := w.s.snapshot()
	if cl == nil || key == nil {
		return
	}
	switch tx := tx.(type) {
	case channel.CooperativeCloseTx:
		w.submitCooperativeClose(tx)
	case channel.ClaimTx:
		w.submitTx(fmt.Sprintf("Claim %s on channel %d", w.coins(tx.Paid), tx.ID.Channel), func(cctx context.Context, p chainclient.Progress) error {
			_, err := cl.Claim(cctx, key.PrivateKey(), tx.ID.Channel, tx.Payer, tx.Paid, tx.Sig[:], p)
			return err
		})
	case channel.StartCloseTx:
		w.submitTx(fmt.Sprintf("Start closing channel %d", tx.ID.Channel), func(cctx context.Context, p chainclient.Progress) error {
			_, err := cl.StartClose(cctx, key.PrivateKey(), tx.ID.Channel, p)
			return err
		})
	}
}

// unlocked is called (on the UI goroutine) once the key is open.
func (w *root) onUnlocked(qtum, signer string) {
	w.hasKey, w.unlocked = true, true
	w.account = browserstore.Account{Qtum: qtum, Signer: signer}
	w.load()
	w.s.connectRelay(w.onMessage, w.onRelayState)
}

// onRelayState shows the relay connection and, once connected, resends my
// latest totals (a payment saved while the relay was unreachable).
func (w *root) onRelayState(st relayclient.State, err error) {
	w.apply(func() { w.relay = st.String() })
	if st == relayclient.Connected {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			// A new connection may be to a host restarted on a new chain:
			// set the old chain's channels aside before syncing them.
			if archived, err := w.s.recheckChain(ctx); err == nil && len(archived) > 0 {
				w.apply(func() { w.note("warn", archivedNotice(archived)) })
				w.tick(ctx)
			}
			w.s.resync(ctx)
			w.s.handOffAll(ctx)
			w.apply(w.loadProtection)
		}()
	}
}

// onMessage handles a message from the relay: the core checks it and
// persists the new state before this returns (and so before the relay
// client acknowledges it); then the screen shows it at once.
func (w *root) onMessage(ctx context.Context, m relayclient.Message) error {
	perfmark.Mark(perfmark.Recv)
	cfg, _, _, book, _ := w.s.snapshot()
	if book == nil {
		return errLocked
	}
	if cfg.Watchtower != "" && m.From == common.HexToAddress(cfg.Watchtower) {
		id, p, err := w.s.watchReply(m.Payload)
		w.apply(func() {
			if err != nil {
				w.note("warn", err.Error())
				return
			}
			if w.protect == nil {
				w.protect = map[channel.ID]browserstore.Protection{}
			}
			w.protect[id] = p
		})
		return nil
	}
	msg, err := wire.Decode(m.Payload)
	if err != nil {
		w.apply(func() { w.note("error", "Ignored a malformed message from "+m.From.Hex()+": "+err.Error()) })
		return nil
	}
	before, _ := book.Get(msg.ChannelID())
	st, fx, err := book.Receive(m.From, msg, time.Now())
	if errors.Is(err, channel.ErrOverdraw) {
		// The peer may have deposited since my last look at the chain:
		// read it again before refusing.
		if _, rerr := w.s.refresh(ctx); rerr == nil {
			st, fx, err = book.Receive(m.From, msg, time.Now())
		}
	}
	if err != nil {
		var ce *channel.Error
		if errors.As(err, &ce) && errors.Is(err, channel.ErrNotFound) {
			return nil // not one of my channels
		}
		if isStorageError(err) {
			return err // not persisted: do not acknowledge; the client retries
		}
		w.apply(func() {
			if _, ok := msg.(channel.CloseProposal); ok {
				w.note("warn", fmt.Sprintf("Your peer proposed to close channel %d with totals that do not match yours: not signed (%v). The channel stays open.", msg.ChannelID().Channel, err))
				return
			}
			w.note("error", "Refused a message for channel "+fmt.Sprint(msg.ChannelID().Channel)+": "+err.Error())
		})
		return nil
	}
	received := before.Received != nil && st.Received.Cmp(before.Received) > 0
	// The acknowledgement and the watchtower's copy go after the screen
	// shows the new state (both are sent after the save, as before): the
	// browser runs one goroutine at a time, and their encoding and sending
	// would otherwise run between the save and go-app's render.
	defer w.afterRender(func() {
		if len(fx.Send) > 0 {
			go w.s.send(context.Background(), st, fx.Send)
		}
		if received {
			// Persisted: now the watchtower may hold a copy.
			go w.s.handOff(context.Background(), st)
		}
	})
	for _, tx := range fx.Submit {
		w.carryOut(tx) // a countersigned Close; a payment received while Closing is claimed
	}
	perfmark.Mark(perfmark.Applied)
	w.apply(func() {
		perfmark.Mark(perfmark.UI)
		w.replaceState(st)
		if received {
			got := new(big.Int).Sub(st.Received, before.Received)
			w.note("ok", fmt.Sprintf("Received %s on channel %d", w.coins(got), st.ID.Channel))
		}
		switch msg.(type) {
		case channel.CloseProposal:
			w.note("info", fmt.Sprintf("Your peer proposed to close channel %d now with your balance %s: it matches your totals, so your wallet countersigned; the close is being submitted.",
				st.ID.Channel, w.coins(st.Balance())))
		case channel.CloseSignature:
			if len(fx.Submit) > 0 {
				w.note("info", fmt.Sprintf("Your peer countersigned the close of channel %d: submitting it.", st.ID.Channel))
			}
		}
	})
	return nil
}

// isStorageError reports whether err came from saving (retry later) rather
// than from a rule refusing the message.
func isStorageError(err error) bool {
	return strings.Contains(err.Error(), "browserstore:")
}

func (w *root) replaceState(st channel.State) {
	for i := range w.states {
		if w.states[i].ID == st.ID {
			w.states[i] = st
			return
		}
	}
	w.states = append(w.states, st)
}

func (w *root) stateOf(n uint64) (channel.State, bool) {
	for _, s := range w.states {
		if s.ID.Channel == n && (!w.haveCfg || s.ID == channelID(w.cfg, n)) {
			return s, true
		}
	}
	return channel.State{}, false
}

// note adds an in-app notice (UI goroutine only).
func (w *root) note(kind, text string) {
	w.notices = append(w.notices, notice{Kind: kind, Text: text})
	if len(w.notices) > 6 {
		w.notices = w.notices[len(w.notices)-6:]
	}
}

// coins formats wei as coins with the host's symbol.
func (w *root) coins(v *big.Int) string {
	return formatCoins(v, w.cfg.Decimals, w.cfg.Symbol)
}

// parseCoins parses a coin amount typed by the user.
func (w *root) parseCoins(s string) (*big.Int, error) {
	v, err := amount.Parse(strings.TrimSpace(s), w.decimals())
	if err != nil {
		return nil, fmt.Errorf("amount %q: %w", s, err)
	}
	return v, nil
}

func (w *root) decimals() int {
	if w.cfg.Decimals == 0 && w.cfg.Symbol == "" {
		return 18
	}
	return w.cfg.Decimals
}

// runTx runs a transaction in the background and shows its progress.
func (w *root) runTx(ctx app.Context, label string, fn func(context.Context, chainclient.Progress) error) {
	run := w.startTx(label, fn)
	ctx.Async(run)
}

// submitTx is runTx from any goroutine (a relay message asked for it).
func (w *root) submitTx(label string, fn func(context.Context, chainclient.Progress) error) {
	w.apply(func() { go w.startTx(label, fn)() })
}

// startTx adds the transaction to the list (UI goroutine) and returns the
// blocking function that sends it.
func (w *root) startTx(label string, fn func(context.Context, chainclient.Progress) error) func() {
	w.nextTx++
	n := w.nextTx
	w.txs = append(w.txs, txItem{N: n, Label: label, Stage: "signing"})
	if len(w.txs) > 8 {
		w.txs = w.txs[len(w.txs)-8:]
	}
	w.rev++
	progress := func(s chainclient.Stage, h common.Hash, err error) {
		w.apply(func() {
			for i := range w.txs {
				if w.txs[i].N != n {
					continue
				}
				w.txs[i].Stage = s.String()
				if h != (common.Hash{}) {
					w.txs[i].Hash = h.Hex()
				}
				if err != nil {
					w.txs[i].Err = err.Error()
				}
			}
		})
	}
	return func() {
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		if err := fn(cctx, progress); err != nil {
			w.apply(func() { w.note("error", label+" failed: "+err.Error()) })
		}
		w.tick(context.Background())
	}
}

// submitCooperativeClose sends cooperativeClose with both signatures: both
// balances are paid in this one transaction.
func (w *root) submitCooperativeClose(tx channel.CooperativeCloseTx) {
	_, cl, key, _, _ := w.s.snapshot()
	if cl == nil || key == nil {
		return
	}
	w.submitTx(fmt.Sprintf("Close channel %d by agreement", tx.ID.Channel), func(cctx context.Context, p chainclient.Progress) error {
		rc, err := cl.CooperativeClose(cctx, key.PrivateKey(), tx.ID.Channel, tx.AlicePaid, tx.BobPaid, tx.AliceSig[:], tx.BobSig[:], p)
		if err == nil {
			w.apply(func() {
				w.note("ok", fmt.Sprintf("Channel %d closed by agreement in block %d: both balances paid in one transaction.", tx.ID.Channel, rc.BlockNumber.Uint64()))
			})
		}
		var rev *chainclient.RevertError
		if errors.As(err, &rev) {
			// The Close will not land: the core falls back to closing alone.
			if _, _, _, book, _ := w.s.snapshot(); book != nil {
				if _, fx, ferr := book.CloseFailed(tx.ID, time.Now()); ferr == nil {
					for _, f := range fx.Submit {
						w.carryOut(f)
					}
				}
			}
		}
		return err
	})
}

// Render draws the header, the current screen, then notices and
// transactions. Activity comes after the screen so that a notice arriving
// never moves the screen's buttons under the user's pointer.
func (w *root) Render() app.UI {
	div := app.Div().Class("wallet").ID("wallet")
	if w.ready {
		div = div.DataSet("ready", "yes")
	}
	return div.Body(
		newHeader(w),
		app.Div().ID("screen").Body(w.screen()),
		newActivity(w),
	)
}

func (w *root) screen() app.UI {
	switch {
	case w.path == PathChannels:
		return newChannelList(w)
	case w.path == PathCreate:
		return newCreateForm(w)
	case w.path == PathJoin:
		return newJoinForm(w, w.query.Get("id"))
	case w.path == PathChannel:
		return newChannelScreen(w, w.query.Get("id"))
	case w.path == PathDev:
		return newDevPanel(w)
	default:
		return newKeyScreen(w)
	}
}
