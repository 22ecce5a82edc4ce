package chainclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"sync/atomic"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"paychan/app/chainclient/fetch"
)

// errNotFound is what a node answers with a null result (a receipt not
// mined yet).
var errNotFound = errors.New("not found")

// RPCError is a JSON-RPC 2.0 error object returned by the node. Data
// carries the revert data of a failed call (a hex string), which the
// client decodes into a RevertError.
type RPCError struct {
	Code    int
	Message string
	Data    any
}

func (e *RPCError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("json-rpc error %d", e.Code)
	}
	return e.Message
}

// ErrorCode returns the JSON-RPC error code.
func (e *RPCError) ErrorCode() int { return e.Code }

// ErrorData returns the error's data member (nil if absent).
func (e *RPCError) ErrorData() any { return e.Data }

// HTTPError is a non-2xx answer of the JSON-RPC endpoint.
type HTTPError struct {
	StatusCode int
	Status     string
	Body       []byte
}

func (e *HTTPError) Error() string {
	if len(e.Body) == 0 {
		return e.Status
	}
	return fmt.Sprintf("%v: %s", e.Status, e.Body)
}

// rpcClient is a minimal JSON-RPC 2.0 client over HTTP POST: fetch in the
// browser, net/http elsewhere. It implements node.
type rpcClient struct {
	url string
	id  atomic.Uint64
}

func newRPCClient(rawURL string) (*rpcClient, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("no known transport for URL scheme %q", u.Scheme)
	}
	return &rpcClient{url: rawURL}, nil
}

type rpcRequest struct {
	Version string `json:"jsonrpc"`
	ID      uint64 `json:"id"`
	Method  string `json:"method"`
	Params  []any  `json:"params"`
}

type rpcResponse struct {
	ID     uint64          `json:"id"`
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    any    `json:"data"`
	} `json:"error"`
}

// call invokes method with params and decodes its result into result. A
// null result is errNotFound.
func (c *rpcClient) call(ctx context.Context, result any, method string, params ...any) error {
	if params == nil {
		params = []any{}
	}
	body, err := json.Marshal(rpcRequest{Version: "2.0", ID: c.id.Add(1), Method: method, Params: params})
	if err != nil {
		return fmt.Errorf("%s: encode: %w", method, err)
	}
	a, err := fetch.Do(ctx, "POST", c.url, "application/json", body)
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	if a.StatusCode < 200 || a.StatusCode > 299 {
		return &HTTPError{StatusCode: a.StatusCode, Status: a.Status, Body: a.Body}
	}
	var r rpcResponse
	if err := json.Unmarshal(a.Body, &r); err != nil {
		return fmt.Errorf("%s: decode answer: %w", method, err)
	}
	return r.decode(method, result)
}

// decode returns the answer's error, or decodes its result into result
// (errNotFound for a null result).
func (r *rpcResponse) decode(method string, result any) error {
	if r.Error != nil {
		return &RPCError{Code: r.Error.Code, Message: r.Error.Message, Data: r.Error.Data}
	}
	if len(r.Result) == 0 || string(r.Result) == "null" {
		return errNotFound
	}
	if err := json.Unmarshal(r.Result, result); err != nil {
		return fmt.Errorf("%s: decode result: %w", method, err)
	}
	return nil
}

// batchCall is one call of a JSON-RPC batch: its method and params, where
// its result goes, and its own error (an *RPCError, errNotFound for a null
// result, or a decoding error).
type batchCall struct {
	method string
	params []any
	result any
	err    error
}

