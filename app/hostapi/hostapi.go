// Package hostapi holds the JSON types the host serves to the wallet: the
// wallet's configuration at /config.json and the development endpoints
// /dev/mine and /dev/fund. It imports only the standard library so that it
// builds for GOOS=js GOARCH=wasm.
package hostapi

// Paths on the host's single origin.
const (
	ConfigPath = "/config.json" // GET: Config
	RPCPath    = "/rpc"         // POST: Ethereum JSON-RPC (allowlisted)
	RelayPath  = "/relay"       // WebSocket relay
	MinePath   = "/dev/mine"    // POST MineRequest -> MineResponse (embedded chain only)
	FundPath   = "/dev/fund"    // POST FundRequest -> FundResponse (embedded chain only)
)

// ConfigPrefetch is the global of the page in which the host's app.js
// (server/web) leaves its request for ConfigPath, started when the page
// loads, while app.wasm compiles: {response: a promise of the Response,
// abort: its AbortController}. The wallet takes it for its first read of
// the configuration (app/chainclient/fetch.Take).
const ConfigPrefetch = "paychanConfigFetch"

// Config tells the wallet which chain and contract to use and where the
// host's services are. It is served at ConfigPath.
type Config struct {
	// ChainID is the chain's EIP-155 id (1337 on the embedded chain).
	ChainID uint64 `json:"chainId"`
	// Contract is the DuplexChannel contract address, 0x-prefixed hex.
	Contract string `json:"contract"`
	// Symbol is the currency symbol shown to users ("ETH").
	Symbol string `json:"symbol"`
	// Decimals is the number of decimals of one coin (18: amounts are wei).
	Decimals int `json:"decimals"`
	// RPC is the path (or absolute URL) of the JSON-RPC endpoint.
	RPC string `json:"rpc"`
	// Relay is the path (or absolute URL) of the WebSocket relay.
	Relay string `json:"relay"`
	// DevTools reports whether MinePath and FundPath exist.
	DevTools bool `json:"devTools"`
	// Watchtower is the address the host's watchtower submits claims from,
	// empty while the host runs none.
	Watchtower string `json:"watchtower,omitempty"`
	// ChainKind is "evm" (the default when empty) or "qtum": it decides what
	// a Qtum address means (wallet.ParseChainKind, wallet.Counterparty).
	ChainKind string `json:"chainKind,omitempty"`
	// MinFinalizationBlocks is the development chain's lowered minimum
	// finalization period in blocks (0: not stated). Wallets honour it only
	// for the development chain id (channel.DevChainID); for any other chain
	// they keep their own minimum, so a host cannot lower it
	// (channel.MinFinalizationBlocks).
	MinFinalizationBlocks uint64 `json:"minFinalizationBlocks,omitempty"`
	// Tokens are ERC-20 tokens the host suggests for channels (the
	// development chain's tUSD); empty when it suggests none. A wallet may
	// use any other token by its address. The list is a convenience, not a
	// trust anchor: a wallet reads symbol and decimals from the chain too.
	Tokens []Token `json:"tokens,omitempty"`
}

// Token is an ERC-20 token listed in Config.Tokens.
type Token struct {
	// Address is the token contract, 0x-prefixed hex.
	Address string `json:"address"`
	// Symbol is the token's symbol ("tUSD").
	Symbol string `json:"symbol"`
	// Decimals is the number of decimals of one token (6 for tUSD: amounts
	// are counted in units of 10^-6).
	Decimals int `json:"decimals"`
}

// MaxMineBlocks is the largest MineRequest.Blocks the host accepts.
const MaxMineBlocks = 10_000

// MineRequest asks the host to mine Blocks blocks (1 to MaxMineBlocks).
type MineRequest struct {
	Blocks int `json:"blocks"`
}

// MineResponse reports the blocks mined and the new head block number.
type MineResponse struct {
	Blocks int    `json:"blocks"`
	Head   uint64 `json:"head"`
}

// FundRequest asks the host's faucet to send Amount wei (a decimal string)
// to Address (0x-prefixed hex).
type FundRequest struct {
	Address string `json:"address"`
	Amount  string `json:"amount"`
}

// FundResponse reports the mined funding transaction and the address's new
// balance in wei (a decimal string).
type FundResponse struct {
	Tx      string `json:"tx"`
	Balance string `json:"balance"`
}

// Error is the body of every non-2xx answer of the host's JSON endpoints
// (JSON-RPC errors at RPCPath use the JSON-RPC error shape instead).
type Error struct {
	// Code is a short stable identifier, such as "bad_request".
	Code string `json:"code"`
	// Message is a human readable explanation.
	Message string `json:"message"`
}

// Error codes used in Error.Code.
const (
	CodeBadRequest  = "bad_request"
	CodeNotFound    = "not_found"
	CodeMethod      = "method_not_allowed"
	CodeTooLarge    = "too_large"
	CodeInternal    = "internal"
	CodeUnavailable = "unavailable"
	CodeUnsupported = "unsupported_media_type"
	CodeRateLimited = "rate_limited"
)

// Error implements error so clients can return the decoded body directly.
func (e *Error) Error() string { return e.Code + ": " + e.Message }
