package ui

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/browserstore"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/watchtower"
)

// watchtowerAddr returns the host's watchtower (from /config.json) and
// whether the user lets the wallet hand payments to it.
func (s *node) watchtowerAddr() (addr common.Address, on bool) {
	cfg, _, _, _, _ := s.snapshot()
	if cfg.Watchtower == "" || !common.IsHexAddress(cfg.Watchtower) {
		return common.Address{}, false
	}
	return common.HexToAddress(cfg.Watchtower), s.store.WatchtowerOptIn()
}

// HandOff implements engine.Watchtower: it sends my best received payment
// of st to the host's watchtower (the engine calls it after it was
// persisted) if the user lets the wallet do so. It is idempotent: the
// watchtower answers a resent payment with total_equal, which counts as
// protected.
func (s *node) HandOff(ctx context.Context, st channel.State) error {
	addr, on := s.watchtowerAddr()
	if !on || st.Status == channel.Closed || st.Received == nil || st.Received.Sign() == 0 || st.ReceivedSig.IsZero() {
		return nil
	}
	_, _, _, _, r := s.snapshot()
	if r == nil {
		return errors.New("not connected to the relay")
	}
	data, err := watchtower.EncodeHandOff(channel.Payment{ID: st.ID, Paid: st.Received, Sig: st.ReceivedSig})
	if err != nil {
		return err
	}
	if p, ok, _ := s.store.LoadProtection(st.ID); !ok || p.Paid != st.Received.String() {
		// Pending until the reply: keep an earlier protection's figures.
		s.store.SaveProtection(st.ID, browserstore.Protection{Paid: st.Received.String(), Watchtower: addr.Hex(),
			Protected: false, Until: 0, Refused: "", Code: ""})
	}
	if _, err := r.Send(ctx, addr, data); err != nil {
		return fmt.Errorf("hand the payment to the watchtower: %w", err)
	}
	return nil
}

var _ engine.Watchtower = (*node)(nil)

// watchReply applies a reply of the watchtower to the stored protection
// record. Replies are matched by content (channel and total), as the relay
// may deliver a reply twice or late: a reply about a lower total than the
// one recorded never overwrites it.
func (s *node) watchReply(payload []byte) (channel.ID, browserstore.Protection, error) {
	r, err := watchtower.DecodeReply(payload)
	if err != nil {
		return channel.ID{}, browserstore.Protection{}, fmt.Errorf("unreadable reply from the watchtower: %w", err)
	}
	var id channel.ID
	var p browserstore.Protection
	switch r := r.(type) {
	case *watchtower.Accepted:
		id = r.ID
		p = browserstore.Protection{Paid: r.Paid.String(), Protected: true, Until: r.ProtectedUntil}
	case *watchtower.Refused:
		if r.ID == nil {
			return id, p, fmt.Errorf("the watchtower refused a hand-off: %s", r.Message)
		}
		id = *r.ID
		paid := r.Paid
		switch r.Code {
		case watchtower.CodeTotalEqual, watchtower.CodeTotalLower, watchtower.CodeTotalOnChain:
			if r.Held != nil {
				paid = r.Held
			}
			p = browserstore.Protection{Protected: true}
		default:
			p = browserstore.Protection{Refused: r.Message, Code: r.Code}
		}
		if paid == nil {
			paid = new(big.Int)
		}
		p.Paid = paid.String()
	}
	addr, _ := s.watchtowerAddr()
	p.Watchtower = addr.Hex()
	cur, have, _ := s.store.LoadProtection(id)
	p = mergeProtection(cur, have, p)
	if err := s.store.SaveProtection(id, p); err != nil {
		return id, p, err
	}
	return id, p, nil
}

// mergeProtection decides what the record becomes after a reply: a
// protection of a lower total than recorded is ignored (late duplicate),
// an equal one keeps the known deadline, a refusal replaces the record
// only when it is about the recorded total or a higher one.
func mergeProtection(cur browserstore.Protection, have bool, p browserstore.Protection) browserstore.Protection {
	if !have {
		return p
	}
	curPaid, _ := new(big.Int).SetString(cur.Paid, 10)
	newPaid, _ := new(big.Int).SetString(p.Paid, 10)
	if curPaid == nil || newPaid == nil {
		return p
	}
	switch c := newPaid.Cmp(curPaid); {
	case c < 0:
		return cur
	case c == 0 && p.Protected && cur.Protected && p.Until == 0:
		p.Until = cur.Until
	case c == 0 && !p.Protected && cur.Protected:
		// Protected, and the watchtower now says it cannot do more (the
		// channel closed, or no block is left): keep the protection.
		return cur
	}
	return p
}

// protectionText is the channel screen's line about the watchtower.
func protectionText(st channel.State, p browserstore.Protection, have, hasTower, optIn bool, coins func(*big.Int) string) string {
	switch {
	case !hasTower:
		return "this host runs no watchtower"
	case !optIn:
		return "not protected: hand-off to the host is off"
	case st.Received == nil || st.Received.Sign() == 0:
		return "nothing to protect yet"
	case !have:
		return "handing " + coins(st.Received) + " to the host…"
	}
	if p.Refused != "" {
		if p.Code == watchtower.CodeUnfunded {
			return "not protected: the host's watchtower is not funded"
		}
		return "not protected: " + p.Refused
	}
	// A held total above mine (an older backup restored) protects me too.
	if held, ok := new(big.Int).SetString(p.Paid, 10); !p.Protected || !ok || held.Cmp(st.Received) < 0 {
		return "handing " + coins(st.Received) + " to the host…"
	}
	until := p.Until
	if until == 0 && st.Status == channel.Closing && st.ClosesAt > 0 {
		until = st.ClosesAt - 1
	}
	if until > 0 {
		return fmt.Sprintf("protected by the host until block %d", until)
	}
	return "protected by the host"
}

// protectionView is the channel screen's line about the watchtower, a
// component of its own: the watchtower's reply to each received payment's
// hand-off changes only this line, and it renders it alone (applyQuiet and
// Update) instead of the whole wallet a second time per payment.
type protectionView struct {
	app.Compo
	W       *root
	Channel uint64
	Text    string
}

// OnMount registers the view shown, for showProtection.
func (v *protectionView) OnMount(app.Context) { v.W.protectView = v }

// OnDismount forgets it.
func (v *protectionView) OnDismount() {
	if v.W.protectView == v {
		v.W.protectView = nil
	}
}

func (v *protectionView) Render() app.UI {
	return app.Span().Class("v").ID("protection").Text(v.Text)
}

// protectionLine is the watchtower line of channel st as the screen shows
// it (UI goroutine).
func (w *root) protectionLine(st channel.State) string {
	p, have := w.protect[st.ID]
	return protectionText(st, p, have, w.cfg.Watchtower != "", w.optIn, w.unitOf(st).Format)
}

// showProtection records the watchtower's answer about channel id and
// renders the line that shows it, if shown: nothing else on any screen
// depends on it (UI goroutine).
func (w *root) showProtection(id channel.ID, p browserstore.Protection) {
	if w.protect == nil {
		w.protect = map[channel.ID]browserstore.Protection{}
	}
	w.protect[id] = p
	v := w.protectView
	if v == nil || v.Channel != id.Channel {
		return
	}
	st, ok := w.stateOf(id.Channel)
	if !ok || st.ID != id {
		return
	}
	if text := w.protectionLine(st); text != v.Text {
		v.Text = text
		v.Update()
	}
}