// batch sends calls as one JSON-RPC batch (one request to the node: in
// the browser each fetch is a task of its own) and sets each call's result
// or err. A node that answers the batch with anything but an array of
// answers (one that takes no batches) gets the calls one at a time. The
// error returned is the transport's: then no call was answered.
func (c *rpcClient) batch(ctx context.Context, calls []*batchCall) error {
	reqs := make([]rpcRequest, len(calls))
	byID := make(map[uint64]*batchCall, len(calls))
	for i, bc := range calls {
		params := bc.params
		if params == nil {
			params = []any{}
		}
		reqs[i] = rpcRequest{Version: "2.0", ID: c.id.Add(1), Method: bc.method, Params: params}
		byID[reqs[i].ID] = bc
	}
	body, err := json.Marshal(reqs)
	if err != nil {
		return fmt.Errorf("batch: encode: %w", err)
	}
	a, err := fetch.Do(ctx, "POST", c.url, "application/json", body)
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	var answers []rpcResponse
	if a.StatusCode < 200 || a.StatusCode > 299 || json.Unmarshal(a.Body, &answers) != nil {
		// One request each; each call keeps its own error.
		for _, bc := range calls {
			bc.err = c.call(ctx, bc.result, bc.method, bc.params...)
		}
		return nil
	}
	for _, r := range answers {
		bc := byID[r.ID]
		if bc == nil {
			continue // not ours, or answered twice
		}
		delete(byID, r.ID)
		bc.err = r.decode(bc.method, bc.result)
	}
	for _, bc := range byID {
		bc.err = fmt.Errorf("%s: the node's batch answer left it out", bc.method)
	}
	return nil
}

// blockArg is the JSON-RPC block parameter: nil is "latest".
func blockArg(n *big.Int) string {
	if n == nil {
		return "latest"
	}
	return hexutil.EncodeBig(n)
}

// callArg is the JSON-RPC call object of eth_call and eth_estimateGas.
func callArg(m callMsg) map[string]any {
	arg := map[string]any{"from": m.From, "to": m.To}
	if len(m.Data) > 0 {
		arg["input"] = hexutil.Bytes(m.Data)
	}
	if m.Value != nil {
		arg["value"] = (*hexutil.Big)(m.Value)
	}
	return arg
}

func (c *rpcClient) BlockNumber(ctx context.Context) (uint64, error) {
	var n hexutil.Uint64
	err := c.call(ctx, &n, "eth_blockNumber")
	return uint64(n), err
}

func (c *rpcClient) BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error) {
	var v hexutil.Big
	if err := c.call(ctx, &v, "eth_getBalance", account, blockArg(block)); err != nil {
		return nil, err
	}
	return (*big.Int)(&v), nil
}

func (c *rpcClient) CallContract(ctx context.Context, m callMsg, block *big.Int) ([]byte, error) {
	var out hexutil.Bytes
	if err := c.call(ctx, &out, "eth_call", callArg(m), blockArg(block)); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *rpcClient) EstimateGas(ctx context.Context, m callMsg) (uint64, error) {
	var n hexutil.Uint64
	err := c.call(ctx, &n, "eth_estimateGas", callArg(m))
	return uint64(n), err
}

func (c *rpcClient) BaseFee(ctx context.Context) (*big.Int, error) {
	var head struct {
		BaseFee *hexutil.Big `json:"baseFeePerGas"`
	}
	if err := c.call(ctx, &head, "eth_getBlockByNumber", "latest", false); err != nil {
		return nil, err
	}
	if head.BaseFee == nil {
		return nil, errors.New("the latest block has no base fee (EIP-1559 is not active)")
	}
	return head.BaseFee.ToInt(), nil
}

func (c *rpcClient) BlockHash(ctx context.Context, number uint64) (common.Hash, error) {
	var b struct {
		Hash common.Hash `json:"hash"`
	}
	err := c.call(ctx, &b, "eth_getBlockByNumber", hexutil.Uint64(number), false) // null (errNotFound) past the head
	return b.Hash, err
}

