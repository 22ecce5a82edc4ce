package ui

import (
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
)

// Notices belong to what they are about: a channel (shown on that
// channel's page only, and dropped once I withdrew from it), a page (the
// page the user was on when it was raised: "Mined 100 blocks" stays on the
// Dev page), or the whole wallet (a chain reset). Each can be dismissed and
// expires after its lifetime.

// DefaultNoticeLifetime is how long an "ok" or "info" notice is shown;
// warnings and errors stay twice as long. localStorage
// "paychan/setting/notice-ms" overrides it (tests).
const DefaultNoticeLifetime = time.Minute

// maxNotices is how many notices the wallet keeps (the oldest go first).
const maxNotices = 6

// notice is an in-app message (never alert()).
type notice struct {
	ID      int
	Kind    string // "ok", "error", "info", "warn"
	Text    string
	Channel uint64 // about this channel (0: not about one)
	Page    string // shown only on this page ("": every page); unused when Channel is set
	Expires time.Time

	// A payment's notice (notePayment) takes in the payments of its
	// channel and direction that follow while it is shown: merge names
	// them, sum and count are theirs.
	merge string
	sum   *big.Int
	count int
}

// lifetime is how long a notice of kind is shown, base being the "ok"
// lifetime.
func lifetime(kind string, base time.Duration) time.Duration {
	if kind == "error" || kind == "warn" {
		return 2 * base
	}
	return base
}

// shownOn reports whether n is shown on page path (channel: the ?id= of
// the channel page, 0 elsewhere) at time now.
func (n notice) shownOn(path string, channel uint64, now time.Time) bool {
	if !n.Expires.IsZero() && !now.Before(n.Expires) {
		return false
	}
	if n.Channel != 0 {
		return path == PathChannel && channel == n.Channel
	}
	return n.Page == "" || n.Page == path
}

// addNotice appends n (numbered, with its expiry from now) to ns, keeping
// the newest maxNotices; expired notices are dropped.
func addNotice(ns []notice, n notice, now time.Time) []notice {
	out := append(pruneNotices(ns, now), n)
	if len(out) > maxNotices {
		out = out[len(out)-maxNotices:]
	}
	return out
}

// pruneNotices drops the notices expired at now.
func pruneNotices(ns []notice, now time.Time) []notice {
	return withoutNotices(ns, func(n notice) bool { return !n.Expires.IsZero() && !now.Before(n.Expires) })
}

// withoutNotices returns ns without the notices drop selects.
func withoutNotices(ns []notice, drop func(notice) bool) []notice {
	out := ns[:0:0]
	for _, n := range ns {
		if !drop(n) {
			out = append(out, n)
		}
	}
	return out
}

// pageChannel is the channel whose page is shown (0 on other pages).
func (w *root) pageChannel() uint64 {
	if w.path != PathChannel {
		return 0
	}
	n, _ := strconv.ParseUint(w.query.Get("id"), 10, 64)
	return n
}

// noticeLifetime reads the "notice-ms" setting once.
func (w *root) noticeLifetime() time.Duration {
	if w.noticeLife == 0 {
		w.noticeLife = DefaultNoticeLifetime
		var ms int64
		if w.s != nil {
			if ok, _ := w.s.store.Setting("notice-ms", &ms); ok && ms > 0 {
				w.noticeLife = time.Duration(ms) * time.Millisecond
			}
		}
	}
	return w.noticeLife
}

// post adds n (UI goroutine) and re-renders when it expires.
func (w *root) post(n notice) {
	w.noticeSeq++
	n.ID = w.noticeSeq
	life := lifetime(n.Kind, w.noticeLifetime())
	now := time.Now()
	n.Expires = now.Add(life)
	w.notices = addNotice(w.notices, n, now)
	w.pruneAfter(life)
}

// pruneAfter drops the notices expired by then after d, with a render if
// any did (a payment's notice renewed since has not).
func (w *root) pruneAfter(d time.Duration) {
	if w.disp != nil {
		time.AfterFunc(d, func() {
			w.applyQuiet(func() {
				if len(pruneNotices(w.notices, time.Now())) != len(w.notices) {
					w.apply(func() { w.notices = pruneNotices(w.notices, time.Now()) })
				}
			})
		})
	}
}

