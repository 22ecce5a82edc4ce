//go:build !js

package chainclient

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"paychan/contracts/bindings"
	"paychan/internal/testkit/seed"
)

// TestPackingMatchesBindings packs every call the client sends with the
// embedded ABI and with the abigen bindings of contracts/build: the bytes
// must agree. (Events and errors are decoded from real chain logs and
// reverts in the transport tests.)
func TestPackingMatchesBindings(t *testing.T) {
	b := bindings.NewDuplexChannel()
	id, paid := big.NewInt(7), eth(3)
	alice, bob := common.HexToAddress(seed.AliceSigner), common.HexToAddress(seed.BobSigner)
	sig := bytes.Repeat([]byte{0xab}, 65)
	for _, tt := range []struct {
		method string
		args   []any
		want   []byte
	}{
		{"open", []any{bob, bob, alice, uint64(100)}, b.PackOpen(bob, bob, alice, 100)},
		{"deposit", []any{id}, b.PackDeposit(id)},
		{"claim", []any{id, alice, paid, sig}, b.PackClaim(id, alice, paid, sig)},
		{"startClose", []any{id}, b.PackStartClose(id)},
		{"cooperativeClose", []any{id, paid, eth(1), sig, sig}, b.PackCooperativeClose(id, paid, eth(1), sig, sig)},
		{"withdraw", []any{id}, b.PackWithdraw(id)},
		{"status", []any{id}, b.PackStatus(id)},
		{"parties", []any{id}, b.PackParties(id)},
		{"deposits", []any{id}, b.PackDeposits(id)},
		{"paid", []any{id}, b.PackPaid(id)},
		{"closesAt", []any{id}, b.PackClosesAt(id)},
		{"finalizationBlocks", []any{id}, b.PackFinalizationBlocks(id)},
		{"balances", []any{id}, b.PackBalances(id)},
		{"withdrawn", []any{id}, b.PackWithdrawn(id)},
	} {
		got, err := contractABI().Pack(tt.method, tt.args...)
		if err != nil {
			t.Errorf("pack %s: %v", tt.method, err)
			continue
		}
		if !bytes.Equal(tt.want, got) {
			t.Errorf("%s packs %x; bindings %x", tt.method, got, tt.want)
		}
	}
}
