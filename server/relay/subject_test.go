package relay

import (
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestSubjectAndSenderForms checks that the mailbox subjects and sender
// headers keep the forms of the stored messages: lowercase hex subjects
// and EIP-55 senders.
func TestSubjectAndSenderForms(t *testing.T) {
	s := &JetStreamStore{prefix: subjectPrefix(DefaultStreamName)}
	for _, a := range []common.Address{common.HexToAddress("0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47"), {1}, {0xff, 0xab}} {
		if got, want := s.subject(a), "paychan_relay.mbox."+strings.ToLower(a.Hex()[2:]); got != want {
			t.Errorf("subject(%s) = %s; want %s", a.Hex(), got, want)
		}
		for range 2 { // computed, then remembered
			if got := s.hexOf(a); got != a.Hex() {
				t.Errorf("hexOf(%s) = %s", a.Hex(), got)
			}
		}
	}
}
