// Package chainclient is the wallet's view of the DuplexChannel contract over
// Ethereum JSON-RPC (the host's /rpc): it reads channels, balances and
// blocks, lists the channels of an account from ChannelOpened events, and
// sends transactions signed locally with the user's key, reporting their
// progress. It builds for GOOS=js GOARCH=wasm.
//
// It stays light for the browser: a small JSON-RPC client over package
// fetch (the browser's fetch; net/http natively) and EIP-1559 transactions
// signed by hand, instead of go-ethereum's ethclient, rpc and core/types
// (OpenTelemetry, metrics, KZG, BLS12-381) and net/http's client (its Go
// transport with crypto/tls), which made app.wasm 0.9 MB of brotli larger.
// Native callers can also run it on any go-ethereum client with [New].
package chainclient

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	_ "embed"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/channel"
)

// abiJSON is a copy of contracts/build/DuplexChannel.abi (a test keeps
// them equal). The browser build packs calls with accounts/abi alone:
// the abigen bindings import bind/v2, which pulls keystore, scrypt and
// signer/core/apitypes into app.wasm.
//
//go:embed duplexchannel.abi.json
var abiJSON string

// contractABI is parsed at a client's first use of it (a call, a
// transaction, an event), not in the package's init nor by Dial: in the
// browser the parse is a long task (tens of milliseconds on a phone) that
// would otherwise add to the wallet's start, which reads only the block
// number and the chain's mark.
var contractABI = sync.OnceValue(func() *abi.ABI { return mustParseABI("DuplexChannel", abiJSON) })

// mustParseABI parses an ABI embedded in the package (a test keeps each
// equal to the contract's build).
func mustParseABI(name, js string) *abi.ABI {
	a, err := abi.JSON(strings.NewReader(js))
	if err != nil {
		panic("chainclient: bad embedded " + name + " ABI: " + err.Error())
	}
	return &a
}

// node is what the client needs from a node: the JSON-RPC client of Dial,
// or a go-ethereum client adapted by New (native builds only).
type node interface {
	BlockNumber(ctx context.Context) (uint64, error)
	BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error)
	CallContract(ctx context.Context, msg callMsg, block *big.Int) ([]byte, error)
	EstimateGas(ctx context.Context, msg callMsg) (uint64, error)
	BaseFee(ctx context.Context) (*big.Int, error)                     // of the latest block
	BlockHash(ctx context.Context, number uint64) (common.Hash, error) // errNotFound past the head
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	PendingNonceAt(ctx context.Context, account common.Address) (uint64, error)
	SendRawTransaction(ctx context.Context, raw []byte) error
	TransactionReceipt(ctx context.Context, hash common.Hash) (*Receipt, error) // errNotFound until mined
	FilterLogs(ctx context.Context, q filterQuery) ([]*Log, error)
}

// callMsg is a call to the contract (eth_call, eth_estimateGas).
type callMsg struct {
	From  common.Address
	To    *common.Address
	Value *big.Int
	Data  []byte
}

// filterQuery selects logs from FromBlock to the latest block.
type filterQuery struct {
	FromBlock *big.Int
	Addresses []common.Address
	Topics    [][]common.Hash
}

// ReceiptStatusSuccessful is the Status of a receipt whose transaction
// succeeded (0 means it reverted).
const ReceiptStatusSuccessful = 1

// Receipt is a mined transaction's receipt (the fields the wallet uses).
type Receipt struct {
	Status            uint64 // ReceiptStatusSuccessful, or 0 if reverted
	TxHash            common.Hash
	BlockHash         common.Hash
	BlockNumber       *big.Int
	GasUsed           uint64
	EffectiveGasPrice *big.Int // wei per gas paid
	Logs              []*Log
}

// GasCost returns what the transaction cost its sender: gas used times the
// effective gas price.
func (r *Receipt) GasCost() *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(r.GasUsed), r.EffectiveGasPrice)
}

// Log is a contract event log.
type Log struct {
	Address     common.Address
	Topics      []common.Hash
	Data        []byte
	BlockNumber uint64
	TxHash      common.Hash
	Index       uint
	Removed     bool // dropped by a reorganisation
}

// Status is a channel's on-chain status (the contract's enum).
type Status uint8

// Channel statuses.
const (
	StatusNone Status = iota
	StatusOpen
	StatusClosing
	StatusClosed
)