// notePayment says that v was sent or received (verb "Sent" or
// "Received") on channel ch, in unit u: a payment while the notice of the
// last ones of that channel and direction is shown adds to it (its total,
// its count, a new lifetime, in its place) rather than adding a notice of
// its own, which pushed the others out, one by one, at each payment.
func (w *root) notePayment(ch uint64, verb string, u amount.Unit, v *big.Int) {
	key := verb + " " + strconv.FormatUint(ch, 10)
	now := time.Now()
	for i := range w.notices {
		n := &w.notices[i]
		if n.merge != key || !n.shownOn(PathChannel, ch, now) {
			continue
		}
		n.sum = new(big.Int).Add(n.sum, v)
		n.count++
		n.Text = paymentText(verb, u, v, n.sum, n.count, ch)
		life := lifetime(n.Kind, w.noticeLifetime())
		n.Expires = now.Add(life)
		w.pruneAfter(life)
		return
	}
	w.post(notice{Kind: "ok", Text: paymentText(verb, u, v, v, 1, ch), Channel: ch, merge: key, sum: v, count: 1})
}

// paymentText is notePayment's sentence: the last payment, v, and when it
// is not the only one, the count payments' sum.
func paymentText(verb string, u amount.Unit, v, sum *big.Int, count int, ch uint64) string {
	s := fmt.Sprintf("%s %s on channel %d", verb, coinsIn(u, v), ch)
	if count > 1 {
		s += fmt.Sprintf(" (%s in %d payments)", coinsIn(u, sum), count)
	}
	return s
}

// noteHere adds a notice about the page shown now: the channel on a
// channel's page, else the page itself (UI goroutine).
func (w *root) noteHere(kind, text string) {
	if ch := w.pageChannel(); ch != 0 {
		w.noteChannel(ch, kind, text)
		return
	}
	w.post(notice{Kind: kind, Text: text, Page: w.path})
}

// noteChannel adds a notice about channel ch (UI goroutine).
func (w *root) noteChannel(ch uint64, kind, text string) {
	w.post(notice{Kind: kind, Text: text, Channel: ch})
}

// noteAll adds a notice about the whole wallet, shown on every page (UI
// goroutine).
func (w *root) noteAll(kind, text string) {
	w.post(notice{Kind: kind, Text: text})
}

// noteMalformed says that a message from sender could not be read: one
// notice counts them all while it is shown (anyone can send such
// messages, and one notice each would push every other notice out). It
// reports whether it posted a new notice (else it updated the shown one).
func (w *root) noteMalformed(sender, why string) bool {
	const key = "malformed"
	now := time.Now()
	for i := range w.notices {
		n := &w.notices[i]
		if n.merge != key || !now.Before(n.Expires) {
			continue
		}
		n.count++
		n.Text = malformedText(n.count, sender, why)
		life := lifetime(n.Kind, w.noticeLifetime())
		n.Expires = now.Add(life)
		w.pruneAfter(life)
		return false
	}
	w.post(notice{Kind: "error", Text: malformedText(1, sender, why), merge: key, count: 1})
	return true
}

// malformedText is noteMalformed's sentence.
func malformedText(count int, sender, why string) string {
	if count == 1 {
		return "Ignored a malformed message from " + sender + ": " + why
	}
	return fmt.Sprintf("Ignored %d malformed messages; the last from %s: %s", count, sender, why)
}

// dismiss removes notice id (UI goroutine).
func (w *root) dismiss(id int) {
	w.notices = withoutNotices(w.notices, func(n notice) bool { return n.ID == id })
}

// forgetChannelNotices drops every notice about channel ch (after its
// withdraw: nothing more to say about it).
func (w *root) forgetChannelNotices(ch uint64) {
	w.notices = withoutNotices(w.notices, func(n notice) bool { return n.Channel == ch })
}

// shownNotices are the notices shown on the current page now.
func (w *root) shownNotices() []notice {
	path, ch, now := w.path, w.pageChannel(), time.Now()
	var shown []notice
	for _, n := range w.notices {
		if n.shownOn(path, ch, now) {
			shown = append(shown, n)
		}
	}
	return shown
}

// noticeList draws the notices shown (shownNotices), each with a dismiss
// button.
func (w *root) noticeList(shown []notice) app.UI {
	return app.Div().ID("notices").Body(
		app.Range(shown).Slice(func(i int) app.UI {
			n := shown[i]
			id := n.ID
			return app.Div().Class("notice "+n.Kind).ID(fmt.Sprintf("notice-%d", id)).Body(
				app.Span().Class("notice-text").Text(n.Text),
				app.Button().Class("dismiss").ID(fmt.Sprintf("dismiss-%d", id)).Title("Dismiss").Aria("label", "Dismiss notice").Text("×").
					// Scoped by the notice: go-app v9 keeps a row's
					// handler while its code is the same, so a row
					// that shows another notice after one went would
					// dismiss the one that went.
					OnClick(func(ctx app.Context, e app.Event) { w.apply(func() { w.dismiss(id) }) }, id),
			)
		}),
	)
}
