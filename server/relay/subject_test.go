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
		b := common.Address{0xbb}
		pair := s.pairSubject(a, b)
		if want := s.subject(a) + ".bb" + strings.Repeat("00", 19); pair != want {
			t.Errorf("pairSubject(%s, %s) = %s; want %s", a.Hex(), b.Hex(), pair, want)
		}
		if got := s.mailboxOf(pair); got != s.subject(a) {
			t.Errorf("mailboxOf(%s) = %s; want %s", pair, got, s.subject(a))
		}
		if got := s.mailboxOf(s.subject(a)); got != s.subject(a) {
			t.Errorf("mailboxOf(legacy %s) = %s", s.subject(a), got)
		}
		for range 2 { // computed, then remembered
			if got := s.hexOf(a); got != a.Hex() {
				t.Errorf("hexOf(%s) = %s", a.Hex(), got)
			}
		}
	}
}