func (s Status) String() string {
	switch s {
	case StatusNone:
		return "none"
	case StatusOpen:
		return "open"
	case StatusClosing:
		return "closing"
	case StatusClosed:
		return "closed"
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

// Channel is a channel as the contract reports it at block Block.
type Channel struct {
	ID                       uint64
	Block                    uint64 // the block the values were read at
	Status                   Status // Closing past closesAt is reported Closed
	Alice, Bob               common.Address
	AliceSigner, BobSigner   common.Address
	AliceDeposit             *big.Int
	BobDeposit               *big.Int
	AlicePaid, BobPaid       *big.Int // best totals proven on chain
	ClosesAt                 uint64   // 0 unless closing
	FinalizationBlocks       uint64
	AliceBalance, BobBalance *big.Int // payouts at the current totals
	AliceWithdrawn           bool
	BobWithdrawn             bool
	// Asset is what the channel holds: the zero Asset for ETH, else the
	// ERC-20 token with its symbol and decimals (read from the token). The
	// deposits, totals and balances above are in its units.
	Asset channel.Asset
}

// Stage is a step of a transaction.
type Stage int

// Transaction stages, in order (Failed may come at any point).
const (
	Signing Stage = iota // building and signing in the browser
	Sent                 // accepted by the node; Hash is known
	Mined                // included with success
	Failed               // rejected, reverted, or not sent
)

func (s Stage) String() string {
	return [...]string{"signing", "sent", "mined", "failed"}[s]
}

// Progress reports a transaction's stage; hash is zero before Sent and err
// is set only for Failed. It may be nil.
type Progress func(stage Stage, hash common.Hash, err error)

// Client talks to one DuplexChannel contract.
type Client struct {
	b        node
	abi      func() *abi.ABI // parsed at its first call (contractABI, erc20ABI)
	contract common.Address
	chainID  *big.Int
	// PollInterval is how often a sent transaction's receipt is polled.
	PollInterval time.Duration
}

func newClient(b node, contract common.Address, chainID uint64) *Client {
	return &Client{b: b, abi: contractABI, contract: contract,
		chainID: new(big.Int).SetUint64(chainID), PollInterval: 150 * time.Millisecond}
}

// Dial returns a client of the JSON-RPC endpoint at url (http(s)://…/rpc).
// It sends nothing yet: the first call reaches the node.
func Dial(ctx context.Context, url string, contract common.Address, chainID uint64) (*Client, error) {
	rc, err := newRPCClient(url)
	if err != nil {
		return nil, fmt.Errorf("chainclient: dial %s: %w", url, err)
	}
	return newClient(rc, contract, chainID), nil
}

// Contract returns the contract address.
func (c *Client) Contract() common.Address { return c.contract }

// BlockNumber returns the current block.
func (c *Client) BlockNumber(ctx context.Context) (uint64, error) {
	n, err := c.b.BlockNumber(ctx)
	if err != nil {
		return 0, fmt.Errorf("chainclient: block number: %w", err)
	}
	return n, nil
}

// MarkBlock is the block whose hash tells one chain from another with the
// same chain id and contract address: a development chain started again
// from an empty data directory has the same genesis, deployer and contract
// address, but its block 1 (the contract's deployment, with its own
// timestamp) has another hash. On a public chain it never changes.
const MarkBlock = 1

// ChainMark returns the hash of block MarkBlock, or the zero hash if the
// chain has not reached it yet.
func (c *Client) ChainMark(ctx context.Context) (common.Hash, error) {
	h, err := c.b.BlockHash(ctx, MarkBlock)
	if errors.Is(err, errNotFound) {
		return common.Hash{}, nil
	}
	if err != nil {
		return common.Hash{}, fmt.Errorf("chainclient: block %d: %w", MarkBlock, err)
	}
	return h, nil
}

// headHasher is a node that reads the head's number and a block's hash
// in one request (rpcClient: a JSON-RPC batch).
type headHasher interface {
	HeadAndHash(ctx context.Context, number uint64) (uint64, common.Hash, error)
}

// HeadAndMark returns what BlockNumber and ChainMark return, in one
// request to a JSON-RPC node (in the browser, one fetch instead of two at
// the wallet's start).
func (c *Client) HeadAndMark(ctx context.Context) (uint64, common.Hash, error) {
	hh, ok := c.b.(headHasher)
	if !ok {
		n, err := c.BlockNumber(ctx)
		if err != nil {
			return 0, common.Hash{}, err
		}
		h, err := c.ChainMark(ctx)
		return n, h, err
	}
	n, h, err := hh.HeadAndHash(ctx, MarkBlock)
	if errors.Is(err, errNotFound) {
		return n, common.Hash{}, nil
	}
	if err != nil {
		return 0, common.Hash{}, fmt.Errorf("chainclient: block number and block %d: %w", MarkBlock, err)
	}
	return n, h, nil
}

// Balance returns the account's balance in wei.
func (c *Client) Balance(ctx context.Context, account common.Address) (*big.Int, error) {
	v, err := c.b.BalanceAt(ctx, account, nil)
	if err != nil {
		return nil, fmt.Errorf("chainclient: balance of %s: %w", account, err)
	}
	return v, nil
}

// call runs a view method at block and returns its outputs.
func (c *Client) call(ctx context.Context, block *big.Int, method string, args ...any) ([]any, error) {
	data, err := c.abi().Pack(method, args...)
	if err != nil {
		return nil, fmt.Errorf("pack %s: %w", method, err)
	}
	out, err := c.b.CallContract(ctx, callMsg{To: &c.contract, Data: data}, block)
	if err != nil {
		return nil, c.readable(err)
	}
	vals, err := c.abi().Unpack(method, out)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", method, err)
	}
	return vals, nil
}

// ErrNoChannel is returned by Channel for an id that was never opened.
var ErrNoChannel = errors.New("no such channel")

// Channel reads channel id at the latest block.
func (c *Client) Channel(ctx context.Context, id uint64) (*Channel, error) {
	head, err := c.BlockNumber(ctx)
	if err != nil {
		return nil, err
	}
	at := new(big.Int).SetUint64(head)
	bid := new(big.Int).SetUint64(id)
	ch := &Channel{ID: id, Block: head}
	read := func(method string) ([]any, error) {
		v, err := c.call(ctx, at, method, bid)
		if err != nil {
			return nil, fmt.Errorf("chainclient: channel %d %s: %w", id, method, err)
		}
		return v, nil
	}
	v, err := read("status")
	if err != nil {
		return nil, err
	}
	ch.Status = Status(v[0].(uint8))
	if ch.Status == StatusNone {
		return nil, fmt.Errorf("chainclient: channel %d: %w", id, ErrNoChannel)
	}
	if ch.Asset, err = c.channelAsset(ctx, id, at); err != nil {
		return nil, err
	}
	if v, err = read("parties"); err != nil {
		return nil, err
	}
	ch.Alice, ch.Bob, ch.AliceSigner, ch.BobSigner = v[0].(common.Address), v[1].(common.Address), v[2].(common.Address), v[3].(common.Address)
	if v, err = read("deposits"); err != nil {
		return nil, err
	}
	ch.AliceDeposit, ch.BobDeposit = v[0].(*big.Int), v[1].(*big.Int)
	if v, err = read("paid"); err != nil {
		return nil, err
	}
	ch.AlicePaid, ch.BobPaid = v[0].(*big.Int), v[1].(*big.Int)
	if v, err = read("closesAt"); err != nil {
		return nil, err
	}
	ch.ClosesAt = v[0].(uint64)
	if v, err = read("finalizationBlocks"); err != nil {
		return nil, err
	}
	ch.FinalizationBlocks = v[0].(uint64)
	if v, err = read("balances"); err != nil {
		return nil, err
	}
	ch.AliceBalance, ch.BobBalance = v[0].(*big.Int), v[1].(*big.Int)
	if v, err = read("withdrawn"); err != nil {
		return nil, err
	}
	ch.AliceWithdrawn, ch.BobWithdrawn = v[0].(bool), v[1].(bool)
	return ch, nil
}

// Opened is a ChannelOpened event.
type Opened struct {
	ID                     uint64
	Alice, Bob             common.Address
	AliceSigner, BobSigner common.Address
	FinalizationBlocks     uint64
	Block                  uint64
}

// MyChannels lists the channels where account is Alice or Bob, oldest
// first, from the contract's ChannelOpened events.
func (c *Client) MyChannels(ctx context.Context, account common.Address) ([]Opened, error) {
	ev := c.abi().Events["ChannelOpened"].ID
	acct := common.BytesToHash(account.Bytes())
	seen := map[uint64]bool{}
	var out []Opened
	for _, topics := range [][][]common.Hash{
		{{ev}, nil, {acct}},      // account is alice
		{{ev}, nil, nil, {acct}}, // account is bob
	} {
		logs, err := c.b.FilterLogs(ctx, filterQuery{
			FromBlock: big.NewInt(0), Addresses: []common.Address{c.contract}, Topics: topics,
		})
		if err != nil {
			return nil, fmt.Errorf("chainclient: channels of %s: %w", account, err)
		}
		for _, l := range logs {
			o, err := c.opened(l)
			if err != nil {
				return nil, err
			}
			if seen[o.ID] {
				continue
			}
			seen[o.ID] = true
			out = append(out, o)
		}
	}
	sortOpened(out)
	return out, nil
}

// opened decodes a ChannelOpened log.
func (c *Client) opened(l *Log) (Opened, error) {
	ev := c.abi().Events["ChannelOpened"]
	if len(l.Topics) != 4 || l.Topics[0] != ev.ID {
		return Opened{}, errors.New("chainclient: not a ChannelOpened log")
	}
	var data struct {
		AliceSigner, BobSigner common.Address
		FinalizationBlocks     uint64
	}
	if err := c.abi().UnpackIntoInterface(&data, "ChannelOpened", l.Data); err != nil {
		return Opened{}, fmt.Errorf("chainclient: decode ChannelOpened: %w", err)
	}
	return Opened{
		ID:    new(big.Int).SetBytes(l.Topics[1].Bytes()).Uint64(),
		Alice: common.BytesToAddress(l.Topics[2].Bytes()), Bob: common.BytesToAddress(l.Topics[3].Bytes()),
		AliceSigner: data.AliceSigner, BobSigner: data.BobSigner, FinalizationBlocks: data.FinalizationBlocks,
		Block: l.BlockNumber,
	}, nil
}

func sortOpened(o []Opened) {
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && o[j].ID < o[j-1].ID; j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
}

// Open opens a channel with bob as Alice (the key's address), depositing
// value, and returns the new channel id. A zero signer means "same as the
// account".
func (c *Client) Open(ctx context.Context, key *ecdsa.PrivateKey, bob, bobSigner, aliceSigner common.Address,
	finalizationBlocks uint64, value *big.Int, progress Progress) (uint64, *Receipt, error) {
	data, err := c.abi().Pack("open", bob, bobSigner, aliceSigner, finalizationBlocks)
	if err != nil {
		return 0, nil, fmt.Errorf("chainclient: pack open: %w", err)
	}
	rc, err := c.transact(ctx, key, value, data, progress)
	if err != nil {
		return 0, rc, err
	}
	for _, l := range rc.Logs {
		if o, err := c.opened(l); err == nil {
			return o.ID, rc, nil
		}
	}
	return 0, rc, errors.New("chainclient: open mined without a ChannelOpened event")
}

// Deposit adds value to channel id.
func (c *Client) Deposit(ctx context.Context, key *ecdsa.PrivateKey, id uint64, value *big.Int, progress Progress) (*Receipt, error) {
	return c.send(ctx, key, value, progress, "deposit", new(big.Int).SetUint64(id))
}

// Claim submits payer's signed total paid on channel id.
func (c *Client) Claim(ctx context.Context, key *ecdsa.PrivateKey, id uint64, payer common.Address, paid *big.Int, sig []byte, progress Progress) (*Receipt, error) {
	return c.send(ctx, key, nil, progress, "claim", new(big.Int).SetUint64(id), payer, paid, sig)
}

// StartClose starts the finalization period of channel id.
func (c *Client) StartClose(ctx context.Context, key *ecdsa.PrivateKey, id uint64, progress Progress) (*Receipt, error) {
	return c.send(ctx, key, nil, progress, "startClose", new(big.Int).SetUint64(id))
}

// CooperativeClose submits both parties' signatures over Close(id,
// alicePaid, bobPaid): the channel closes at once and both parties are
// paid in this one transaction.
func (c *Client) CooperativeClose(ctx context.Context, key *ecdsa.PrivateKey, id uint64, alicePaid, bobPaid *big.Int,
	aliceSig, bobSig []byte, progress Progress) (*Receipt, error) {
	return c.send(ctx, key, nil, progress, "cooperativeClose", new(big.Int).SetUint64(id), alicePaid, bobPaid, aliceSig, bobSig)
}

// Deposits returns the last deposit totals of channel id from its
// Deposited events. A settled channel's deposits() read zero (the
// contract deletes them once both parties are paid); its events remain.
func (c *Client) Deposits(ctx context.Context, id uint64, alice, bob common.Address) (aliceTotal, bobTotal *big.Int, err error) {
	ev := c.abi().Events["Deposited"]
	logs, err := c.b.FilterLogs(ctx, filterQuery{
		FromBlock: big.NewInt(0), Addresses: []common.Address{c.contract},
		Topics: [][]common.Hash{{ev.ID}, {common.BigToHash(new(big.Int).SetUint64(id))}},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("chainclient: deposits of channel %d: %w", id, err)
	}
	aliceTotal, bobTotal = new(big.Int), new(big.Int)
	for _, l := range logs {
		if len(l.Topics) != 3 {
			continue
		}
		v, err := c.abi().Unpack("Deposited", l.Data)
		if err != nil || len(v) != 2 {
			return nil, nil, fmt.Errorf("chainclient: decode Deposited: %v", err)
		}
		total := v[1].(*big.Int)
		switch common.BytesToAddress(l.Topics[2].Bytes()) {
		case alice:
			aliceTotal = total
		case bob:
			bobTotal = total
		}
	}
	return aliceTotal, bobTotal, nil
}

// Withdraw pays the key's account its balance of closed channel id and
// returns the amount.
func (c *Client) Withdraw(ctx context.Context, key *ecdsa.PrivateKey, id uint64, progress Progress) (*big.Int, *Receipt, error) {
	rc, err := c.send(ctx, key, nil, progress, "withdraw", new(big.Int).SetUint64(id))
	if err != nil {
		return nil, rc, err
	}
	ev := c.abi().Events["Withdrawn"]
	for _, l := range rc.Logs {
		if len(l.Topics) > 0 && l.Topics[0] == ev.ID {
			v, err := c.abi().Unpack("Withdrawn", l.Data)
			if err == nil && len(v) == 1 {
				return v[0].(*big.Int), rc, nil
			}
		}
	}
	return new(big.Int), rc, nil
}

// send packs a call of method and transacts it.
func (c *Client) send(ctx context.Context, key *ecdsa.PrivateKey, value *big.Int, progress Progress, method string, args ...any) (*Receipt, error) {
	data, err := c.abi().Pack(method, args...)
	if err != nil {
		return nil, fmt.Errorf("chainclient: pack %s: %w", method, err)
	}
	return c.transact(ctx, key, value, data, progress)
}

// transact estimates, signs (in process: the key never leaves), sends and
// waits for the receipt of a call to the contract.
func (c *Client) transact(ctx context.Context, key *ecdsa.PrivateKey, value *big.Int, data []byte, progress Progress) (*Receipt, error) {
	report := func(s Stage, h common.Hash, err error) {
		if progress != nil {
			progress(s, h, err)
		}
	}
	fail := func(err error) (*Receipt, error) {
		report(Failed, common.Hash{}, err)
		return nil, err
	}
	report(Signing, common.Hash{}, nil)
	if value == nil {
		value = new(big.Int)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	msg := callMsg{From: from, To: &c.contract, Value: value, Data: data}
	gas, err := c.b.EstimateGas(ctx, msg)
	if err != nil {
		return fail(c.readable(err))
	}
	nonce, err := c.b.PendingNonceAt(ctx, from)
	if err != nil {
		return fail(fmt.Errorf("nonce: %w", err))
	}
	baseFee, err := c.b.BaseFee(ctx)
	if err != nil {
		return fail(fmt.Errorf("latest header: %w", err))
	}
	tip, err := c.b.SuggestGasTipCap(ctx)
	if err != nil {
		return fail(fmt.Errorf("gas tip: %w", err))
	}
	fees := FeesFor(baseFee, tip)
	tx := &dynamicFeeTx{
		ChainID: c.chainID, Nonce: nonce, GasTipCap: fees.Tip, GasFeeCap: fees.FeeCap,
		Gas: gas + gas/5, To: c.contract, Value: value, Data: data,
	}
	raw, hash, err := tx.sign(key)
	if err != nil {
		return fail(fmt.Errorf("sign: %w", err))
	}
	if err := c.b.SendRawTransaction(ctx, raw); err != nil {
		return fail(c.readable(err))
	}
	report(Sent, hash, nil)
	rc, err := c.wait(ctx, hash)
	if err != nil {
		report(Failed, hash, err)
		return nil, err
	}
	if rc.Status != ReceiptStatusSuccessful {
		// Replay the call at the block before to learn why it reverted.
		_, cerr := c.b.CallContract(ctx, msg, new(big.Int).Sub(rc.BlockNumber, big.NewInt(1)))
		err := errors.New("transaction reverted")
		if cerr != nil {
			err = c.readable(cerr)
		}
		report(Failed, hash, err)
		return rc, err
	}
	report(Mined, hash, nil)
	return rc, nil
}

func (c *Client) wait(ctx context.Context, h common.Hash) (*Receipt, error) {
	return PollReceipt(ctx, h, Backoff{First: c.PollInterval, Max: c.PollInterval}, c.b.TransactionReceipt,
		func(err error) bool { return errors.Is(err, errNotFound) })
}

// RevertError is a contract revert decoded into a sentence.
type RevertError struct {
	Name   string // the custom error's name, e.g. "ChannelNotOpen"
	Reason string // a sentence for people
	Err    error  // the node's error
}

func (e *RevertError) Error() string { return e.Reason }
func (e *RevertError) Unwrap() error { return e.Err }

// dataError is a JSON-RPC error with a data member: *RPCError, and
// go-ethereum rpc's errors through New.
type dataError interface {
	Error() string
	ErrorData() any
}

// readable turns a node error carrying revert data into a RevertError.
func (c *Client) readable(err error) error {
	var de dataError
	if !errors.As(err, &de) {
		return err
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return err
	}
	data, herr := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if herr != nil || len(data) < 4 {
		return err
	}
	e, uerr := c.abi().ErrorByID([4]byte(data[:4]))
	if uerr != nil {
		return err
	}
	args, uerr := e.Inputs.Unpack(data[4:])
	if uerr != nil {
		return err
	}
	return &RevertError{Name: e.Name, Reason: describe(e.Name, args), Err: err}
}

// describe writes a custom error of the contract as a sentence.
func describe(name string, a []any) string {
	arg := func(i int) any {
		if i < len(a) {
			if addr, ok := a[i].(common.Address); ok {
				return addr.Hex()
			}
			return a[i]
		}
		return "?"
	}
	status := func(i int) Status {
		if i < len(a) {
			if v, ok := a[i].(uint8); ok {
				return Status(v)
			}
		}
		return StatusNone
	}
	switch name {
	case "NotParty":
		return fmt.Sprintf("%s is not a party of channel %v", arg(1), arg(0))
	case "ChannelNotOpen":
		return fmt.Sprintf("channel %v is not open (it is %s)", arg(0), status(1))
	case "ChannelNotActive":
		return fmt.Sprintf("channel %v is no longer open or closing (it is %s)", arg(0), status(1))
	case "ChannelNotClosed":
		return fmt.Sprintf("channel %v is not closed yet (it is %s): wait for the end of the finalization period", arg(0), status(1))
	case "AlreadyWithdrawn":
		return fmt.Sprintf("%s already withdrew from channel %v", arg(1), arg(0))
	case "ZeroDeposit":
		return fmt.Sprintf("a deposit to channel %v must be more than 0", arg(0))
	case "WrongSigner":
		return fmt.Sprintf("the payment for channel %v is signed by %s, not by %s", arg(0), arg(2), arg(1))
	case "InvalidPayer":
		return fmt.Sprintf("%s is not a party of channel %v", arg(1), arg(0))
	case "InvalidCounterparty":
		return fmt.Sprintf("%s cannot be the counterparty (zero or yourself)", arg(0))
	case "SameSigner":
		return fmt.Sprintf("both parties have the same signer %s", arg(0))
	case "InvalidFinalizationBlocks":
		return fmt.Sprintf("the finalization period must be 1 to %v blocks, not %v", arg(1), arg(0))
	case "AmountTooLarge":
		return fmt.Sprintf("amount %v is above the contract's maximum %v", arg(0), arg(1))
	case "ChannelSettled":
		return fmt.Sprintf("channel %v is already settled", arg(0))
	case "TransferFailed":
		return fmt.Sprintf("the payout of %v to %s failed", arg(1), arg(0))
	}
	return "the contract refused: " + name
}
