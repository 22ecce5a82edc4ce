//go:build !js

package chainclient

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Backend is a go-ethereum client the client can run on natively:
// *ethclient.Client and the simulated backend's client both satisfy it.
// The browser build has no Backend (it would link core/types): it uses
// [Dial].
type Backend interface {
	BlockNumber(ctx context.Context) (uint64, error)
	BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error)
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
	EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
	SendTransaction(ctx context.Context, tx *types.Transaction) error
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
}

// New returns a client for contract on chainID through b.
func New(b Backend, contract common.Address, chainID uint64) *Client {
	return newClient(backendNode{b}, contract, chainID)
}

// backendNode adapts a Backend to node.
type backendNode struct{ b Backend }

func (n backendNode) BlockNumber(ctx context.Context) (uint64, error) { return n.b.BlockNumber(ctx) }

func (n backendNode) BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error) {
	return n.b.BalanceAt(ctx, account, block)
}

func (m callMsg) geth() ethereum.CallMsg {
	return ethereum.CallMsg{From: m.From, To: m.To, Value: m.Value, Data: m.Data}
}

func (n backendNode) CallContract(ctx context.Context, m callMsg, block *big.Int) ([]byte, error) {
	return n.b.CallContract(ctx, m.geth(), block)
}

func (n backendNode) EstimateGas(ctx context.Context, m callMsg) (uint64, error) {
	return n.b.EstimateGas(ctx, m.geth())
}

func (n backendNode) BaseFee(ctx context.Context) (*big.Int, error) {
	h, err := n.b.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	if h.BaseFee == nil {
		return nil, errors.New("the latest block has no base fee (EIP-1559 is not active)")
	}
	return h.BaseFee, nil
}

func (n backendNode) BlockHash(ctx context.Context, number uint64) (common.Hash, error) {
	h, err := n.b.HeaderByNumber(ctx, new(big.Int).SetUint64(number))
	if errors.Is(err, ethereum.NotFound) {
		return common.Hash{}, errNotFound
	}
	if err != nil {
		return common.Hash{}, err
	}
	return h.Hash(), nil
}

func (n backendNode) SuggestGasTipCap(ctx context.Context) (*big.Int, error) {
	return n.b.SuggestGasTipCap(ctx)
}

func (n backendNode) PendingNonceAt(ctx context.Context, account common.Address) (uint64, error) {
	return n.b.PendingNonceAt(ctx, account)
}

func (n backendNode) SendRawTransaction(ctx context.Context, raw []byte) error {
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return fmt.Errorf("decode transaction: %w", err)
	}
	return n.b.SendTransaction(ctx, tx)
}

func (n backendNode) TransactionReceipt(ctx context.Context, h common.Hash) (*Receipt, error) {
	r, err := n.b.TransactionReceipt(ctx, h)
	if errors.Is(err, ethereum.NotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	rc := &Receipt{Status: r.Status, TxHash: r.TxHash, BlockHash: r.BlockHash, BlockNumber: r.BlockNumber,
		GasUsed: r.GasUsed, EffectiveGasPrice: r.EffectiveGasPrice}
	if rc.EffectiveGasPrice == nil {
		rc.EffectiveGasPrice = new(big.Int)
	}
	for _, l := range r.Logs {
		rc.Logs = append(rc.Logs, fromGethLog(l))
	}
	return rc, nil
}

func fromGethLog(l *types.Log) *Log {
	return &Log{Address: l.Address, Topics: l.Topics, Data: l.Data, BlockNumber: l.BlockNumber,
		TxHash: l.TxHash, Index: l.Index, Removed: l.Removed}
}

func (n backendNode) FilterLogs(ctx context.Context, q filterQuery) ([]*Log, error) {
	logs, err := n.b.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: q.FromBlock, Addresses: q.Addresses, Topics: q.Topics})
	if err != nil {
		return nil, err
	}
	out := make([]*Log, 0, len(logs))
	for i := range logs {
		out = append(out, fromGethLog(&logs[i]))
	}
	return out, nil
}

// ReceiptReader is the part of a go-ethereum client WaitMined needs.
type ReceiptReader interface {
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
}

// WaitMined polls r for the receipt of hash on the LocalBackoff schedule
// (not once a second like bind.WaitMined) until it is mined or ctx ends;
// errors are retried (the node may still be indexing). It is [PollReceipt]
// for go-ethereum clients: the host's dev chain, deploy and watchtower use it.
//
// If r also reports the head block (BlockNumber), WaitMined returns only
// once the receipt's block is at or below the head: go-ethereum writes a
// block's transaction index a moment before it makes the block the head,
// so a read at "latest" right after the receipt could miss the transaction.
func WaitMined(ctx context.Context, r ReceiptReader, hash common.Hash) (*types.Receipt, error) {
	rc, err := PollReceipt(ctx, hash, LocalBackoff, r.TransactionReceipt, nil)
	if err != nil {
		return nil, err
	}
	hr, ok := r.(interface {
		BlockNumber(ctx context.Context) (uint64, error)
	})
	if !ok || rc.BlockNumber == nil {
		return rc, nil
	}
	type head struct{}
	_, err = PollReceipt(ctx, hash, LocalBackoff, func(ctx context.Context, _ common.Hash) (*head, error) {
		n, err := hr.BlockNumber(ctx)
		if err != nil || n < rc.BlockNumber.Uint64() {
			return nil, err
		}
		return &head{}, nil
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("block %v of %s never became the head: %w", rc.BlockNumber, hash.Hex(), err)
	}
	return rc, nil
}

// FeeReader is the part of a go-ethereum client CurrentFees needs.
type FeeReader interface {
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// CurrentFees returns the offer for the latest block ([FeesFor] the node's
// suggested tip and the block's base fee) and that base fee (zero before
// EIP-1559).
func CurrentFees(ctx context.Context, r FeeReader) (fees Fees, baseFee *big.Int, err error) {
	tip, err := r.SuggestGasTipCap(ctx)
	if err != nil {
		return Fees{}, nil, fmt.Errorf("gas tip: %w", err)
	}
	hdr, err := r.HeaderByNumber(ctx, nil)
	if err != nil {
		return Fees{}, nil, fmt.Errorf("head header: %w", err)
	}
	baseFee = hdr.BaseFee
	if baseFee == nil {
		baseFee = new(big.Int)
	}
	return FeesFor(baseFee, tip), baseFee, nil
}
