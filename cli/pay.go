package main

import (
	"context"
	"errors"
	"fmt"

	"paychan/app/channel"
)

func (a *app) cmdPay(ctx context.Context, args []string) error {
	n, v, known, err := a.idAmount(ctx, "pay", args, a.connectRelay)
	if err != nil {
		return err
	}
	st, err := a.eng.Pay(ctx, a.id(n), v)
	var over *channel.OverdrawError
	switch {
	case errors.Is(err, channel.ErrNotOpen):
		return fmt.Errorf("channel %d is %s: payments are closed", n, known.Status)
	case errors.As(err, &over):
		return fmt.Errorf("cannot pay %s on channel %d: your balance there is only %s", a.in(known, v), n, a.in(known, known.Balance()))
	case errors.Is(err, channel.ErrCloseSigned):
		// The core refuses it (a payment after a signed Close could be
		// undone by submitting the Close); say it in the user's words.
		return fmt.Errorf("channel %d is closing by agreement (you signed a cooperative close): no more payments are sent or accepted in it", n)
	case err != nil:
		return fmt.Errorf("pay on channel %d: %w", n, err)
	}
	a.printf("paid %s on channel %d: total sent %s, my balance %s\n", a.in(st, v), n, a.in(st, st.Sent), a.in(st, st.Balance()))
	return nil
}
