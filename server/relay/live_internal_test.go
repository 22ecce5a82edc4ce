package relay

import (
	"log/slog"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestLiveStopsWhenTooManyStored: the record of stored messages awaiting
// their acknowledgement (which keeps live messages behind them) is
// bounded; past the bound live delivery stops, and every message is
// stored first.
func TestLiveStopsWhenTooManyStored(t *testing.T) {
	st, err := OpenJetStream(t.Context(), JetStreamOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h := newLiveHub(st, Limits{}.withDefaults(), slog.New(slog.DiscardHandler))
	if h == nil {
		t.Fatal("live delivery is off on the embedded store")
	}
	h.maxSlow = 3
	alice, bob := common.Address{1}, common.Address{2}
	for i := range 4 {
		if m, _ := h.send(Envelope{From: alice, To: bob, ID: string(rune('a' + i))}, false); m != nil {
			t.Fatal("live with no reader")
		}
	}
	if !h.off || len(h.slow) != 0 {
		t.Fatalf("after %d stored messages: off %v, %d pairs recorded; want off and none", 4, h.off, len(h.slow))
	}
	if h := newLiveHub(st, Limits{LiveWait: -1}.withDefaults(), slog.New(slog.DiscardHandler)); h != nil {
		t.Error("LiveWait < 0: live delivery is on")
	}
}
