package relay

import (
	"context"
	"fmt"
	"math/big"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// ChainReader is the part of an ethclient.Client that ChainKeys reads.
type ChainReader interface {
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	BlockByNumber(ctx context.Context, number *big.Int) (*types.Block, error)
}

// DefaultChainKeyBlocks is how many recent blocks ChainKeys searches by
// default (Limits.ChainKeyBlocks).
const DefaultChainKeyBlocks = 4096

// ChainKeys returns an Options.KeyFallback that finds the public key of an
// address that never logged in to the relay in the newest transaction it
// sent among the last maxBlocks blocks (its signature gives the key): the
// peer's first signed message, as recorded on chain. A wallet that opened
// a channel but never came online can so still be sent sealed messages,
// when its signer is its account (as for the CLI and the browser wallet).
// Searches may run at once (the relay Server bounds them by
// Limits.MaxChainScans); each stops when ctx ends. A search that found
// nothing is remembered (up to maxChainMisses addresses): the next one
// for the same address
// reads only the blocks mined since, so a wallet retrying a send to a peer
// that never came online does not read the whole window each time.
func ChainKeys(chain ChainReader, chainID uint64, maxBlocks int) func(ctx context.Context, addr common.Address) ([]byte, bool, error) {
	if maxBlocks <= 0 {
		maxBlocks = DefaultChainKeyBlocks
	}
	signer := types.LatestSignerForChainID(new(big.Int).SetUint64(chainID))
	var mu sync.Mutex
	missed := make(map[common.Address]int64) // address → newest block searched in vain
	return func(ctx context.Context, addr common.Address) ([]byte, bool, error) {
		head, err := chain.HeaderByNumber(ctx, nil)
		if err != nil {
			return nil, false, fmt.Errorf("relay: chain keys: head: %w", err)
		}
		n := head.Number.Int64()
		low := n - int64(maxBlocks) // newest block not searched
		mu.Lock()
		if m, ok := missed[addr]; ok && m > low && m <= n {
			low = m
		}
		mu.Unlock()
		for b := n; b >= 0 && b > low; b-- {
			if err := ctx.Err(); err != nil {
				return nil, false, fmt.Errorf("relay: chain keys: search stopped at block %d: %w", b, err)
			}
			block, err := chain.BlockByNumber(ctx, big.NewInt(b))
			if err != nil {
				return nil, false, fmt.Errorf("relay: chain keys: block %d: %w", b, err)
			}
			for _, tx := range block.Transactions() {
				if from, err := types.Sender(signer, tx); err != nil || from != addr {
					continue
				}
				if k, err := txKey(signer, chainID, tx); err == nil {
					return k, true, nil
				}
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if _, ok := missed[addr]; !ok && len(missed) >= maxChainMisses {
			for a := range missed {
				delete(missed, a)
				break
			}
		}
		missed[addr] = n
		return nil, false, nil
	}
}

// maxChainMisses bounds ChainKeys' memory of the addresses it searched in
// vain.
const maxChainMisses = 4096

// txKey recovers the compressed public key that signed tx.
func txKey(signer types.Signer, chainID uint64, tx *types.Transaction) ([]byte, error) {
	v, r, s := tx.RawSignatureValues()
	var parity uint64
	switch {
	case tx.Type() != types.LegacyTxType:
		parity = v.Uint64()
	case tx.Protected():
		parity = v.Uint64() - 35 - 2*chainID
	default:
		parity = v.Uint64() - 27
	}
	if parity > 1 {
		return nil, fmt.Errorf("relay: chain keys: bad signature parity")
	}
	sig := make([]byte, crypto.SignatureLength)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:64])
	sig[64] = byte(parity)
	h := signer.Hash(tx)
	pub, err := crypto.SigToPub(h[:], sig)
	if err != nil {
		return nil, err
	}
	return crypto.CompressPubkey(pub), nil
}
