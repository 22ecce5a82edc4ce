package chainclient

import (
	"math/big"

	"paychan/app/channel"
)

// Events turns the channel as read on chain into the core's events, to be
// applied one by one with channel.ApplyEvent or Book.Apply. All are
// idempotent (totals are absolute and claims keep the maximum), so a wallet
// applies them on every refresh. head is the current block number.
//
// Once both parties have withdrawn, the contract deletes the deposits (a
// storage refund) and they read zero: those zeros are not reported, so they
// are never mistaken for a decrease. A wallet that never saw the deposits
// reads them from the Deposited events instead (Client.Deposits).
func (ch *Channel) Events(head uint64) []channel.Event {
	var evs []channel.Event
	if !(ch.AliceWithdrawn && ch.BobWithdrawn) {
		evs = append(evs,
			channel.Deposited{Party: channel.Alice, Total: ch.AliceDeposit},
			channel.Deposited{Party: channel.Bob, Total: ch.BobDeposit})
	}
	if ch.Status == StatusClosing || ch.Status == StatusClosed {
		if ch.AlicePaid.Sign() > 0 {
			evs = append(evs, channel.Claimed{Payer: channel.Alice, Paid: ch.AlicePaid, ClosesAt: ch.ClosesAt})
		}
		if ch.BobPaid.Sign() > 0 {
			evs = append(evs, channel.Claimed{Payer: channel.Bob, Paid: ch.BobPaid, ClosesAt: ch.ClosesAt})
		}
		evs = append(evs, channel.CloseStarted{ClosesAt: ch.ClosesAt})
	}
	if ch.AliceWithdrawn {
		evs = append(evs, channel.Withdrawn{Party: channel.Alice, Amount: new(big.Int)})
	}
	if ch.BobWithdrawn {
		evs = append(evs, channel.Withdrawn{Party: channel.Bob, Amount: new(big.Int)})
	}
	return append(evs, channel.Block{Number: head})
}
