package engine

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
	"paychan/app/watchtower"
)

// RelayTower is the Watchtower port over the relay: it sends the host's
// watchtower (at Addr) my best received payment as a hand-off message
// (watchtower.EncodeHandOff); the watchtower's replies arrive through the
// relay and are reported as WatchReply notes.
type RelayTower struct {
	Relay Relay
	Addr  common.Address
}

var _ Watchtower = RelayTower{}

// HandOff implements Watchtower.
func (t RelayTower) HandOff(ctx context.Context, st channel.State) error {
	if st.Received == nil || st.Received.Sign() == 0 || st.ReceivedSig.IsZero() {
		return nil
	}
	data, err := watchtower.EncodeHandOff(channel.Payment{ID: st.ID, Paid: st.Received, Sig: st.ReceivedSig})
	if err != nil {
		return err
	}
	if _, err := t.Relay.Send(ctx, t.Addr, data); err != nil {
		return fmt.Errorf("hand the payment to the watchtower: %w", err)
	}
	return nil
}
