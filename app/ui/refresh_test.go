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
		"state":         func(v *chainView) { v.States[0].Status = channel.Closing },
		"proven total":  func(v *chainView) { v.States[0].AliceOnChain = big.NewInt(2) },
		"close offer":   func(v *chainView) { v.States[0].Close.AlicePaid = big.NewInt(9) },
		"archived":      func(v *chainView) { v.Archived = []channel.ID{{Channel: 1}} },
		"no channels":   func(v *chainView) { v.Channels, v.States = nil, nil },
		"empty lists":   func(v *chainView) { v.Channels, v.States = map[uint64]*chainclient.Channel{}, []channel.State{} },
	} {
		if !w.changed(view(mut).fingerprint(nil)) {
			t.Errorf("a refresh showing a new %s was not applied", name)
		}
		w.changed(view(nil).fingerprint(nil)) // back to the base view
	}
	if !w.changed(view(nil).fingerprint(errors.New("offline"))) {
		t.Error("going offline was not applied")
	}
	w.changed(view(nil).fingerprint(nil))
	// Payments reach the page through the engine's notes: new totals alone
	// (a refresh during a stream of payments) are not applied.
	for name, mut := range map[string]func(*chainView){
		"sent":     func(v *chainView) { v.States[0].Sent = big.NewInt(2) },
		"received": func(v *chainView) { v.States[0].Received = big.NewInt(2) },
		"acked":    func(v *chainView) { v.States[0].PeerAcked = big.NewInt(1) },
		"history": func(v *chainView) {
			v.States[0].History = channel.History{{Amount: big.NewInt(1), Total: big.NewInt(2)}}
		},
	} {
		if w.changed(view(mut).fingerprint(nil)) {
			t.Errorf("a refresh showing only a new %s was applied (a render per tick during payments)", name)
		}
	}
}

// TestRefreshWithoutChannels: the start's refreshes (no key, or no
// channel) tell a list that is not there from an empty one (the apply
// reads the stored states again only for a list), without encoding them.
func TestRefreshWithoutChannels(t *testing.T) {
	w := &root{}
	var seen []string
	for _, v := range []chainView{
		{Head: 3},
		{Head: 3, Channels: map[uint64]*chainclient.Channel{}},
		{Head: 3, Channels: map[uint64]*chainclient.Channel{}, States: []channel.State{}},
	} {
		fp := v.fingerprint(nil)
		if !w.changed(fp) {
			t.Errorf("refresh %+v was not applied after %q", v, seen)
		}
		seen = append(seen, fp)
	}
}
