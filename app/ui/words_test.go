package ui

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/amount"
	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/relayclient"
	"paychan/app/wallet"
)

var ethUnit = amount.Unit{Symbol: "ETH", Decimals: 18}

// TestWordsOverdraw: Bob pays beyond his balance with the real rule
// (channel.Pay); the sentence names the channel by number and what he can
// send, in the channel's unit.
func TestWordsOverdraw(t *testing.T) {
	st, bob := mustBobState(t, eth(5), eth(0))
	st.BobDeposit = eth(5)
	_, _, err := channel.Pay(st, eth(11), bob.PrivateKey(), time.Unix(200, 0))
	if !errors.Is(err, channel.ErrOverdraw) {
		t.Fatalf("Pay(11 ETH) = %v; want an overdraw", err)
	}
	got := wordsFor(st, ethUnit).Error(fmt.Errorf("engine: pay: %w", err))
	if want := "You can send at most 10 ETH on channel 1."; got != want {
		t.Errorf("overdraw = %q; want %q", got, want)
	}
	// A token channel speaks its token's unit.
	st.Asset = channel.Asset{Token: common.HexToAddress("0x7"), Symbol: "tUSD", Decimals: 6}
	st.BobDeposit, st.Received = big.NewInt(2_500_000), new(big.Int)
	_, _, err = channel.Pay(st, big.NewInt(3_000_000), bob.PrivateKey(), time.Unix(200, 0))
	if got, want := wordsFor(st, ethUnit).Error(err), "You can send at most 2.5 tUSD on channel 1."; got != want {
		t.Errorf("token overdraw = %q; want %q", got, want)
	}
}

// TestWordsReal: real errors of the core become sentences with no package
// names, no wrapped chains, no wei and no full channel ids.
func TestWordsReal(t *testing.T) {
	st, _ := mustBobState(t, eth(5), eth(0))
	ws := wordsFor(st, ethUnit)
	_, wifErr := wallet.ParseWIF("cNYfWuhDpbNM1JWUJoUHFzoSEDJQDpbMhAwsACbgHFDjsuPFFF1")
	_, wifErr2 := wallet.ParseWIF("not a key")
	_, addrErr := wallet.ParseAddress("qXyz")
	_, amtErr := ethUnit.Parse("1.0000000000000000001")
	_, tokErr := amount.Unit{Symbol: "tUSD", Decimals: 6}.Parse("5 ETH")
	_, _, closedErr := channel.Pay(func() channel.State { s := st; s.Status = channel.Closed; return s }(), eth(1), nil, time.Unix(1, 0))
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"bad WIF", fmt.Errorf("this is not a valid WIF private key: %w", wifErr), "That is not a WIF private key: check you copied all of it."},
		{"garbage WIF", wifErr2, "That is not a WIF private key: check you copied all of it."},
		{"empty WIF", func() error { _, err := wallet.ParseWIF(" "); return err }(), "Paste your private key (WIF) first."},
		{"bad address", addrErr, "That is not a Qtum or 0x address: check you copied all of it."},
		{"decimals", amtErr, "ETH has 18 decimals: enter at most 18 digits after the point."},
		{"no number", func() error { _, err := ethUnit.Parse("abc"); return err }(), "That is not an amount: write a number such as 1.5."},
		{"wrong unit", tokErr, "Amounts on channel 1 are in ETH: enter the amount in ETH."},
		{"closed", closedErr, "Channel 1 is not open any more: payments and deposits are over; claim or withdraw instead."},
		{"no such channel", fmt.Errorf("chainclient: channel 999: %w", chainclient.ErrNoChannel), "There is no channel 999 on this host: check the number or the invite link."},
		{"no such channel (engine)", &engine.NoChannelError{Channel: 999}, "There is no channel 999 on this host: check the number or the invite link."},
		{"wrong passphrase", fmt.Errorf("decrypt: %w", wallet.ErrWrongPassphrase), "Wrong passphrase: try again (letter case counts)."},
		{"locked", errLocked, "Unlock your key first."},
		{"offline", fmt.Errorf("%w (dial: refused)", errOffline), "The host is unreachable: try again when you are back online."},
		{"undelivered", &engine.UndeliveredError{Err: errors.New("relayclient: closed")}, "Saved on this device but not delivered yet: it is sent again as soon as the connection to the host is back."},
		{"peer key", fmt.Errorf("send: %w", relayclient.ErrPeerKeyUnknown), relayclient.UserMessage(relayclient.ErrPeerKeyUnknown)},
		{"revert", &chainclient.RevertError{Name: "ChannelNotClosed", Reason: "channel 1 is not closed yet (it is Closing): wait for the end of the finalization period"},
			"The contract refused it: channel 1 is not closed yet (it is Closing): wait for the end of the finalization period."},
		{"timeout", fmt.Errorf("chainclient: send: %w", context.DeadlineExceeded), "The host did not answer in time: try again."},
		{"rpc share", fmt.Errorf("chainclient: rpc: %w", &chainclient.HTTPError{StatusCode: 429, Status: "429 Too Many Requests",
			Body: []byte(`{"code":"rate_limited","message":"/rpc: the requests from 127.0.0.1 have used their share of the host's time"}`)}),
			"The host is answering too many requests from your network address: try again in a moment."},
		{"rpc refusal", &chainclient.HTTPError{StatusCode: 415, Status: "415 Unsupported Media Type", Body: []byte(`{"code":"unsupported_media_type","message":"use Content-Type: application/json"}`)},
			"The host refused it: use Content-Type: application/json."},
		{"unknown chain", fmt.Errorf("chainclient: rpc: %w", errors.New("nonce too low")), "Nonce too low."},
		{"unknown with id", errors.New("browserstore: write paychan/channel/1337/0x80bE00000000000000000000000000000000d662/2: quota exceeded"),
			"Write paychan/channel/2: quota exceeded."},
	} {
		got := ws.Error(tt.err)
		if got != tt.want {
			t.Errorf("%s: Error(%q) = %q; want %q", tt.name, tt.err, got, tt.want)
		}
		for _, bad := range []string{"wei", "chainclient", "relayclient", "browserstore", "parse WIF", "0x80bE", "1337/"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s: %q contains %q", tt.name, got, bad)
			}
		}
	}
	if got := ws.Error(nil); got != "" {
		t.Errorf("Error(nil) = %q; want \"\"", got)
	}
}

// TestWordsPeerOverdraw: the peer's overdraw is refused in words that do
// not blame the user.
func TestWordsPeerOverdraw(t *testing.T) {
	st, _ := mustBobState(t, eth(5), eth(0))
	err := &channel.Error{Channel: st.ID, Op: "receive payment", Err: &channel.OverdrawError{Party: channel.Alice, Paid: eth(500), Deposit: eth(400), Received: eth(0)}}
	if got, want := wordsFor(st, ethUnit).Error(err), "Your peer tried to pay more than it holds on channel 1: refused."; got != want {
		t.Errorf("peer overdraw = %q; want %q", got, want)
	}
	if got := (words{Unit: ethUnit}).Error(err); strings.Contains(got, "000") || !strings.Contains(got, "400 ETH") {
		t.Errorf("overdraw without state = %q; want 400 ETH written in ETH", got)
	}
}
