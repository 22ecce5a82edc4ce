package channel_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/google/go-cmp/cmp"

	"paychan/app/amount"
	"paychan/app/channel"
)

var tUSD = channel.Asset{Token: common.HexToAddress("0x00000000000000000000000000000000000000Aa"), Symbol: "tUSD", Decimals: 6}

// TestAssetJSON: an ETH state encodes exactly as before token channels
// (no "asset" member, so stored states and backups are unchanged), and a
// token state keeps its asset through JSON.
func TestAssetJSON(t *testing.T) {
	alice, _ := mustPair(t, 100, 0)
	b, err := json.Marshal(alice)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"asset"`) {
		t.Errorf("an ETH state encodes an asset: %s", b)
	}
	alice.Asset = tUSD
	b, err = json.Marshal(alice)
	if err != nil {
		t.Fatal(err)
	}
	var back channel.State
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tUSD, back.Asset); diff != "" {
		t.Errorf("asset after JSON (-want +got):\n%s", diff)
	}
	if !back.Asset.IsToken() || (channel.Asset{}).IsToken() {
		t.Errorf("IsToken: token %v, native %v", back.Asset.IsToken(), (channel.Asset{}).IsToken())
	}
}

// TestOpenedChecksAsset: an Opened event naming the chain's asset fills in
// a token's symbol and decimals, refuses a state that holds another asset
// (a token channel stored as ETH, or the reverse), and checks nothing when
// it names no asset (shells that do not read it).
func TestOpenedChecksAsset(t *testing.T) {
	eth, _ := mustPair(t, 100, 0)
	tok := eth
	tok.Asset = channel.Asset{Token: tUSD.Token} // stored before its symbol was read
	tests := []struct {
		name  string
		state channel.State
		ev    channel.Opened
		want  channel.Asset
		err   error
	}{
		{"eth, not stated", eth, channel.Opened{FinalizationBlocks: 7200}, channel.Asset{}, nil},
		{"eth, stated", eth, channel.Opened{FinalizationBlocks: 7200, Asset: &channel.Asset{}}, channel.Asset{}, nil},
		{"token fills symbol", tok, channel.Opened{FinalizationBlocks: 7200, Asset: &tUSD}, tUSD, nil},
		{"token, not stated", tok, channel.Opened{FinalizationBlocks: 7200}, tok.Asset, nil},
		{"token channel stored as eth", eth, channel.Opened{FinalizationBlocks: 7200, Asset: &tUSD}, channel.Asset{}, channel.ErrBadEvent},
		{"eth channel stored as token", tok, channel.Opened{FinalizationBlocks: 7200, Asset: &channel.Asset{}}, channel.Asset{}, channel.ErrBadEvent},
	}
	for _, tt := range tests {
		got, _, err := channel.ApplyEvent(tt.state, tt.ev)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%s: ApplyEvent = %v; want %v", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: ApplyEvent: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.Asset); diff != "" {
			t.Errorf("%s: asset (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestAssetUnit: a token channel's amounts are parsed and written in the
// token's unit, a native channel's in the chain's.
func TestAssetUnit(t *testing.T) {
	native := amount.Unit{Symbol: "ETH", Decimals: 18}
	if got := (channel.Asset{}).Unit(native); got != native {
		t.Errorf("native Unit = %v; want %v", got, native)
	}
	u := tUSD.Unit(native)
	if u != (amount.Unit{Symbol: "tUSD", Decimals: 6}) {
		t.Fatalf("tUSD Unit = %v", u)
	}
	v, err := u.Parse("20.5")
	if err != nil || v.Int64() != 20_500_000 || u.Format(v) != "20.5 tUSD" {
		t.Errorf("tUSD 20.5 = %v, %v (%q)", v, err, u.Format(v))
	}
	if _, err := u.Parse("0.0000001"); !errors.Is(err, amount.ErrTooManyDecimals) {
		t.Errorf("tUSD 0.0000001 = %v; want ErrTooManyDecimals", err)
	}
}
