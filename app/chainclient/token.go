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
	"unicode"
	"unicode/utf8"

	_ "embed"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/amount"
	"paychan/app/channel"
)

// ERC-20 channels (docs/protocol.md section 3a): reading a token's metadata,
// balances and allowances, approving the channel contract, openToken and
// depositToken. Amounts are in the token's own units.

// erc20JSON is a copy of contracts/build/TestUSD.abi, a standard
// OpenZeppelin ERC-20 (a test keeps them equal): the ERC-20 functions and
// OpenZeppelin's custom errors, so that a revert of an OpenZeppelin token
// reads as a sentence.
//
//go:embed erc20.abi.json
var erc20JSON string

// erc20ABI is parsed at first use (see contractABI).
var erc20ABI = sync.OnceValue(func() *abi.ABI { return mustParseABI("ERC-20", erc20JSON) })

// MaxSymbolLen bounds the length in characters of a token symbol the
// client accepts (longer ones are refused with ErrNotToken: a symbol is
// shown in every amount).
const MaxSymbolLen = 32

// ErrNotToken is returned (wrapped, with the address and the reason) for
// an address that does not answer as an ERC-20 token: no contract there,
// no symbol() or decimals(), or values no wallet can show.
var ErrNotToken = errors.New("not an ERC-20 token")

// ErrAllowance is returned by OpenToken and DepositToken when the channel
// contract may not take the amount yet: call EnsureAllowance first.
var ErrAllowance = errors.New("the channel contract is not approved for this amount")

// ErrTokenBalance is returned by OpenToken and DepositToken when the
// account holds less of the token than the amount.
var ErrTokenBalance = errors.New("not enough tokens")

// TokenError is an ErrNotToken for one address.
type TokenError struct {
	Token  common.Address
	Reason string
}

func (e *TokenError) Error() string {
	return fmt.Sprintf("%s is not an ERC-20 token this wallet can use: %s", e.Token.Hex(), e.Reason)
}

// Unwrap makes errors.Is(err, ErrNotToken) hold.
func (e *TokenError) Unwrap() error { return ErrNotToken }

// callToken runs a view method of an ERC-20 token at the latest block.
func (c *Client) callToken(ctx context.Context, token common.Address, method string, args ...any) ([]any, error) {
	return c.callTokenAt(ctx, token, nil, method, args...)
}

// callTokenAt is callToken at block (nil: the latest).
func (c *Client) callTokenAt(ctx context.Context, token common.Address, block *big.Int, method string, args ...any) ([]any, error) {
	data, err := erc20ABI().Pack(method, args...)
	if err != nil {
		return nil, fmt.Errorf("pack %s: %w", method, err)
	}
	out, err := c.b.CallContract(ctx, callMsg{To: &token, Data: data}, block)
	if err != nil {
		return nil, c.tokenReadable(err)
	}
	if len(out) == 0 {
		return nil, &TokenError{Token: token, Reason: method + "() returned nothing (no contract at this address, or a contract without " + method + "())"}
	}
	vals, err := erc20ABI().Unpack(method, out)
	if err != nil {
		return nil, &TokenError{Token: token, Reason: fmt.Sprintf("cannot decode its %s(): %v", method, err)}
	}
	return vals, nil
}

// TokenInfo reads a token's symbol and decimals from the chain: what a
// wallet shows before the user confirms a pasted token address. An address
// without a contract, a contract without symbol() or decimals(), more
// than amount.MaxDecimals decimals or an empty, over-long or unprintable
// symbol is refused with a *TokenError (errors.Is ErrNotToken). A symbol
// returned as bytes32 (as some early tokens do) is accepted.
func (c *Client) TokenInfo(ctx context.Context, token common.Address) (channel.Asset, error) {
	if token == (common.Address{}) {
		return channel.Asset{}, &TokenError{Token: token, Reason: "the zero address"}
	}
	sym, err := c.tokenSymbol(ctx, token)
	if err != nil {
		return channel.Asset{}, err
	}
	v, err := c.callToken(ctx, token, "decimals")
	if err != nil {
		return channel.Asset{}, tokenCallError(token, "decimals", err)
	}
	dec := v[0].(uint8)
	if int(dec) > amount.MaxDecimals {
		return channel.Asset{}, &TokenError{Token: token, Reason: fmt.Sprintf("%d decimals, more than the %d an amount can have", dec, amount.MaxDecimals)}
	}
	// totalSupply() and balanceOf() are what an ERC-20 cannot lack.
	if _, err := c.callToken(ctx, token, "totalSupply"); err != nil {
		return channel.Asset{}, tokenCallError(token, "totalSupply", err)
	}
	return channel.Asset{Token: token, Symbol: sym, Decimals: dec}, nil
}

