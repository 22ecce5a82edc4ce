package main

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	wt "paychan/app/watchtower"
	"paychan/server/host"
	"paychan/server/relay"
)

// TestWatchtowerTokenPriceFlag: --watchtower-token-price is repeatable and
// each wrong value is a clear flag error (the chain-side checks, such as
// an address that is not a token, are made at start: see server/watchtower
// TestTokenPricesAtStart).
func TestWatchtowerTokenPriceFlag(t *testing.T) {
	const tok = "0x5681bB4663604147aab1b6c236A374839E3A5C03"
	var o options
	if err := flags(&o, io.Discard).Parse([]string{"--watchtower-token-price", tok + "=400000000000000",
		"--watchtower-token-price", "0x00000000000000000000000000000000000000aa=1"}); err != nil {
		t.Fatal(err)
	}
	if got := o.cfg.WatchtowerTokenPrices; len(got) != 2 || got[[20]byte{19: 0xaa}].Int64() != 1 {
		t.Fatalf("prices = %v; want two tokens", got)
	}
	many := []string{}
	for i := range wt.MaxPricedTokens + 1 {
		many = append(many, "--watchtower-token-price", fmt.Sprintf("0x%040x=1", i+1))
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--watchtower-token-price", "tUSD=5"}, "is not a token's 0x address"},
		{[]string{"--watchtower-token-price", tok}, "want TOKEN=WEI_PER_TOKEN"},
		{[]string{"--watchtower-token-price", tok + "=0"}, "must be more than 0"},
		{[]string{"--watchtower-token-price", tok + "=1" + strings.Repeat("0", 36)}, "below 10^36"},
		{[]string{"--watchtower-token-price", tok + "=1", "--watchtower-token-price", tok + "=2"}, "priced twice"},
		{many, "more than 64 tokens"},
	} {
		var o options
		err := flags(&o, io.Discard).Parse(tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("flags %v: %v; want an error containing %q", tt.args[:min(len(tt.args), 4)], err, tt.want)
		}
	}
}

// TestAbuseLimitFlags: each abuse limit of the relay and of /rpc has a
// flag that reaches the host's Config, with the package's default.
func TestAbuseLimitFlags(t *testing.T) {
	var o options
	if err := flags(&o, io.Discard).Parse(nil); err != nil {
		t.Fatal(err)
	}
	d := relay.DefaultLimits()
	l := o.cfg.RelayLimits
	if l.IPSendBytesRate != d.IPSendBytesRate || l.IPSendBytesBurst != d.IPSendBytesBurst || l.SendRate != d.SendRate || l.FrameBurst != d.FrameBurst || l.MaxUnacked != d.MaxUnacked ||
		l.LiveWait != d.LiveWait || l.LiveQueue != d.LiveQueue ||
		o.cfg.RPCIPShare != host.DefaultRPCIPShare || o.cfg.RPCIPBurst != host.DefaultRPCIPBurst || o.cfg.RPCIPConcurrent != host.DefaultRPCIPConcurrent {
		t.Errorf("defaults: relay %+v, rpc %v %v %v", l, o.cfg.RPCIPShare, o.cfg.RPCIPBurst, o.cfg.RPCIPConcurrent)
	}
	o = options{}
	if err := flags(&o, io.Discard).Parse([]string{"--relay-ip-send-bytes-rate", "1024", "--relay-ip-send-bytes-burst", "65536",
		"--relay-send-rate", "5", "--relay-send-burst", "6", "--relay-frame-rate", "7", "--relay-frame-burst", "8", "--relay-max-unacked", "9",
		"--relay-live-wait", "-1s", "--relay-live-queue", "10",
		"--rpc-ip-share", "0.1", "--rpc-ip-burst", "3s", "--rpc-ip-concurrent", "2"}); err != nil {
		t.Fatal(err)
	}
	l = o.cfg.RelayLimits
	if l.IPSendBytesRate != 1024 || l.IPSendBytesBurst != 65536 || l.SendRate != 5 || l.SendBurst != 6 || l.FrameRate != 7 || l.FrameBurst != 8 || l.MaxUnacked != 9 ||
		l.LiveWait != -time.Second || l.LiveQueue != 10 ||
		o.cfg.RPCIPShare != 0.1 || o.cfg.RPCIPBurst != 3*time.Second || o.cfg.RPCIPConcurrent != 2 {
		t.Errorf("set: relay %+v, rpc %v %v %v", l, o.cfg.RPCIPShare, o.cfg.RPCIPBurst, o.cfg.RPCIPConcurrent)
	}
}
