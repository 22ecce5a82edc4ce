package devchain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"paychan/app/chainclient"

	"github.com/ethereum/go-ethereum"
	bind "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/contracts/bindings"
)

// The development chain's test token (contracts/TestUSD.sol): a standard
// OpenZeppelin ERC-20 with a fixed supply minted at deployment.
const (
	TestUSDName     = "Test USD"
	TestUSDSymbol   = "tUSD"
	TestUSDDecimals = 6
)

// TestUSDWeiPerToken is the price the host's watchtower puts on one tUSD by
// default on the development chain (4·10^14 wei, i.e. 2,500 tUSD per ETH: a
// fictitious figure, the token is worth nothing), so that the demo's token
// channels are protected (docs/token-watchtower.md).
var TestUSDWeiPerToken = big.NewInt(400_000_000_000_000)

// TestUSDFunds is what Alice and Bob each receive at the token's deployment:
// 1,000,000 tUSD in units of 10^-6.
var TestUSDFunds = new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1_000_000))

// TestUSDHolders are the test keys the token's supply is minted to, each
// TestUSDFunds.
var TestUSDHolders = []string{"Alice", "Bob"}

// TestUSDFile is the file in Options.Dir recording the token's address.
const TestUSDFile = "testusd.json"

// Token is an ERC-20 token on the chain, as the host lists it.
type Token struct {
	Address  common.Address `json:"address"`
	Symbol   string         `json:"symbol"`
	Decimals uint8          `json:"decimals"`
}

// testUSDRecord is the content of TestUSDFile.
type testUSDRecord struct {
	Address common.Address `json:"address"`
}

// TestUSD returns the chain's test token, deploying it from the Deployer the
// first time (the supply goes to TestUSDHolders). Later starts find it by
// the record in the chain's directory; a record whose token is missing from
// the chain (a chain folder deleted, a crash before the deployment was
// mined) deploys it again. Call it after DuplexChannel is deployed: the
// host's contract is the Deployer's first contract.
//
// The record is written (and synced) before the deployment is sent, with
// the address the deployment will have, so a crash between the two never
// leaves a token the host does not know: a restart sees the record and
// either finds the token there or deploys it again.
func (c *Chain) TestUSD(ctx context.Context) (Token, error) {
	c.tokenMu.Lock()
	defer c.tokenMu.Unlock()
	tok := Token{Symbol: TestUSDSymbol, Decimals: TestUSDDecimals}
	if rec, err := c.loadTestUSD(); err != nil {
		return Token{}, err
	} else if rec != (common.Address{}) {
		ok, err := c.isTestUSD(ctx, rec)
		if err != nil {
			return Token{}, err
		}
		if ok {
			tok.Address = rec
			return tok, nil
		}
		c.log.Warn("devchain: the recorded test token is missing from the chain; deploying it again", "token", rec.Hex())
	}
	addr, err := c.deployTestUSD(ctx)
	if err != nil {
		return Token{}, err
	}
	tok.Address = addr
	return tok, nil
}

// deployTestUSD deploys TestUSD from the Deployer and waits until it is
// mined and on disk.
func (c *Chain) deployTestUSD(ctx context.Context) (common.Address, error) {
	deployer, _ := TestKeyByName("Deployer")
	holders := make([]common.Address, 0, len(TestUSDHolders))
	amounts := make([]*big.Int, 0, len(TestUSDHolders))
	for _, name := range TestUSDHolders {
		k, _ := TestKeyByName(name)
		holders = append(holders, k.Address)
		amounts = append(amounts, new(big.Int).Set(TestUSDFunds))
	}
	nonce, err := c.client.PendingNonceAt(ctx, deployer.Address)
	if err != nil {
		return common.Address{}, fmt.Errorf("devchain: test token: deployer nonce: %w", err)
	}
	addr := crypto.CreateAddress(deployer.Address, nonce)
	if err := c.saveTestUSD(addr); err != nil {
		return common.Address{}, err
	}
	opts := bind.NewKeyedTransactor(deployer.Key, big.NewInt(ChainID))
	opts.Context = ctx
	opts.Nonce = new(big.Int).SetUint64(nonce)
	input := bindings.NewTestUSD().PackConstructor(holders, amounts)
	got, tx, err := bind.DeployContract(opts, common.FromHex(bindings.TestUSDMetaData.Bin), c.client, input)
	if err != nil {
		return common.Address{}, fmt.Errorf("devchain: test token: send deployment: %w", err)
	}
	if got != addr {
		return common.Address{}, fmt.Errorf("devchain: test token: deployed at %s, recorded %s", got, addr) // cannot happen: same nonce
	}
	receipt, err := chainclient.WaitMined(ctx, c.client, tx.Hash())
	if err != nil {
		return common.Address{}, fmt.Errorf("devchain: test token: %w", err)
	}
	c.Barrier()
	if receipt.Status != types.ReceiptStatusSuccessful {
		return common.Address{}, fmt.Errorf("devchain: test token: deployment %s reverted", tx.Hash())
	}
	c.log.Info("deployed the test token", "symbol", TestUSDSymbol, "token", addr.Hex(), "tx", tx.Hash().Hex(), "block", receipt.BlockNumber)
	return addr, nil
}

// isTestUSD reports whether the contract at addr answers symbol() with
// TestUSDSymbol (no code: false).
func (c *Chain) isTestUSD(ctx context.Context, addr common.Address) (bool, error) {
	code, err := c.client.CodeAt(ctx, addr, nil)
	if err != nil {
		return false, fmt.Errorf("devchain: test token: read code at %s: %w", addr, err)
	}
	if len(code) == 0 {
		return false, nil
	}
	b := bindings.NewTestUSD()
	out, err := c.client.CallContract(ctx, ethereum.CallMsg{To: &addr, Data: b.PackSymbol()}, nil)
	if err != nil {
		return false, nil // code that is not the token
	}
	sym, err := b.UnpackSymbol(out)
	return err == nil && sym == TestUSDSymbol, nil
}

// loadTestUSD reads the recorded token address; zero when there is no
// record. An in-memory chain keeps its record in memory.
func (c *Chain) loadTestUSD() (common.Address, error) {
	if c.dir == "" {
		return c.memTestUSD, nil
	}
	b, err := os.ReadFile(filepath.Join(c.dir, TestUSDFile))
	if errors.Is(err, fs.ErrNotExist) {
		return common.Address{}, nil
	}
	if err != nil {
		return common.Address{}, fmt.Errorf("devchain: read test token record: %w", err)
	}
	var rec testUSDRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return common.Address{}, fmt.Errorf("devchain: decode %s: %w", filepath.Join(c.dir, TestUSDFile), err)
	}
	return rec.Address, nil
}

// saveTestUSD records the token address durably (temporary file, fsync,
// rename); an in-memory chain records it in memory.
func (c *Chain) saveTestUSD(addr common.Address) error {
	if c.dir == "" {
		c.memTestUSD = addr
		return nil
	}
	b, err := json.Marshal(testUSDRecord{Address: addr})
	if err != nil {
		return fmt.Errorf("devchain: encode test token record: %w", err)
	}
	return writeFileSynced(filepath.Join(c.dir, TestUSDFile), append(b, '\n'), "test token record")
}
