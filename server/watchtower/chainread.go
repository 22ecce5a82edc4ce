// Chain reads: a channel's state (wt.View) and token at one block.

package watchtower

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
	wt "paychan/app/watchtower"
)

// token reads the ERC-20 token of channel id at block head (zero for ether).
// A hand-off needs it (wt.Check takes a token channel only if the token is
// priced, and the payment it holds records the token); a poll does not.
func (w *Watchtower) token(ctx context.Context, id, head uint64) (common.Address, error) {
	opts := &bind.CallOpts{Context: ctx, BlockNumber: new(big.Int).SetUint64(head)}
	t, err := bind.Call(w.bound, opts, w.abi.PackToken(new(big.Int).SetUint64(id)), w.abi.UnpackToken)
	if err != nil {
		return t, fmt.Errorf("watchtower: token of channel %d: %w", id, err)
	}
	return t, nil
}

// view reads the contract's state of channel id at block head (not its
// token: see [Watchtower.token]).
func (w *Watchtower) view(ctx context.Context, id, head uint64) (wt.View, error) {
	opts := &bind.CallOpts{Context: ctx, BlockNumber: new(big.Int).SetUint64(head)}
	cid := new(big.Int).SetUint64(id)
	v := wt.View{Head: head}
	st, err := bind.Call(w.bound, opts, w.abi.PackStatus(cid), w.abi.UnpackStatus)
	if err != nil {
		return v, fmt.Errorf("watchtower: status of channel %d: %w", id, err)
	}
	if st > uint8(channel.Closed) {
		return v, fmt.Errorf("watchtower: status of channel %d: unknown value %d", id, st)
	}
	v.Status = channel.Status(st)
	if v.Status == 0 {
		return v, nil
	}
	parties, err := bind.Call(w.bound, opts, w.abi.PackParties(cid), w.abi.UnpackParties)
	if err != nil {
		return v, fmt.Errorf("watchtower: parties of channel %d: %w", id, err)
	}
	v.Alice = channel.Party{Account: parties.Alice, Signer: parties.AliceSigner}
	v.Bob = channel.Party{Account: parties.Bob, Signer: parties.BobSigner}
	paid, err := bind.Call(w.bound, opts, w.abi.PackPaid(cid), w.abi.UnpackPaid)
	if err != nil {
		return v, fmt.Errorf("watchtower: paid totals of channel %d: %w", id, err)
	}
	v.AlicePaid, v.BobPaid = paid.AlicePaid, paid.BobPaid
	if v.ClosesAt, err = bind.Call(w.bound, opts, w.abi.PackClosesAt(cid), w.abi.UnpackClosesAt); err != nil {
		return v, fmt.Errorf("watchtower: closesAt of channel %d: %w", id, err)
	}
	if v.Status != channel.Closing {
		return v, nil
	}
	dep, err := bind.Call(w.bound, opts, w.abi.PackDeposits(cid), w.abi.UnpackDeposits)
	if err != nil {
		return v, fmt.Errorf("watchtower: deposits of channel %d: %w", id, err)
	}
	v.AliceDeposit, v.BobDeposit = dep.Alice, dep.Bob
	if v.Period, err = bind.Call(w.bound, opts, w.abi.PackFinalizationBlocks(cid), w.abi.UnpackFinalizationBlocks); err != nil {
		return v, fmt.Errorf("watchtower: finalization period of channel %d: %w", id, err)
	}
	return v, nil
}
