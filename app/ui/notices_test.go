package ui

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestNoticeScope: a notice about channel 1 is shown on channel 1's page
// only; a page's notice on that page; a wallet-wide one everywhere; none
// after it expired.
func TestNoticeScope(t *testing.T) {
	now := time.Unix(1000, 0)
	later := now.Add(time.Minute)
	ch1 := notice{Channel: 1, Expires: later}
	dev := notice{Page: PathDev, Expires: later}
	all := notice{Expires: later}
	for _, tt := range []struct {
		name    string
		n       notice
		path    string
		channel uint64
		at      time.Time
		want    bool
	}{
		{"channel 1 on its page", ch1, PathChannel, 1, now, true},
		{"channel 1 on channel 2", ch1, PathChannel, 2, now, false},
		{"channel 1 on the Dev page", ch1, PathDev, 0, now, false},
		{"channel 1 on the key page", ch1, PathHome, 0, now, false},
		{"Dev page's on the Dev page", dev, PathDev, 0, now, true},
		{"Dev page's on a channel", dev, PathChannel, 1, now, false},
		{"wallet-wide on the Dev page", all, PathDev, 0, now, true},
		{"wallet-wide on a channel", all, PathChannel, 1, now, true},
		{"expired", all, PathDev, 0, later, false},
	} {
		if got := tt.n.shownOn(tt.path, tt.channel, tt.at); got != tt.want {
			t.Errorf("%s: shownOn(%q, %d) = %v; want %v", tt.name, tt.path, tt.channel, got, tt.want)
		}
	}
}

// TestNoticeListKeepsNewest: adding drops expired notices and keeps the
// newest maxNotices; withoutNotices drops a channel's notices.
func TestNoticeListKeepsNewest(t *testing.T) {
	now := time.Unix(1000, 0)
	var ns []notice
	ns = addNotice(ns, notice{ID: 1, Expires: now.Add(time.Second)}, now)
	for i := 2; i <= 9; i++ {
		ns = addNotice(ns, notice{ID: i, Channel: uint64(i % 2), Expires: now.Add(time.Hour)}, now.Add(2*time.Second))
	}
	ids := func(ns []notice) []int {
		var out []int
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	if diff := cmp.Diff([]int{4, 5, 6, 7, 8, 9}, ids(ns)); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	ns = withoutNotices(ns, func(n notice) bool { return n.Channel == 1 })
	if diff := cmp.Diff([]int{4, 6, 8}, ids(ns)); diff != "" {
		t.Errorf("after dropping channel 1 (-want +got):\n%s", diff)
	}
	if got := pruneNotices(ns, now.Add(2*time.Hour)); len(got) != 0 {
		t.Errorf("pruned = %v; want none", ids(got))
	}
	if lifetime("error", time.Second) <= lifetime("ok", time.Second) {
		t.Error("errors do not stay longer than ok notices")
	}
}

// TestCloseWords: both ways of closing say what they take: Close now one
// transaction and no waiting; alone the finalization period in blocks.
func TestCloseWords(t *testing.T) {
	st, _ := mustBobState(t, eth(20), eth(0))
	now, alone := closeWords(120, st.Received, wordsFor(st, ethUnit), "ETH")
	for _, want := range []string{"both sign", "one transaction", "no waiting"} {
		if !strings.Contains(now, want) {
			t.Errorf("close now = %q; want it to say %q", now, want)
		}
	}
	for _, want := range []string{"Claim 20 ETH", "120 blocks", "withdraw", "fee in ETH"} {
		if !strings.Contains(alone, want) {
			t.Errorf("alone = %q; want it to say %q", alone, want)
		}
	}
	_, alone = closeWords(0, new(big.Int), wordsFor(st, ethUnit), "")
	if !strings.HasPrefix(alone, "Start closing") || strings.Contains(alone, "0 blocks") {
		t.Errorf("alone with nothing received = %q", alone)
	}
}

// TestPaymentNoticesAddUp: the payments of one channel and direction add
// to one notice while it is shown (same notice, same row: its total and
// count), other channels and directions have their own, and a payment
// after the notice was dismissed or expired starts a new one.
func TestPaymentNoticesAddUp(t *testing.T) {
	w := &root{noticeLife: time.Minute}
	cent := big.NewInt(1e16) // 0.01 ETH
	w.notePayment(1, "Received", ethUnit, cent)
	first := w.notices[0].ID
	w.notePayment(1, "Received", ethUnit, cent)
	w.notePayment(2, "Received", ethUnit, cent)
	w.notePayment(1, "Sent", ethUnit, big.NewInt(2e16))
	w.notePayment(1, "Received", ethUnit, cent)
	texts := func() []string {
		var out []string
		for _, n := range w.notices {
			out = append(out, n.Text)
		}
		return out
	}
	want := []string{"Received 0.01 ETH on channel 1 (0.03 ETH in 3 payments)", "Received 0.01 ETH on channel 2", "Sent 0.02 ETH on channel 1"}
	if diff := cmp.Diff(want, texts()); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
	if w.notices[0].ID != first {
		t.Errorf("the added-up notice is notice %d; want the first one, %d", w.notices[0].ID, first)
	}
	w.dismiss(first)
	w.notePayment(1, "Received", ethUnit, cent)
	w.notices[len(w.notices)-1].Expires = time.Now().Add(-time.Second) // expired
	w.notePayment(1, "Received", ethUnit, cent)
	want = []string{"Received 0.01 ETH on channel 2", "Sent 0.02 ETH on channel 1", "Received 0.01 ETH on channel 1"}
	if diff := cmp.Diff(want, texts()); diff != "" {
		t.Errorf("after a dismiss and an expiry (-want +got):\n%s", diff)
	}
}