// HeadAndHash returns the head's block number and the hash of block
// number (errNotFound past the head) in one request: the wallet's first
// refresh needs both.
func (c *rpcClient) HeadAndHash(ctx context.Context, number uint64) (uint64, common.Hash, error) {
	var n hexutil.Uint64
	var b struct {
		Hash common.Hash `json:"hash"`
	}
	head := &batchCall{method: "eth_blockNumber", result: &n}
	block := &batchCall{method: "eth_getBlockByNumber", params: []any{hexutil.Uint64(number), false}, result: &b}
	if err := c.batch(ctx, []*batchCall{head, block}); err != nil {
		return 0, common.Hash{}, err
	}
	if errors.Is(head.err, errNotFound) {
		return 0, common.Hash{}, errors.New("eth_blockNumber: the node answered null")
	}
	if head.err != nil {
		return 0, common.Hash{}, head.err
	}
	return uint64(n), b.Hash, block.err
}

func (c *rpcClient) SuggestGasTipCap(ctx context.Context) (*big.Int, error) {
	var v hexutil.Big
	if err := c.call(ctx, &v, "eth_maxPriorityFeePerGas"); err != nil {
		return nil, err
	}
	return (*big.Int)(&v), nil
}

func (c *rpcClient) PendingNonceAt(ctx context.Context, account common.Address) (uint64, error) {
	var n hexutil.Uint64
	err := c.call(ctx, &n, "eth_getTransactionCount", account, "pending")
	return uint64(n), err
}

func (c *rpcClient) SendRawTransaction(ctx context.Context, raw []byte) error {
	var h common.Hash
	return c.call(ctx, &h, "eth_sendRawTransaction", hexutil.Bytes(raw))
}

// rpcLog is a log as JSON-RPC writes it.
type rpcLog struct {
	Address     common.Address `json:"address"`
	Topics      []common.Hash  `json:"topics"`
	Data        hexutil.Bytes  `json:"data"`
	BlockNumber hexutil.Uint64 `json:"blockNumber"`
	TxHash      common.Hash    `json:"transactionHash"`
	Index       hexutil.Uint   `json:"logIndex"`
	Removed     bool           `json:"removed"`
}

func (l *rpcLog) log() *Log {
	return &Log{Address: l.Address, Topics: l.Topics, Data: l.Data, BlockNumber: uint64(l.BlockNumber),
		TxHash: l.TxHash, Index: uint(l.Index), Removed: l.Removed}
}

func (c *rpcClient) TransactionReceipt(ctx context.Context, h common.Hash) (*Receipt, error) {
	var r struct {
		Status            hexutil.Uint64 `json:"status"`
		TxHash            common.Hash    `json:"transactionHash"`
		BlockHash         common.Hash    `json:"blockHash"`
		BlockNumber       *hexutil.Big   `json:"blockNumber"`
		GasUsed           hexutil.Uint64 `json:"gasUsed"`
		EffectiveGasPrice *hexutil.Big   `json:"effectiveGasPrice"`
		Logs              []rpcLog       `json:"logs"`
	}
	if err := c.call(ctx, &r, "eth_getTransactionReceipt", h); err != nil {
		return nil, err
	}
	if r.BlockNumber == nil {
		return nil, errors.New("receipt without a block number")
	}
	rc := &Receipt{Status: uint64(r.Status), TxHash: r.TxHash, BlockHash: r.BlockHash,
		BlockNumber: r.BlockNumber.ToInt(), GasUsed: uint64(r.GasUsed), EffectiveGasPrice: new(big.Int)}
	if r.EffectiveGasPrice != nil {
		rc.EffectiveGasPrice = r.EffectiveGasPrice.ToInt()
	}
	for i := range r.Logs {
		rc.Logs = append(rc.Logs, r.Logs[i].log())
	}
	return rc, nil
}

func (c *rpcClient) FilterLogs(ctx context.Context, q filterQuery) ([]*Log, error) {
	arg := map[string]any{"fromBlock": blockArg(q.FromBlock), "toBlock": "latest",
		"address": q.Addresses, "topics": q.Topics}
	var logs []rpcLog
	if err := c.call(ctx, &logs, "eth_getLogs", arg); err != nil && !errors.Is(err, errNotFound) {
		return nil, err
	}
	out := make([]*Log, 0, len(logs))
	for i := range logs {
		out = append(out, logs[i].log())
	}
	return out, nil
}
