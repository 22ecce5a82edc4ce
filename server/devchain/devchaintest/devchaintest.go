// Package devchaintest starts a development chain that a test uses as an
// external Ethereum node: its own data directory and HTTP listener, with
// DuplexChannel deployed by the seed's Deployer key. Tests of the host's
// --rpc mode and of the watchtower's catch-up share it.
package devchaintest

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"paychan/server/deploy"
	"paychan/server/devchain"
)

// Node is a running external development node.
type Node struct {
	Chain    *devchain.Chain
	URL      string            // its JSON-RPC endpoint
	Client   *ethclient.Client // a client of URL
	Contract common.Address    // the deployed DuplexChannel
	Deployed *types.Receipt    // the deployment's receipt
}

// Start starts a node on t.TempDir() data and deploys the contract; all of
// it is closed when the test ends.
func Start(tb testing.TB) *Node {
	tb.Helper()
	chain, err := devchain.New(devchain.Options{Dir: tb.TempDir()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { chain.Close() })
	srv := httptest.NewServer(chain.Handler())
	tb.Cleanup(srv.Close)
	client, err := ethclient.Dial(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(client.Close)
	deployer, _ := devchain.TestKeyByName("Deployer")
	addr, receipt, err := deploy.Contract(context.Background(), client, deployer.Key)
	if err != nil {
		tb.Fatal(err)
	}
	return &Node{Chain: chain, URL: srv.URL, Client: client, Contract: addr, Deployed: receipt}
}
