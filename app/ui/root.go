package ui

import (
	"context"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/browserstore"
	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/app/perfmark"
	"paychan/app/warmup"
)

// root is the wallet's root component, mounted on every route: it owns the
// node and the state every screen renders. Its fields change only in
// dispatched functions (apply); each change bumps rev, which is passed to
// the screens so they update.
type root struct {
	app.Compo

	disp app.Dispatcher
	s    *node
	rev  int

	path  string
	query url.Values
	ready bool // mounted in the browser (not prerendered)
	// built: the first mount is over (OnMount ran); mountTurn.
	built bool

	online   bool
	relay    string // relay connection state
	cfg      hostapi.Config
	haveCfg  bool
	netKnown bool // the host was tried once: online says whether it answered
	account  browserstore.Account
	hasKey   bool
	unlocked bool
	// warmedPayments: the after-unlock warm-up ran (once per page).
	warmedPayments bool
	newWIF         string // a freshly created key's WIF, shown once

	balance *big.Int
	head    uint64
	states  []channel.State
	chain   map[uint64]*chainclient.Channel
	txs     []txItem
	notices []notice
	nextTx  int
	// noticeSeq numbers the notices; noticeLife is their lifetime
	// (notices.go).
	noticeSeq  int
	noticeLife time.Duration
	// bg lives as long as the mounted root; stopRefresh cancels it.
	bg          context.Context
	stopRefresh context.CancelFunc

	// The watchtower's last answer per channel, and the user's opt-in.
	protect map[channel.ID]browserstore.Protection
	// protectView is the channel screen's watchtower line while mounted
	// (watch.go showProtection renders it alone).
	protectView *protectionView
	optIn       bool
	// Cooperative closes I proposed: when, and whether the peer failed to
	// answer within closeTimeout (then the unilateral path is offered).
	closeAsked    map[uint64]time.Time
	closeTimedOut map[uint64]bool
	closeTimeout  time.Duration

	// renderedAt is when apply last asked for a render. renderQueued: a
	// payment's render is due (renderPayment), unless rev moved past
	// renderRev; renderAfter runs after it.
	renderedAt   time.Time
	renderQueued bool
	renderRev    int
	renderAfter  []func()
	// turnAfter run after the render of payments that wait for the page's
	// turn (renderPayment, afterPageTurn).
	turnAfter []func()
	// later runs f after d on some goroutine (nil: time.AfterFunc), and
	// clock tells the time (nil: time.Now); tests set both. pageTurn runs
	// f on the UI goroutine once the page has had its turn (nil: see
	// afterPageTurn); tests set it.
	later    func(d time.Duration, f func())
	clock    func() time.Time
	pageTurn func(f func())

	// lastTick is what the last applied refresh showed (tickMu): a
	// refresh that reads the same is not applied, so an idle wallet does
	// not re-render every second.
	tickMu   sync.Mutex
	lastTick string
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

func newRoot() *root { return &root{} }

// OnInit runs before the root's first render and mount, in the task in
// which go-app's engine starts (its settings, listeners and the state
// store's sweep of localStorage, 16-20 ms on this machine's Chromium). On a
// page it lets the browser have its turn first (mountTurn), so that the
// engine's start and the wallet's first mount (building the whole screen,
// 21-26 ms) are two tasks rather than one long one: a phone, four times
// slower, could not answer a tap during either.
func (w *root) OnInit() { w.mountTurn("start") }

// mountTurn gives the page its turn before a part of the wallet's first
// screen is built: the root (so that go-app's engine start and the mount
// are two tasks), the screens and the notices call it in their OnInit, and
// OnMount before it starts the node. go-app builds the first screen's
// elements one syscall/js call at a time and puts them on the page only
// when all are built (the prerendered page stays until then), so the turns
// cut what was one task of 22-28 ms on this machine's Chromium, 50 ms
// under Lighthouse's recording and four times that on the phone it
// simulates, into several. Only the first mount waits (w.built is set by
// OnMount): a screen opened later is built at once.
func (w *root) mountTurn(part string) {
	if w == nil || w.built {
		return
	}
	partTurn(part)
}

// partTurn is mountTurn's wait (tests replace it): none when prerendering
// or in a worker's warm-up.
var partTurn = func(string) {
	if app.IsClient && !warmingUp {
		YieldToBrowser()
	}
}

// OnMount starts the node in the browser (not while prerendering).
func (w *root) OnMount(ctx app.Context) {
	// One URL: go-app's Page().URL() reads and parses the page's location
	// at each call.
	u := ctx.Page().URL()
	w.path, w.query = u.Path, u.Query()
	// The first screen is on the page: the node's start and the render it
	// causes come in a task of their own.
	w.mountTurn("mounted")
	w.built = true
	if app.IsServer || warmingUp {
		return
	}
	w.disp = ctx.Dispatcher()
	// A user timing the bench's Lighthouse section looks for: its trace
	// holds the wallet's start-up only if this mark is in it.
	app.Window().Get("performance").Call("mark", WalletMountedMark)
	keepFormsInPage()
	w.s = newNode(u.Scheme+"://"+u.Host, browserstore.New(browserstore.Local(ctx.LocalStorage())))
	// The engine's notifications and transactions update the view.
	w.s.notify, w.s.progress = w.onNote, w.txProgress
	w.ready = true
	w.load()
	w.bg, w.stopRefresh = context.WithCancel(context.Background())
	// The refresh loop starts after the page's turn, in a task of its own
	// (the first render is one already).
	ctx.Async(func() {
		YieldToBrowser()
		w.boot(w.bg)
	})
	// Run the payment path once in memory (app/warmup: secp256k1's
	// precomputed table, the JSON codecs, the browser's compilation of the
	// code), so the first payment is as fast as the next. Go in the
	// browser runs one goroutine at a time: the short sleep lets the first
	// render reach the screen first, and the table and the warm-up run in
	// slices with the page's turn between them (YieldToBrowser), so the
	// page answers input while they run; they end long before a key can
	// be unlocked (scrypt) and a payment made.
	ctx.Async(func() {
		time.Sleep(warmupDelay)
		YieldToBrowser()
		if PrepareTable != nil {
			PrepareTable(YieldToBrowser)
		}
		if err := warmup.RunSliced(YieldToBrowser); err != nil {
			app.Logf("warm-up: %v", err)
		}
		perfmark.Mark(perfmark.Warm)
	})
}

// WalletMountedMark is the performance.mark the wallet makes when its
// first render is on the page (bench/lighthouse.go reads it).
const WalletMountedMark = "paychan:wallet-mounted"

// warmupDelay is how long after the first mount the warm-up starts.
const warmupDelay = 50 * time.Millisecond

// PrepareTable, set by wasm/main.go to app/basepoints' Prepare, builds
// secp256k1's k·G table in slices before the warm-up signs (the host,
// which prerenders this package, keeps the library's own table).
var PrepareTable func(yield func())

// YieldToBrowser lets the browser run (draw, answer input) before the
// calling goroutine goes on: WebAssembly Go returns to the page only when
// every goroutine waits. It waits for a JavaScript timeout of 0
// (yieldToPage), not a Go timer: a timer that ran out while another
// goroutine worked does not hand the page back, so on a slow phone the
// start-up's slices ran as one long task. wasm/main.go calls it between
// the package inits and the first render.
func YieldToBrowser() {
	if !app.IsClient {
		return
	}
	yieldToPage(context.Background())
}

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
	u := ctx.Page().URL()
	w.path, w.query = u.Path, u.Query()
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
		w.renderedAt = w.now()
	}})
}

