package ui

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/chainclient"
	"paychan/app/channel"
)

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
			w.apply(func() { w.online, w.netKnown = false, true; w.cfg = cfg; w.haveCfg = cfg.ChainID != 0 })
			return
		}
		w.apply(func() { w.cfg, w.haveCfg = cfg, true })
		// The first refresh (its request's encoding and fetch) waits for
		// the render the configuration causes and then the page's turn:
		// they were one task of 33-37 ms under Lighthouse's recording.
		if !w.awaitRender(ctx) {
			return
		}
	}
	// The key may have been unlocked before the configuration arrived.
	w.s.connectRelay(w.onRelayState)
	v, err := w.s.refresh(cctx)
	if fp := v.fingerprint(err); !w.changed(fp) {
		return
	}
	w.apply(func() {
		w.netKnown = true
		if err != nil && errors.Is(err, errOffline) {
			w.online = false
			return
		}
		w.online = true
		if len(v.Archived) > 0 {
			w.noteAll("warn", archivedNotice(v.Archived))
		}
		if err != nil {
			return
		}
		w.head = v.Head
		if v.Balance != nil {
			w.balance = v.Balance
		}
		if v.States != nil {
			// Read again now, not v.States: a payment applied while the
			// refresh read the chain is newer than its snapshot, and the
			// page (live.go) already shows it.
			w.states = storedStates(w.s.store)
		}
		if w.chain == nil {
			w.chain = map[uint64]*chainclient.Channel{}
		}
		for id, ch := range v.Channels {
			w.chain[id] = ch
		}
	})
}

// awaitRender returns once go-app has rendered what was dispatched before
// the call and the page has had its turn after that render (at once
// outside a browser), or false if ctx ended first. Not on the UI goroutine.
func (w *root) awaitRender(ctx context.Context) bool {
	if !app.IsClient || w.disp == nil {
		return ctx.Err() == nil
	}
	rendered := make(chan struct{})
	w.afterRender(func() { close(rendered) })
	select {
	case <-rendered:
	case <-ctx.Done():
		return false
	}
	YieldToBrowser()
	return ctx.Err() == nil
}

// changed records fp as the last refresh's and reports whether it differs
// from the one before ("" always differs).
func (w *root) changed(fp string) bool {
	w.tickMu.Lock()
	defer w.tickMu.Unlock()
	if fp != "" && fp == w.lastTick {
		return false
	}
	w.lastTick = fp
	return true
}

// fingerprint is everything a refresh's apply shows from v and err, as
// text: two refreshes with the same fingerprint show the same page. (JSON
// for the channels and states: every field, pointers followed, but the
// payments' own: see chainFacts.)
func (v chainView) fingerprint(err error) string {
	// Written without fmt: at the wallet's start its first use here took
	// 3-13 ms of the page's task under Lighthouse's recording.
	var b strings.Builder
	if err != nil {
		b.WriteString("error ")
		b.WriteString(err.Error())
	}
	b.WriteByte('|')
	b.WriteString(strconv.FormatUint(v.Head, 10))
	b.WriteByte('|')
	if v.Balance != nil {
		b.WriteString(v.Balance.String())
	}
	b.WriteByte('|')
	for _, id := range v.Archived {
		b.WriteString(id.String())
		b.WriteByte(',')
	}
	b.WriteByte('|')
	if len(v.Channels) == 0 && len(v.States) == 0 {
		// Nothing to encode (no key yet, or no channel): the wallet's start
		// does not build JSON's encoders of the channels here, a long task
		// in the browser.
		b.WriteString(strconv.FormatBool(v.Channels == nil))
		b.WriteByte('|')
		b.WriteString(strconv.FormatBool(v.States == nil))
		return b.String()
	}
	facts := make([]channel.State, len(v.States))
	for i, st := range v.States {
		facts[i] = chainFacts(st)
	}
	js, jerr := json.Marshal(struct {
		C map[uint64]*chainclient.Channel
		S []channel.State
	}{v.Channels, facts})
	if jerr != nil {
		return "" // never equal to a real one: the refresh is applied
	}
	b.Write(js)
	return b.String()
}

// chainFacts is st without what payments change (the totals, their
// signatures, what the peer acknowledged, the history): a payment reaches
// the page through the engine's note of it (engineview.go) the moment it
// is saved, so a refresh during a stream of payments, which finds new
// totals at every tick, is not applied (a render of the whole wallet each
// second, on both pages). What the chain and the close rules change
// (deposits, status, totals proven on chain, withdrawals, the close
// record) still is.
func chainFacts(st channel.State) channel.State {
	st.Sent, st.SentSig, st.Received, st.ReceivedSig, st.PeerAcked = nil, channel.Signature{}, nil, channel.Signature{}, nil
	st.History = nil
	return st
}
