package browserstore

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"

	"paychan/app/channel"
	"paychan/internal/testkit/seed"
)

// TestPeerNameSurvivesReloadAndForget: the peer's typed address and name
// survive a reload (a new Store over the same storage) and go with Forget.
func TestPeerNameSurvivesReloadAndForget(t *testing.T) {
	ls := mapStorage{}
	alice := mustKey(t, aliceWIF)
	bobSigner := common.HexToAddress(seed.BobSigner)
	id := channel.ID{Domain: channel.Domain{ChainID: 1337, Contract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}, Channel: 3}
	s, err := channel.NewState(id, channel.Alice, channel.Party{Account: alice.Signer(), Signer: alice.Signer()}, channel.Party{Account: bobSigner, Signer: bobSigner})
	if err != nil {
		t.Fatal(err)
	}
	if err := New(ls).SaveChannel(s); err != nil {
		t.Fatal(err)
	}
	want := Peer{Address: seed.BobQtum, Name: "Bob's café"}
	if err := New(ls).SavePeer(id, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := New(ls).LoadPeer(id)
	if err != nil || !ok {
		t.Fatalf("LoadPeer = %v, %v, %v; want it stored", got, ok, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadPeer (-want +got):\n%s", diff)
	}
	New(ls).Forget()
	if _, ok, _ := New(ls).LoadPeer(id); ok {
		t.Error("the peer's name survived Forget")
	}
}