func (w *root) now() time.Time {
	if w.clock != nil {
		return w.clock()
	}
	return time.Now()
}

// applyQuiet runs fn on the UI goroutine without a render: for a change
// no screen shows (the next render shows the state fn left). It may be
// called from any goroutine.
func (w *root) applyQuiet(fn func()) {
	if w.disp == nil {
		return
	}
	w.disp.Dispatch(app.Dispatch{Mode: app.Next, Source: w, Function: func(app.Context) { fn() }})
}

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
	w.states = storedStates(st)
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

// unlocked is called (on the UI goroutine) once the key is open.
func (w *root) onUnlocked(qtum, signer string) {
	w.hasKey, w.unlocked = true, true
	w.account = browserstore.Account{Qtum: qtum, Signer: signer}
	w.load()
	w.s.connectRelay(w.onRelayState)
	if !w.warmedPayments {
		// The payment path, many times over in memory, so that the
		// browser has optimised its code before the first payments
		// (warmup.Rounds), in slices with the page's turn between them.
		w.warmedPayments = true
		// And the channel screen's renders and more payments, in a
		// worker (app.js starts it; WarmUpChannel), at the same time.
		if app.IsClient {
			if f := app.Window().Get("paychanWarmChannel"); f.Type() == app.TypeFunction {
				f.Invoke()
			}
		}
		go func() {
			if err := warmup.Rounds(unlockWarmupRounds, YieldToBrowser, paymentSeen.Load); err != nil {
				app.Logf("warm-up after unlock: %v", err)
			}
		}()
	}
}

// unlockWarmupRounds is how many in-memory payments the wallet makes once
// a key is unlocked; they stop at the first real payment (paymentSeen).
const unlockWarmupRounds = 30

// storedStates reads every channel's state from the browser's store: the
// engine persists a state before it tells the view, so this is never older
// than what the view shows.
func storedStates(st *browserstore.Store) []channel.State {
	var states []channel.State
	if ids, err := st.ListChannels(); err == nil {
		for _, id := range ids {
			if s, err := st.LoadChannel(id); err == nil {
				states = append(states, s)
			}
		}
	}
	return states
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

// note adds an in-app notice about the page shown (UI goroutine only; see
// notices.go for notices about a channel or the whole wallet).
func (w *root) note(kind, text string) { w.noteHere(kind, text) }

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
	case w.path == PathPay:
		return newPayRequestScreen(w, w.query.Encode())
	default:
		return newKeyScreen(w)
	}
}
