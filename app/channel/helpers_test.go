package channel_test

import (
	"crypto/ecdsa"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"math/big"
	"testing"
	"time"

	"paychan/app/channel"
)

// keyFor returns the seed key of a state's own role.
func keyFor(tb testing.TB, s channel.State) *ecdsa.PrivateKey {
	tb.Helper()
	if s.Role == channel.Alice {
		return mustKey(tb, aliceWIF)
	}
	return mustKey(tb, bobWIF)
}

// exchange has payer pay amount and payee receive it; returns both states.
func exchange(tb testing.TB, payer, payee channel.State, amount *big.Int, now time.Time) (channel.State, channel.State) {
	tb.Helper()
	payer, fx, err := channel.Pay(payer, amount, keyFor(tb, payer), now)
	if err != nil {
		tb.Fatalf("%s pays %v: %v", payer.Role, amount, err)
	}
	payee, _, err = channel.ReceivePayment(payee, fx.Send[0].(channel.Payment), now)
	if err != nil {
		tb.Fatalf("%s receives %v: %v", payee.Role, amount, err)
	}
	return payer, payee
}

func addr(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

func mustApply(tb testing.TB, s channel.State, ev channel.Event) channel.State {
	tb.Helper()
	n, _, err := channel.ApplyEvent(s, ev)
	if err != nil {
		tb.Fatalf("ApplyEvent(%+v): %v", ev, err)
	}
	return n
}