// tokenCallError turns a failed metadata call into a *TokenError (a node
// that cannot be reached stays what it is).
func tokenCallError(token common.Address, method string, err error) error {
	var te *TokenError
	if errors.As(err, &te) {
		return err
	}
	var re *RevertError
	var de dataError
	if errors.As(err, &re) || errors.As(err, &de) || strings.Contains(err.Error(), "revert") {
		return &TokenError{Token: token, Reason: method + "() reverted"}
	}
	return fmt.Errorf("chainclient: token %s %s: %w", token.Hex(), method, err)
}

// tokenSymbol reads symbol() as a string, or as bytes32 (trailing zero
// bytes dropped), and checks that it can be shown.
func (c *Client) tokenSymbol(ctx context.Context, token common.Address) (string, error) {
	data, _ := erc20ABI().Pack("symbol")
	out, err := c.b.CallContract(ctx, callMsg{To: &token, Data: data}, nil)
	if err != nil {
		return "", tokenCallError(token, "symbol", c.tokenReadable(err))
	}
	var sym string
	switch v, uerr := erc20ABI().Unpack("symbol", out); {
	case len(out) == 0:
		return "", &TokenError{Token: token, Reason: "symbol() returned nothing (no contract at this address, or a contract without symbol())"}
	case uerr == nil:
		sym = v[0].(string)
	case len(out) == 32:
		sym = strings.TrimRight(string(out), "\x00")
	default:
		return "", &TokenError{Token: token, Reason: fmt.Sprintf("cannot decode its symbol(): %v", uerr)}
	}
	switch {
	case sym == "":
		return "", &TokenError{Token: token, Reason: "an empty symbol"}
	case !utf8.ValidString(sym):
		return "", &TokenError{Token: token, Reason: "a symbol that is not UTF-8 text"}
	case utf8.RuneCountInString(sym) > MaxSymbolLen:
		return "", &TokenError{Token: token, Reason: fmt.Sprintf("a symbol of %d characters (at most %d)", utf8.RuneCountInString(sym), MaxSymbolLen)}
	case strings.IndexFunc(sym, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		return "", &TokenError{Token: token, Reason: fmt.Sprintf("a symbol with unprintable characters (%q)", sym)}
	}
	return sym, nil
}

// TokenBalance returns owner's balance of token in the token's units.
func (c *Client) TokenBalance(ctx context.Context, token, owner common.Address) (*big.Int, error) {
	v, err := c.callToken(ctx, token, "balanceOf", owner)
	if err != nil {
		return nil, fmt.Errorf("chainclient: %s balance of %s: %w", token.Hex(), owner.Hex(), err)
	}
	return v[0].(*big.Int), nil
}

// Allowance returns how much of owner's token the channel contract may
// take (what approve granted it and it has not taken yet).
func (c *Client) Allowance(ctx context.Context, token, owner common.Address) (*big.Int, error) {
	return c.allowanceAt(ctx, token, owner, nil)
}

// allowanceAt is Allowance at block (nil: the latest).
func (c *Client) allowanceAt(ctx context.Context, token, owner common.Address, block *big.Int) (*big.Int, error) {
	v, err := c.callTokenAt(ctx, token, block, "allowance", owner, c.contract)
	if err != nil {
		return nil, fmt.Errorf("chainclient: %s allowance of %s for %s: %w", token.Hex(), owner.Hex(), c.contract.Hex(), err)
	}
	return v[0].(*big.Int), nil
}

// tokenClient returns a copy of c that sends to token with the ERC-20 ABI
// (the same node, chain and poll interval): transact and readable then
// serve the token's approve.
func (c *Client) tokenClient(token common.Address) *Client {
	return &Client{b: c.b, abi: erc20ABI, contract: token, chainID: c.chainID, PollInterval: c.PollInterval}
}

// EnsureAllowance makes sure the channel contract may take amount of the
// key's token, for an openToken or depositToken of amount. When the
// allowance already covers it, nothing is sent, progress is not called,
// and it returns false. Otherwise it sends approve(contract, amount) with
// progress (the same stages as any transaction) and returns true once the
// allowance is in place; a token that refuses to change a non-zero
// allowance (USDT) is first approved to 0, reported as a transaction of
// its own. A token whose approve succeeds without granting the allowance
// (one that returns false) is an error.
func (c *Client) EnsureAllowance(ctx context.Context, key *ecdsa.PrivateKey, token common.Address, amt *big.Int, progress Progress) (bool, *Receipt, error) {
	if amt == nil || amt.Sign() <= 0 {
		return false, nil, errors.New("chainclient: approve: the amount must be more than 0")
	}
	owner := crypto.PubkeyToAddress(key.PublicKey)
	have, err := c.Allowance(ctx, token, owner)
	if err != nil {
		return false, nil, err
	}
	if have.Cmp(amt) >= 0 {
		return false, nil, nil
	}
	tc := c.tokenClient(token)
	if have.Sign() > 0 {
		data, err := erc20ABI().Pack("approve", c.contract, amt)
		if err != nil {
			return false, nil, fmt.Errorf("chainclient: pack approve: %w", err)
		}
		if _, err := c.b.EstimateGas(ctx, callMsg{From: owner, To: &token, Value: new(big.Int), Data: data}); err != nil {
			// USDT and its kind revert approve from non-zero to non-zero.
			if _, err := tc.send(ctx, key, nil, progress, "approve", c.contract, new(big.Int)); err != nil {
				return false, nil, fmt.Errorf("chainclient: reset the allowance of %s to 0: %w", token.Hex(), err)
			}
		}
	}
	rc, err := tc.send(ctx, key, nil, progress, "approve", c.contract, amt)
	if err != nil {
		return false, rc, fmt.Errorf("chainclient: approve %s of %s: %w", amt, token.Hex(), err)
	}
	// Read in the approve's own block: a node's "latest" can still be the
	// block before it just after the receipt (seen on the embedded chain).
	var at *big.Int
	if rc != nil {
		at = rc.BlockNumber
	}
	if got, err := c.allowanceAt(ctx, token, owner, at); err != nil {
		return true, rc, err
	} else if got.Cmp(amt) < 0 {
		return true, rc, fmt.Errorf("chainclient: approve of %s succeeded but the allowance is %s, not %s: %w", token.Hex(), got, amt, ErrAllowance)
	}
	return true, rc, nil
}

// checkFunds refuses, before anything is signed, an openToken or
// depositToken of amt that would revert for want of allowance or tokens.
func (c *Client) checkFunds(ctx context.Context, token, owner common.Address, amt *big.Int, symbol string) error {
	bal, err := c.TokenBalance(ctx, token, owner)
	if err != nil {
		return err
	}
	if bal.Cmp(amt) < 0 {
		return fmt.Errorf("chainclient: %s holds %s units of %s, less than %s: %w", owner.Hex(), bal, symbol, amt, ErrTokenBalance)
	}
	have, err := c.Allowance(ctx, token, owner)
	if err != nil {
		return err
	}
	if have.Cmp(amt) < 0 {
		return fmt.Errorf("chainclient: the allowance of %s is %s units of %s, less than %s (approve first): %w", c.contract.Hex(), have, symbol, amt, ErrAllowance)
	}
	return nil
}

// OpenToken opens a token channel with bob as Alice (the key's account),
// depositing amt of token (0 for none; approve it first with
// EnsureAllowance), and returns the new channel id. A zero signer means
// "same as the account". Missing tokens or allowance are refused before
// anything is signed (ErrTokenBalance, ErrAllowance).
func (c *Client) OpenToken(ctx context.Context, key *ecdsa.PrivateKey, token, bob, bobSigner, aliceSigner common.Address,
	finalizationBlocks uint64, amt *big.Int, progress Progress) (uint64, *Receipt, error) {
	if amt == nil {
		amt = new(big.Int)
	}
	if amt.Sign() > 0 {
		if err := c.checkFunds(ctx, token, crypto.PubkeyToAddress(key.PublicKey), amt, token.Hex()); err != nil {
			reportFailed(progress, err)
			return 0, nil, err
		}
	}
	data, err := c.abi().Pack("openToken", token, bob, bobSigner, aliceSigner, finalizationBlocks, amt)
	if err != nil {
		return 0, nil, fmt.Errorf("chainclient: pack openToken: %w", err)
	}
	rc, err := c.transact(ctx, key, nil, data, progress)
	if err != nil {
		return 0, rc, c.tokenReadable(err)
	}
	for _, l := range rc.Logs {
		if o, err := c.opened(l); err == nil {
			return o.ID, rc, nil
		}
	}
	return 0, rc, errors.New("chainclient: openToken mined without a ChannelOpened event")
}

// DepositToken adds amt of the channel's token to channel id (approve it
// first with EnsureAllowance). Missing tokens or allowance are refused
// before anything is signed (ErrTokenBalance, ErrAllowance).
func (c *Client) DepositToken(ctx context.Context, key *ecdsa.PrivateKey, id uint64, amt *big.Int, progress Progress) (*Receipt, error) {
	if amt == nil || amt.Sign() <= 0 {
		err := fmt.Errorf("chainclient: a deposit to channel %d must be more than 0", id)
		reportFailed(progress, err)
		return nil, err
	}
	token, err := c.channelToken(ctx, id, nil)
	if err != nil {
		reportFailed(progress, err)
		return nil, err
	}
	if token == (common.Address{}) {
		err := fmt.Errorf("chainclient: channel %d holds ETH: use Deposit", id)
		reportFailed(progress, err)
		return nil, err
	}
	if err := c.checkFunds(ctx, token, crypto.PubkeyToAddress(key.PublicKey), amt, token.Hex()); err != nil {
		reportFailed(progress, err)
		return nil, err
	}
	rc, err := c.send(ctx, key, nil, progress, "depositToken", new(big.Int).SetUint64(id), amt)
	if err != nil {
		return rc, c.tokenReadable(err)
	}
	return rc, nil
}

// reportFailed reports err as Failed to progress, if any.
func reportFailed(progress Progress, err error) {
	if progress != nil {
		progress(Failed, common.Hash{}, err)
	}
}

// channelToken reads token(id) at block (nil: latest): zero for an ETH
// channel.
func (c *Client) channelToken(ctx context.Context, id uint64, block *big.Int) (common.Address, error) {
	v, err := c.call(ctx, block, "token", new(big.Int).SetUint64(id))
	if err != nil {
		return common.Address{}, fmt.Errorf("chainclient: channel %d token: %w", id, err)
	}
	return v[0].(common.Address), nil
}

// channelAsset reads what channel id holds at block: the zero Asset for
// ETH, else the token with its symbol and decimals.
func (c *Client) channelAsset(ctx context.Context, id uint64, block *big.Int) (channel.Asset, error) {
	token, err := c.channelToken(ctx, id, block)
	if err != nil || token == (common.Address{}) {
		return channel.Asset{}, err
	}
	a, err := c.TokenInfo(ctx, token)
	if err != nil {
		return channel.Asset{}, fmt.Errorf("chainclient: channel %d holds token %s: %w", id, token.Hex(), err)
	}
	return a, nil
}

// Opened returns the channel's Opened event for the core, naming its
// asset: applied to a state that records another asset, it is refused
// (channel.ErrBadEvent).
func (ch *Channel) Opened() channel.Opened {
	a := ch.Asset
	return channel.Opened{FinalizationBlocks: ch.FinalizationBlocks, Asset: &a}
}

// tokenReadable is readable for calls that involve a token: the
// contract's token errors and a token's own OpenZeppelin errors (bubbled up
// by SafeERC20) become sentences; anything else is left to readable.
func (c *Client) tokenReadable(err error) error {
	if err == nil {
		return nil
	}
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
	for _, a := range []*abi.ABI{c.abi(), erc20ABI()} {
		e, uerr := a.ErrorByID([4]byte(data[:4]))
		if uerr != nil {
			continue
		}
		args, uerr := e.Inputs.Unpack(data[4:])
		if uerr != nil {
			continue
		}
		reason, ok := describeToken(e.Name, args)
		if !ok {
			reason = describe(e.Name, args)
		}
		var inner *RevertError
		if errors.As(err, &inner) {
			err = inner.Err
		}
		return &RevertError{Name: e.Name, Reason: reason, Err: err}
	}
	return err
}

// describeToken writes the token errors of the contract and of
// OpenZeppelin's ERC-20 as sentences (false for other errors).
func describeToken(name string, a []any) (string, bool) {
	arg := func(i int) any {
		if i < len(a) {
			if addr, ok := a[i].(common.Address); ok {
				return addr.Hex()
			}
			return a[i]
		}
		return "?"
	}
	switch name {
	case "InvalidToken":
		return fmt.Sprintf("%s is not a token contract (no code there)", arg(0)), true
	case "NotEthChannel":
		return fmt.Sprintf("channel %v holds token %s, not ETH: deposit the token", arg(0), arg(1)), true
	case "NotTokenChannel":
		return fmt.Sprintf("channel %v holds ETH, not a token: deposit ETH", arg(0)), true
	case "TokenAmountMismatch":
		return fmt.Sprintf("token %s delivered %v units instead of %v (a token that takes a fee or changes amounts on transfer cannot be used)", arg(0), arg(2), arg(1)), true
	case "SafeERC20FailedOperation":
		return fmt.Sprintf("token %s refused the transfer", arg(0)), true
	case "ERC20InsufficientBalance":
		return fmt.Sprintf("%s holds %v units of the token, less than %v", arg(0), arg(1), arg(2)), true
	case "ERC20InsufficientAllowance":
		return fmt.Sprintf("%s may take only %v units of the token, less than %v: approve it first", arg(0), arg(1), arg(2)), true
	case "ERC20InvalidSpender":
		return fmt.Sprintf("%s cannot be approved", arg(0)), true
	case "ERC20InvalidReceiver":
		return fmt.Sprintf("the token cannot be sent to %s", arg(0)), true
	}
	return "", false
}
