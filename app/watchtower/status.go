package watchtower

// StatusPath is where the host serves its watchtower's Status (GET, JSON).
const StatusPath = "/watchtower"

// Status is what a host reports about its watchtower: who it is, what it
// watches and what it has cost. Amounts are decimal strings of wei.
type Status struct {
	// Account is the watchtower's address: its relay identity (send
	// hand-offs to it) and the account its claims are paid from.
	Account string `json:"account"`
	// ChainID and Contract are the chain and DuplexChannel it serves.
	ChainID  uint64 `json:"chainId"`
	Contract string `json:"contract"`
	// Balance is the account's balance, in wei.
	Balance string `json:"balance"`
	// Watched is the number of payments held (one per channel and
	// direction); Channels the number of channels they belong to.
	Watched  int `json:"watched"`
	Channels int `json:"channels"`
	// Cursor is the last block whose events were processed.
	Cursor uint64 `json:"cursor"`
	// Claims is the number of claims mined successfully, Failures the
	// failed attempts (retried), Missed the claims whose period ended
	// before they could be sent.
	Claims   int `json:"claims"`
	Failures int `json:"failures"`
	Missed   int `json:"missed"`
	// GasUsed and GasSpent (wei) add up every transaction sent.
	GasUsed  uint64 `json:"gasUsed"`
	GasSpent string `json:"gasSpent"`
	// Relay is the state of the connection to the relay ("connected", ...).
	Relay string `json:"relay,omitempty"`
	// Tokens are the ERC-20 tokens whose channels the watchtower protects
	// (those its operator priced), ordered by address: a wallet shows a
	// token channel's protected total in the token's unit with them.
	Tokens []TokenStatus `json:"tokens,omitempty"`
}

// TokenStatus is one priced token in a Status.
type TokenStatus struct {
	// Token is the token's address; Symbol and Decimals are read from it.
	Token    string `json:"token"`
	Symbol   string `json:"symbol"`
	Decimals int    `json:"decimals"`
	// WeiPerToken is the operator's price of one whole token, in wei.
	WeiPerToken string `json:"weiPerToken"`
	// Watched is the number of payments held in channels of this token.
	Watched int `json:"watched"`
}
