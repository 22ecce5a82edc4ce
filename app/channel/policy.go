package channel

import (
	"errors"
	"fmt"
)

// The finalization period is the time the other side (or its watchtower)
// has to answer a stale claim. A wallet refuses to open, join, pay or
// accept payments in a channel whose period is shorter than the minimum
// below (docs/protocol.md section 5): with a 1-block period the next block ends
// the channel and a stale claim wins.
const (
	// DefaultMinFinalizationBlocks is the minimum on every chain but the
	// development chain: 7,200 blocks, one day at Ethereum's 12-second
	// slots (about 2.7 days at Qtum's 32-second blocks). A day is what it
	// takes to be sure a person who checks once a day, or a watchtower
	// through an outage or a spell of congested blocks, can still submit
	// its claim; it is also the usual choice of payment-channel systems.
	// It is far below the contract's MAX_FINALIZATION_BLOCKS (1,000,000).
	// On chains with much faster blocks a day is more blocks: open longer
	// channels there (the minimum is a floor, not a recommendation).
	DefaultMinFinalizationBlocks = 7200
	// DevChainID is the development chain (the host's embedded chain; also
	// Hardhat's and Ganache's default id). It mines a block only for a
	// transaction or /dev/mine, so blocks do not pass on their own, and
	// its host may state a lower minimum in /config.json.
	DevChainID = 1337
	// DevMinFinalizationBlocks is the minimum the development host states
	// (hostapi.Config.MinFinalizationBlocks): 10 blocks are 10 transactions
	// on a chain that mines on demand, time enough in demos and tests for a
	// wallet (which reads the chain every second) or the watchtower to
	// react, while a couple of unrelated transactions cannot end a period
	// unnoticed. The wallets' default period (100 blocks) is above it.
	DevMinFinalizationBlocks = 10
)

// MinFinalizationBlocks returns the minimum finalization period for a
// channel on chainID. hostMin is what the host's configuration states
// (0: nothing); it is honoured only on DevChainID, so a host cannot lower
// the minimum for a real chain. It never goes below 2 blocks.
func MinFinalizationBlocks(chainID, hostMin uint64) uint64 {
	if chainID == DevChainID && hostMin > 0 {
		return max(hostMin, 2)
	}
	return DefaultMinFinalizationBlocks
}

// OpenFinalizationBlocks is the finalization period the wallets (the
// browser's Create form, the CLI's open) propose when the user gives none:
// 100 blocks, raised to min (MinFinalizationBlocks) where that is higher.
// On the development chain that is the seed demo's "mine 100 blocks".
func OpenFinalizationBlocks(min uint64) uint64 {
	const usual = 100
	return max(usual, min)
}

// ErrFinalizationTooShort: a channel whose finalization period is below the
// minimum (see FinalizationError).
var ErrFinalizationTooShort = errors.New("finalization period too short")

// FinalizationError says that a channel's finalization period Blocks (0:
// not known yet) is below the minimum Min. It matches
// ErrFinalizationTooShort.
type FinalizationError struct {
	Blocks, Min uint64
}

// Error names both periods.
func (e *FinalizationError) Error() string {
	if e.Blocks == 0 {
		return fmt.Sprintf("%v: the finalization period is not known yet (the minimum is %d blocks)", ErrFinalizationTooShort, e.Min)
	}
	return fmt.Sprintf("%v: %d blocks, the minimum is %d (the other side would have no time to answer a stale claim)", ErrFinalizationTooShort, e.Blocks, e.Min)
}

// Is makes errors.Is(err, ErrFinalizationTooShort) true.
func (e *FinalizationError) Is(target error) bool { return target == ErrFinalizationTooShort }

// CheckFinalization refuses a finalization period below min (and an
// unknown one, 0). Shells call it before opening a channel; Book calls it
// before adding a channel and before every payment sent or accepted.
func CheckFinalization(blocks, min uint64) error {
	if blocks == 0 || blocks < min {
		return &FinalizationError{Blocks: blocks, Min: min}
	}
	return nil
}
