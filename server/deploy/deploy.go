// Package deploy deploys the DuplexChannel contract and remembers where it
// was deployed in the host's data directory.
package deploy

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"

	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"paychan/app/chainclient"
	"paychan/contracts/bindings"
)

// Backend is what deployment needs from an Ethereum client (ethclient.Client
// satisfies it).
type Backend interface {
	bind.ContractBackend
	ChainID(ctx context.Context) (*big.Int, error)
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
}

// Contract deploys DuplexChannel from key, waits for the receipt (polling
// quickly) and checks that code exists at the new address.
func Contract(ctx context.Context, b Backend, key *ecdsa.PrivateKey) (common.Address, *types.Receipt, error) {
	chainID, err := b.ChainID(ctx)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("deploy: chain id: %w", err)
	}
	opts := bind.NewKeyedTransactor(key, chainID)
	opts.Context = ctx
	addr, tx, err := bind.DeployContract(opts, common.FromHex(bindings.DuplexChannelMetaData.Bin), b, nil)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("deploy: send DuplexChannel creation from %s: %w", opts.From, err)
	}
	receipt, err := chainclient.WaitMined(ctx, b, tx.Hash())
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("deploy: %w", err)
	}
	if receipt.Status != types.ReceiptStatusSuccessful {
		return common.Address{}, receipt, fmt.Errorf("deploy: creation transaction %s reverted", tx.Hash())
	}
	code, err := b.CodeAt(ctx, addr, receipt.BlockNumber)
	if err != nil {
		return common.Address{}, receipt, fmt.Errorf("deploy: read code at %s: %w", addr, err)
	}
	if len(code) == 0 {
		return common.Address{}, receipt, fmt.Errorf("deploy: no code at %s after transaction %s", addr, tx.Hash())
	}
	return addr, receipt, nil
}

// HasCode reports whether a contract exists at addr on the latest block.
func HasCode(ctx context.Context, b bind.ContractBackend, addr common.Address) (bool, error) {
	code, err := b.CodeAt(ctx, addr, nil)
	if err != nil {
		return false, fmt.Errorf("deploy: read code at %s: %w", addr, err)
	}
	return len(code) > 0, nil
}

// Record is what the data directory remembers about a deployment.
type Record struct {
	ChainID  uint64         `json:"chainId"`
	Contract common.Address `json:"contract"`
	Tx       common.Hash    `json:"tx,omitempty"`
	Block    uint64         `json:"block,omitempty"`
}

// FileName is the record's file in the data directory.
const FileName = "contract.json"

// ErrNoRecord means the data directory holds no deployment record.
var ErrNoRecord = errors.New("deploy: no contract recorded in the data directory")

// Load reads the deployment record in dir; ErrNoRecord if there is none.
func Load(dir string) (Record, error) {
	b, err := os.ReadFile(filepath.Join(dir, FileName))
	if errors.Is(err, os.ErrNotExist) {
		return Record{}, ErrNoRecord
	}
	if err != nil {
		return Record{}, fmt.Errorf("deploy: read record: %w", err)
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return Record{}, fmt.Errorf("deploy: decode %s: %w", filepath.Join(dir, FileName), err)
	}
	return r, nil
}

// Save writes the record to dir atomically and durably (temporary file,
// fsync, rename, fsync of the folder).
func Save(dir string, r Record) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("deploy: create %s: %w", dir, err)
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("deploy: encode record: %w", err)
	}
	tmp, err := os.CreateTemp(dir, FileName+".tmp*")
	if err != nil {
		return fmt.Errorf("deploy: save record: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("deploy: write record: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("deploy: sync record: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("deploy: close record: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, FileName)); err != nil {
		return fmt.Errorf("deploy: install record: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
