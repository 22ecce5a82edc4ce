package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"time"

	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/hostapi"
	"paychan/app/wallet"
	"paychan/cli/node"
)

// syncChannel reads channel n from the chain, adds it to the book if add is
// set (refusing a channel I am not part of) and applies what the chain
// says. It returns the updated state and the chain's view.
func (a *app) syncChannel(ctx context.Context, n uint64, add bool) (channel.State, *chainclient.Channel, error) {
	ch, err := a.chain.Channel(ctx, n)
	if errors.Is(err, chainclient.ErrNoChannel) {
		return channel.State{}, nil, fmt.Errorf("channel %d does not exist on contract %s", n, a.cfg.Contract)
	}
	if err != nil {
		return channel.State{}, nil, err
	}
	id := a.id(n)
	if _, err := a.node.Book.Get(id); errors.Is(err, channel.ErrNotFound) {
		if !add {
			return channel.State{}, nil, fmt.Errorf("unknown channel %d: run `paychan-cli join %d` first", n, n)
		}
		if err := a.add(id, ch); err != nil {
			return channel.State{}, nil, err
		}
	}
	// A channel stored before its period was recorded learns it here.
	st, _, err := a.node.Book.Apply(id, channel.Opened{FinalizationBlocks: ch.FinalizationBlocks})
	if err != nil {
		return st, ch, fmt.Errorf("apply the chain's view of channel %d: %w", n, err)
	}
	for _, ev := range ch.Events(ch.Block) {
		if st, _, err = a.node.Book.Apply(id, ev); err != nil {
			return st, ch, fmt.Errorf("apply the chain's view of channel %d: %w", n, err)
		}
	}
	return st, ch, nil
}

// add stores channel id, read on chain, if my key is one of its parties.
func (a *app) add(id channel.ID, ch *chainclient.Channel) error {
	me := a.me()
	var role channel.Role
	switch {
	case ch.AliceSigner == me || ch.Alice == me:
		role = channel.Alice
	case ch.BobSigner == me || ch.Bob == me:
		role = channel.Bob
	default:
		return fmt.Errorf("you (%s) are not a party of channel %d: its parties are Alice %s and Bob %s",
			me.Hex(), id.Channel, ch.Alice.Hex(), ch.Bob.Hex())
	}
	st, err := channel.NewState(id, role,
		channel.Party{Account: ch.Alice, Signer: ch.AliceSigner},
		channel.Party{Account: ch.Bob, Signer: ch.BobSigner})
	if err != nil {
		return err
	}
	// Alice alone picks Bob's signer at open: refuse a channel whose
	// signer for me is not my key (the Book refuses it too, ErrWrongKey).
	if st.Me().Signer != me {
		return fmt.Errorf("channel %d expects %s to sign for you, but your key is %s", id.Channel, st.Me().Signer.Hex(), me.Hex())
	}
	st.FinalizationBlocks = ch.FinalizationBlocks
	var short *channel.FinalizationError
	if err := a.node.Book.Add(st); errors.As(err, &short) {
		return fmt.Errorf("refusing channel %d: %w", id.Channel, short)
	} else if err != nil && !errors.Is(err, channel.ErrExists) {
		return err
	}
	return nil
}

