package ui

import (
	"errors"
	"math/big"
	"testing"

	"paychan/app/chainclient"
	"paychan/app/channel"
)

// TestRefreshAppliedOnlyWhenChanged: a refresh that reads what the last
// one read is not applied (no re-render of an idle wallet every second);
// any change it shows (head, balance, a channel on chain, a state, going
// offline) is.
func TestRefreshAppliedOnlyWhenChanged(t *testing.T) {
	view := func(mut func(*chainView)) chainView {
		v := chainView{Head: 7, Balance: big.NewInt(5),
			Channels: map[uint64]*chainclient.Channel{1: {ID: 1, AlicePaid: big.NewInt(3)}},
			States:   []channel.State{{Sent: big.NewInt(1), Close: &channel.CloseOffer{AlicePaid: big.NewInt(2)}}}}
		if mut != nil {
			mut(&v)
		}
		return v
	}
	w := &root{}
	if !w.changed(view(nil).fingerprint(nil)) {
		t.Fatal("the first refresh was not applied")
	}
	if w.changed(view(nil).fingerprint(nil)) {
		t.Fatal("a refresh that read the same was applied")
	}
	for name, mut := range map[string]func(*chainView){
		"head":          func(v *chainView) { v.Head++ },
		"balance":       func(v *chainView) { v.Balance = big.NewInt(6) },
		"chain channel": func(v *chainView) { v.Channels[1].AlicePaid = big.NewInt(4) },
		"state":         func(v *chainView) { v.States[0].Sent = big.NewInt(2) },
		"close offer":   func(v *chainView) { v.States[0].Close.AlicePaid = big.NewInt(9) },
		"archived":      func(v *chainView) { v.Archived = []channel.ID{{Channel: 1}} },
	} {
		if !w.changed(view(mut).fingerprint(nil)) {
			t.Errorf("a refresh showing a new %s was not applied", name)
		}
		w.changed(view(nil).fingerprint(nil)) // back to the base view
	}
	if !w.changed(view(nil).fingerprint(errors.New("offline"))) {
		t.Error("going offline was not applied")
	}
}
