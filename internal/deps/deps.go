//go:build tools

// Package deps pins the project's dependencies while the packages that use
// them are being written; it is removed once every import is real.
package deps

import (
	_ "github.com/btcsuite/btcd/btcutil"
	_ "github.com/chromedp/chromedp"
	_ "github.com/coder/websocket"
	_ "github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	_ "github.com/ethereum/go-ethereum/eth"
	_ "github.com/ethereum/go-ethereum/eth/catalyst"
	_ "github.com/ethereum/go-ethereum/ethclient"
	_ "github.com/ethereum/go-ethereum/ethclient/simulated"
	_ "github.com/ethereum/go-ethereum/node"
	_ "github.com/ethereum/go-ethereum/signer/core/apitypes"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/maxence-charriere/go-app/v9/pkg/app"
	_ "github.com/nats-io/nats-server/v2/server"
	_ "github.com/nats-io/nats.go"
	_ "github.com/nats-io/nats.go/jetstream"
	_ "golang.org/x/crypto/scrypt"
)