func (a *app) cmdOpen(ctx context.Context, args []string) error {
	var peerSigner, deposit string
	var blocks uint64
	pos, err := a.parse("open", args, func(fs *flag.FlagSet) {
		fs.StringVar(&peerSigner, "peer-signer", "", "the peer's signer (ecrecover) address, when PEER is a Qtum address")
		fs.StringVar(&deposit, "deposit", "0", "initial deposit in coins")
		fs.Uint64Var(&blocks, "blocks", 0, "finalization period in blocks (default 100, or the chain's minimum if higher)")
	})
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("open: want one PEER address")
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	kind, err := wallet.ParseChainKind(a.cfg.ChainKind)
	if err != nil {
		return fmt.Errorf("host %s: %w", a.hostURL(), err)
	}
	// The one rule shared with the browser's Create form: never record an
	// account that no key can send from (a Qtum hash160 on an EVM chain).
	bob, bobSigner, err := wallet.Counterparty(kind, pos[0], peerSigner)
	if err != nil {
		if errors.Is(err, wallet.ErrNoAccount) && kind == wallet.EVMChain {
			return fmt.Errorf("%w (pass the peer's 0x address, or --peer-signer 0x…)", err)
		}
		return err
	}
	minBlocks := a.node.Book.MinFinalization(a.cfg.ChainID)
	if blocks == 0 {
		blocks = channel.OpenFinalizationBlocks(minBlocks)
	}
	if err := channel.CheckFinalization(blocks, minBlocks); err != nil {
		return fmt.Errorf("--blocks: %w", err)
	}
	if bob == a.me() || bobSigner == a.me() {
		return errors.New("you cannot open a channel with yourself")
	}
	value := new(big.Int)
	if deposit != "0" {
		if value, err = a.parseAmount(deposit); err != nil {
			return fmt.Errorf("--deposit: %w", err)
		}
	}
	n, _, err := a.chain.Open(ctx, a.key.PrivateKey(), bob, bobSigner, a.me(), blocks, value, a.progress("open"))
	if err != nil {
		return fmt.Errorf("open a channel: %w", err)
	}
	st, _, err := a.syncChannel(ctx, n, true)
	if err != nil {
		return err
	}
	a.printf("opened channel %d with %s, deposit %s, finalization %d blocks\n", n, bob.Hex(), a.coins(st.AliceDeposit), blocks)
	return nil
}

// oneID parses a command whose only argument is a channel id.
func (a *app) oneID(name string, args []string, extra func(*flag.FlagSet)) (uint64, error) {
	if extra == nil {
		extra = func(*flag.FlagSet) {}
	}
	pos, err := a.parse(name, args, extra)
	if err != nil {
		return 0, err
	}
	if len(pos) != 1 {
		return 0, usagef("%s: want a channel ID", name)
	}
	return parseID(pos[0])
}

func (a *app) cmdJoin(ctx context.Context, args []string) error {
	n, err := a.oneID("join", args, nil)
	if err != nil {
		return err
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	st, ch, err := a.syncChannel(ctx, n, true)
	if err != nil {
		return err
	}
	a.printf("joined channel %d as %s\n", n, st.Role)
	a.printState(st, ch)
	return nil
}

func (a *app) cmdDeposit(ctx context.Context, args []string) error {
	pos, err := a.parse("deposit", args, func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("deposit: want ID AMOUNT")
	}
	n, err := parseID(pos[0])
	if err != nil {
		return err
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	v, err := a.parseAmount(pos[1])
	if err != nil {
		return err
	}
	if _, err := a.known(n); err != nil {
		return err
	}
	if _, err := a.chain.Deposit(ctx, a.key.PrivateKey(), n, v, a.progress("deposit")); err != nil {
		return fmt.Errorf("deposit into channel %d: %w", n, err)
	}
	st, _, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	a.printf("deposited %s into channel %d; my deposit is %s, my balance %s\n", a.coins(v), n, a.coins(st.Deposit(st.Role)), a.coins(st.Balance()))
	return nil
}

func (a *app) cmdPay(ctx context.Context, args []string) error {
	pos, err := a.parse("pay", args, func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("pay: want ID AMOUNT")
	}
	n, err := parseID(pos[0])
	if err != nil {
		return err
	}
	if err := a.connectRelay(ctx, node.Options{}); err != nil {
		return err
	}
	v, err := a.parseAmount(pos[1])
	if err != nil {
		return err
	}
	st, err := a.known(n)
	if err != nil {
		return err
	}
	if st.Status != channel.Open {
		return fmt.Errorf("channel %d is %s: payments are closed", n, st.Status)
	}
	if st.Balance().Cmp(v) < 0 {
		return fmt.Errorf("cannot pay %s on channel %d: your balance there is only %s", a.coins(v), n, a.coins(st.Balance()))
	}
	st, err = a.node.Pay(ctx, a.id(n), v)
	if errors.Is(err, channel.ErrCloseSigned) {
		// The core refuses it (a payment after a signed Close could be
		// undone by submitting the Close); say it in the user's words.
		return fmt.Errorf("channel %d is closing by agreement (you signed a cooperative close): no more payments are sent or accepted in it", n)
	}
	if err != nil {
		return fmt.Errorf("pay on channel %d: %w", n, err)
	}
	a.printf("paid %s on channel %d: total sent %s, my balance %s\n", a.coins(v), n, a.coins(st.Sent), a.coins(st.Balance()))
	return nil
}

func (a *app) cmdClaim(ctx context.Context, args []string) error {
	n, err := a.oneID("claim", args, nil)
	if err != nil {
		return err
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	st, _, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	if st.Status == channel.Closed {
		return fmt.Errorf("channel %d is closed: nothing can be claimed any more (withdraw instead)", n)
	}
	tx, ok := channel.ClaimNeeded(st)
	if !ok {
		return fmt.Errorf("nothing to claim on channel %d: you hold no payment above what is proven on chain (use `close %d` to start closing anyway)", n, n)
	}
	if _, err := a.chain.Claim(ctx, a.key.PrivateKey(), n, tx.Payer, tx.Paid, tx.Sig[:], a.progress("claim")); err != nil {
		return fmt.Errorf("claim on channel %d: %w", n, err)
	}
	st, ch, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	a.printf("claimed %s paid by %s on channel %d; it closes at block %d\n", a.coins(tx.Paid), st.Peer().Signer.Hex(), n, st.ClosesAt)
	a.printState(st, ch)
	return nil
}

func (a *app) cmdClose(ctx context.Context, args []string) error {
	wait := 30 * time.Second
	n, err := a.oneID("close", args, func(fs *flag.FlagSet) {
		fs.DurationVar(&wait, "wait", wait, "how long to wait for the peer's countersignature (0: propose and return; `listen` completes the close)")
	})
	if err != nil {
		return err
	}
	txs := make(chan channel.Tx, 4)
	if err := a.connectRelay(ctx, node.Options{OnSubmit: func(tx channel.Tx) {
		select {
		case txs <- tx:
		default:
		}
	}}); err != nil {
		return err
	}
	st, _, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	if st.Status == channel.Closed {
		return fmt.Errorf("channel %d is already closed", n)
	}
	st, fx, err := a.node.Book.ProposeClose(a.id(n), time.Now())
	if err != nil {
		return fmt.Errorf("propose a cooperative close: %w", err)
	}
	if err := a.node.Send(ctx, st.Peer().Signer, fx.Send); err != nil {
		return fmt.Errorf("send the close proposal: %w", err)
	}
	for _, tx := range fx.Submit { // both signatures were already held
		txs <- tx
	}
	if wait <= 0 && len(fx.Submit) == 0 {
		a.printf("proposed a cooperative close of channel %d (Alice paid %s, Bob paid %s); no more payments in it. `listen` submits the close once the peer countersigns (or closes alone if it never does)\n",
			n, a.coins(st.Close.AlicePaid), a.coins(st.Close.BobPaid))
		return nil
	}
	a.printf("proposed a cooperative close of channel %d (Alice paid %s, Bob paid %s); waiting up to %s for the peer\n",
		n, a.coins(st.Close.AlicePaid), a.coins(st.Close.BobPaid), wait)
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case tx := <-txs:
			cc, ok := tx.(channel.CooperativeCloseTx)
			if !ok || cc.ID != a.id(n) {
				continue
			}
			if err := a.cooperativeClose(ctx, cc); err != nil {
				return fmt.Errorf("cooperative close of channel %d: %w", n, err)
			}
			st, ch, err := a.syncChannel(ctx, n, false)
			if err != nil {
				return err
			}
			a.printf("channel %d closed cooperatively; both parties were paid\n", n)
			a.printState(st, ch)
			return nil
		case <-t.C:
			a.printf("the peer did not countersign within %s: closing unilaterally\n", wait)
			return a.unilateral(ctx, n)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// unilateral claims my best payment or calls startClose.
func (a *app) unilateral(ctx context.Context, n uint64) error {
	_, fx, err := a.node.Book.StartClose(a.id(n))
	if err != nil {
		return fmt.Errorf("close channel %d: %w", n, err)
	}
	for _, tx := range fx.Submit {
		if err := a.submit(ctx, tx); err != nil {
			return fmt.Errorf("close: %w", err)
		}
	}
	st, ch, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	a.printf("channel %d is closing until block %d\n", n, st.ClosesAt)
	a.printState(st, ch)
	return nil
}

// cooperativeClose submits cooperativeClose with both signatures. If it
// reverts, the Close will never land: the core records that and asks for
// the unilateral path (claim my best received total, or startClose),
// which is submitted here, and the revert is returned.
func (a *app) cooperativeClose(ctx context.Context, tx channel.CooperativeCloseTx) error {
	_, err := a.chain.CooperativeClose(ctx, a.key.PrivateKey(), tx.ID.Channel, tx.AlicePaid, tx.BobPaid, tx.AliceSig[:], tx.BobSig[:], a.progress("cooperativeClose"))
	var rev *chainclient.RevertError
	if !errors.As(err, &rev) {
		return err
	}
	_, fx, ferr := a.node.Book.CloseFailed(tx.ID, time.Now())
	if ferr != nil {
		return fmt.Errorf("%w (and the fallback: %v)", err, ferr)
	}
	a.printf("cooperativeClose of channel %d reverted (%v): closing alone instead\n", tx.ID.Channel, err)
	for _, f := range fx.Submit {
		if serr := a.submit(ctx, f); serr != nil {
			return fmt.Errorf("%w (and the fallback: %v)", err, serr)
		}
	}
	return err
}

// submit carries out a transaction the core asked for.
func (a *app) submit(ctx context.Context, tx channel.Tx) error {
	var err error
	switch tx := tx.(type) {
	case channel.CooperativeCloseTx:
		err = a.cooperativeClose(ctx, tx)
	case channel.ClaimTx:
		_, err = a.chain.Claim(ctx, a.key.PrivateKey(), tx.ID.Channel, tx.Payer, tx.Paid, tx.Sig[:], a.progress("claim"))
	case channel.StartCloseTx:
		_, err = a.chain.StartClose(ctx, a.key.PrivateKey(), tx.ID.Channel, a.progress("startClose"))
	case channel.WithdrawTx:
		_, _, err = a.chain.Withdraw(ctx, a.key.PrivateKey(), tx.ID.Channel, a.progress("withdraw"))
	}
	if err != nil {
		return fmt.Errorf("channel %d: %w", tx.ChannelID().Channel, err)
	}
	return nil
}

// checkCloses reads from the chain every channel where I signed a
// cooperative Close that is not closed yet, and carries out what the
// core's CheckClose asks for: submit the Close the peer did not submit, or
// fall back to closing alone when it does not land.
func (a *app) checkCloses(ctx context.Context, now time.Time) {
	states, err := a.node.Book.List()
	if err != nil {
		return
	}
	for _, st := range states {
		if !st.CloseSigned() || st.Status == channel.Closed || st.ID.Domain != a.id(st.ID.Channel).Domain {
			continue
		}
		if _, _, err := a.syncChannel(ctx, st.ID.Channel, false); err != nil {
			continue
		}
		_, fx, err := a.node.Book.CheckClose(st.ID, now, a.closeTiming)
		if err != nil {
			continue
		}
		for _, tx := range fx.Submit {
			if err := a.submit(ctx, tx); err != nil {
				a.printf("%v\n", err)
			}
		}
	}
}

func (a *app) cmdWithdraw(ctx context.Context, args []string) error {
	n, err := a.oneID("withdraw", args, nil)
	if err != nil {
		return err
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	st, ch, err := a.syncChannel(ctx, n, false)
	if err != nil {
		return err
	}
	switch {
	case st.Status == channel.Open:
		return fmt.Errorf("channel %d is open: claim or close it first", n)
	case st.Status == channel.Closing:
		return fmt.Errorf("channel %d is closing until block %d (now %d): withdraw after that", n, st.ClosesAt, ch.Block)
	case (st.Role == channel.Alice && st.AliceWithdrawn) || (st.Role == channel.Bob && st.BobWithdrawn):
		return fmt.Errorf("you already withdrew from channel %d", n)
	}
	v, _, err := a.chain.Withdraw(ctx, a.key.PrivateKey(), n, a.progress("withdraw"))
	if err != nil {
		return fmt.Errorf("withdraw from channel %d: %w", n, err)
	}
	if _, _, err := a.syncChannel(ctx, n, false); err != nil {
		return err
	}
	a.printf("withdrew %s from channel %d\n", a.coins(v), n)
	return nil
}

func (a *app) cmdStatus(ctx context.Context, args []string) error {
	pos, err := a.parse("status", args, func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("status: at most one channel ID")
	}
	if err := a.ready(ctx); err != nil {
		return err
	}
	var ids []uint64
	if len(pos) == 1 {
		n, err := parseID(pos[0])
		if err != nil {
			return err
		}
		if _, err := a.known(n); err != nil {
			return err
		}
		ids = []uint64{n}
	} else {
		opened, err := a.chain.MyChannels(ctx, a.me())
		if err != nil {
			return err
		}
		for _, o := range opened {
			ids = append(ids, o.ID)
		}
	}
	bal, err := a.chain.Balance(ctx, a.me())
	if err != nil {
		return err
	}
	a.printf("account %s  on-chain balance %s\n", a.me().Hex(), a.coins(bal))
	if len(ids) == 0 {
		a.printf("no channels\n")
	}
	for _, n := range ids {
		st, ch, err := a.syncChannel(ctx, n, true)
		if err != nil {
			a.printf("channel %d: %v\n", n, err)
			continue
		}
		a.printState(st, ch)
	}
	return nil
}

// printState prints one channel.
func (a *app) printState(st channel.State, ch *chainclient.Channel) {
	status := st.Status.String()
	if st.Status == channel.Closing {
		status = fmt.Sprintf("closing until block %d", st.ClosesAt)
	}
	a.printf("channel %d  I am %s  peer %s  %s", st.ID.Channel, st.Role, st.Peer().Signer.Hex(), status)
	if ch != nil {
		a.printf("  (block %d)", ch.Block)
	}
	a.printf("\n  my deposit %s  peer deposit %s\n  balance %s  sent %s  received %s\n",
		a.coins(st.Deposit(st.Role)), a.coins(st.Deposit(st.Role.Peer())), a.coins(st.Balance()), a.coins(st.Sent), a.coins(st.Received))
	if st.Status == channel.Closed {
		alice, bob := st.Payouts(channel.Totals{AlicePaid: st.AliceOnChain, BobPaid: st.BobOnChain})
		mine, done := alice, st.AliceWithdrawn
		if st.Role == channel.Bob {
			mine, done = bob, st.BobWithdrawn
		}
		if done {
			a.printf("  withdrawn\n")
		} else {
			a.printf("  withdrawable %s\n", a.coins(mine))
		}
	}
}

func (a *app) cmdListen(ctx context.Context, args []string) error {
	count := 0
	var dur time.Duration
	pos, err := a.parse("listen", args, func(fs *flag.FlagSet) {
		fs.IntVar(&count, "count", 0, "exit after this many payments (0: run until interrupted)")
		fs.DurationVar(&dur, "for", 0, "exit after this long (0: run until interrupted)")
		fs.DurationVar(&a.closeTiming.SubmitAfter, "close-after", a.closeTiming.SubmitAfter, "submit a close I countersigned if the proposer has not after this long")
	})
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("listen: no arguments")
	}
	if dur > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, dur)
		defer cancel()
	}
	done := make(chan struct{})
	got := 0
	lines := make(chan string, 1024)
	submit := make(chan channel.Tx, 16)
	opts := node.Options{
		OnIncoming: func(in node.Incoming) {
			if in.Err != nil {
				lines <- fmt.Sprintf("refused a message from %s: %v", in.From.Hex(), in.Err)
				return
			}
			switch m := in.Msg.(type) {
			case channel.Payment, channel.Sync:
				if in.After.Received.Cmp(in.Before.Received) > 0 {
					amt := new(big.Int).Sub(in.After.Received, in.Before.Received)
					lines <- fmt.Sprintf("received %s on channel %d from %s: total received %s, balance %s",
						a.coins(amt), m.ChannelID().Channel, in.From.Hex(), a.coins(in.After.Received), a.coins(in.After.Balance()))
					got++
					if count > 0 && got == count {
						close(done)
					}
				}
			case channel.CloseProposal:
				lines <- fmt.Sprintf("countersigned the cooperative close of channel %d proposed by %s", m.ID.Channel, in.From.Hex())
			}
		},
		OnSubmit: func(tx channel.Tx) {
			select {
			case submit <- tx:
			default:
			}
		},
		Join: func(ctx context.Context, id channel.ID) error {
			if id.Domain != a.id(id.Channel).Domain {
				return fmt.Errorf("channel %s is not on this host's contract", id)
			}
			_, _, err := a.syncChannel(ctx, id.Channel, true)
			return err
		},
	}
	if err := a.connectRelay(ctx, opts); err != nil {
		return err
	}
	a.printf("listening as %s on %s (Ctrl-C stops)\n", a.me().Hex(), a.hostURL())
	// A signed Close must land: check it now and every second.
	a.checkCloses(ctx, time.Now())
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case l := <-lines:
			a.printf("%s\n", l)
		case tx := <-submit:
			if err := a.submit(ctx, tx); err != nil {
				a.printf("%v\n", err)
			}
		case <-tick.C:
			a.checkCloses(ctx, time.Now())
		case <-done:
			for len(lines) > 0 {
				a.printf("%s\n", <-lines)
			}
			return nil
		case <-ctx.Done():
			for len(lines) > 0 {
				a.printf("%s\n", <-lines)
			}
			if dur > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil
			}
			return nil
		}
	}
}

func (a *app) cmdMine(ctx context.Context, args []string) error {
	pos, err := a.parse("mine", args, func(*flag.FlagSet) {})
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("mine: want a number of blocks")
	}
	blocks, err := strconv.Atoi(pos[0])
	if err != nil || blocks < 1 || blocks > hostapi.MaxMineBlocks {
		return usagef("mine: want 1 to %d blocks", hostapi.MaxMineBlocks)
	}
	if _, err := a.openStore(); err != nil {
		return err
	}
	body, _ := json.Marshal(hostapi.MineRequest{Blocks: blocks})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.hostURL()+hostapi.MinePath, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the host %s is unreachable: %w", a.hostURL(), err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		var he hostapi.Error
		if json.NewDecoder(res.Body).Decode(&he) == nil && he.Message != "" {
			return fmt.Errorf("mine: the host refused: %s", he.Message)
		}
		return fmt.Errorf("mine: the host refused: %s", res.Status)
	}
	var mr hostapi.MineResponse
	if err := json.NewDecoder(res.Body).Decode(&mr); err != nil {
		return fmt.Errorf("mine: %w", err)
	}
	a.printf("mined %d blocks; head is block %d\n", mr.Blocks, mr.Head)
	return nil
}
