// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package tokenbind

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// BlockingTokenMetaData contains all meta data concerning the BlockingToken contract.
var BlockingTokenMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"Blocked\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"blocked\",\"outputs\":[{\"internalType\":\"enumBlockingToken.Block\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"enumBlockingToken.Block\",\"name\":\"b\",\"type\":\"uint8\"}],\"name\":\"setBlocked\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "BlockingToken",
	Bin: "0x608060405234801561000f575f5ffd5b506040518060400160405280600e81526020016d213637b1b5b4b733902a37b5b2b760911b81525060405180604001604052806003815260200162424c4b60e81b8152508160039081610062919061011a565b50600461006f828261011a565b5050506101d8565b634e487b7160e01b5f52604160045260245ffd5b600181811c9082168061009f57607f821691505b6020821081036100bd57634e487b7160e01b5f52602260045260245ffd5b50919050565b601f821115610115578282111561011557805f5260205f20601f840160051c60208510156100ee57505f5b90810190601f840160051c035f5b81811015610111575f838201556001016100fc565b5050505b505050565b81516001600160401b0381111561013357610133610077565b61014781610141845461008b565b846100c3565b6020601f821160018114610179575f83156101625750848201515b5f19600385901b1c1916600184901b1784556101d1565b5f84815260208120601f198516915b828110156101a85787850151825560209485019460019092019101610188565b50848210156101c557868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b610b82806101e55f395ff3fe608060405234801561000f575f5ffd5b50600436106100cf575f3560e01c806340c10f191161007d578063a9059cbb11610058578063a9059cbb146101ad578063dd62ed3e146101c0578063e596219514610205575f5ffd5b806340c10f191461015d57806370a082311461017057806395d89b41146101a5575f5ffd5b806318160ddd116100ad57806318160ddd1461012957806323b872dd1461013b578063313ce5671461014e575f5ffd5b806306fdde03146100d3578063095ea7b3146100f15780630e725b5214610114575b5f5ffd5b6100db610234565b6040516100e8919061091a565b60405180910390f35b6101046100ff366004610995565b6102c4565b60405190151581526020016100e8565b6101276101223660046109bd565b6102dd565b005b6002545b6040519081526020016100e8565b6101046101493660046109f5565b610345565b604051601281526020016100e8565b61012761016b366004610995565b610368565b61012d61017e366004610a2f565b73ffffffffffffffffffffffffffffffffffffffff165f9081526020819052604090205490565b6100db610376565b6101046101bb366004610995565b610385565b61012d6101ce366004610a4f565b73ffffffffffffffffffffffffffffffffffffffff9182165f90815260016020908152604080832093909416825291909152205490565b610227610213366004610a2f565b60056020525f908152604090205460ff1681565b6040516100e89190610aad565b60606003805461024390610aec565b80601f016020809104026020016040519081016040528092919081815260200182805461026f90610aec565b80156102ba5780601f10610291576101008083540402835291602001916102ba565b820191905f5260205f20905b81548152906001019060200180831161029d57829003601f168201915b5050505050905090565b5f336102d1818585610392565b60019150505b92915050565b73ffffffffffffffffffffffffffffffffffffffff82165f90815260056020526040902080548291907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0016600183600281111561033c5761033c610a80565b02179055505050565b5f336103528582856103a4565b61035d858585610477565b506001949350505050565b6103728282610520565b5050565b60606004805461024390610aec565b5f336102d1818585610477565b61039f838383600161057a565b505050565b73ffffffffffffffffffffffffffffffffffffffff8381165f908152600160209081526040808320938616835292905220547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8110156104715781811015610463576040517ffb8f41b200000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff8416600482015260248101829052604481018390526064015b60405180910390fd5b61047184848484035f61057a565b50505050565b73ffffffffffffffffffffffffffffffffffffffff83166104c6576040517f96c6fd1e0000000000000000000000000000000000000000000000000000000081525f600482015260240161045a565b73ffffffffffffffffffffffffffffffffffffffff8216610515576040517fec442f050000000000000000000000000000000000000000000000000000000081525f600482015260240161045a565b61039f8383836106bf565b73ffffffffffffffffffffffffffffffffffffffff821661056f576040517fec442f050000000000000000000000000000000000000000000000000000000081525f600482015260240161045a565b6103725f83836106bf565b73ffffffffffffffffffffffffffffffffffffffff84166105c9576040517fe602df050000000000000000000000000000000000000000000000000000000081525f600482015260240161045a565b73ffffffffffffffffffffffffffffffffffffffff8316610618576040517f94280d620000000000000000000000000000000000000000000000000000000081525f600482015260240161045a565b73ffffffffffffffffffffffffffffffffffffffff8085165f9081526001602090815260408083209387168352929052208290558015610471578273ffffffffffffffffffffffffffffffffffffffff168473ffffffffffffffffffffffffffffffffffffffff167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925846040516106b191815260200190565b60405180910390a350505050565b73ffffffffffffffffffffffffffffffffffffffff82165f9081526005602052604090205460ff1660018160028111156106fb576106fb610a80565b0361074a576040517f75e91ce700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff8416600482015260240161045a565b600281600281111561075e5761075e610a80565b0361076d575f5b600101610765565b61047184848473ffffffffffffffffffffffffffffffffffffffff83166107aa578060025f82825461079f9190610b3d565b9091555061085a9050565b73ffffffffffffffffffffffffffffffffffffffff83165f908152602081905260409020548181101561082f576040517fe450d38c00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff85166004820152602481018290526044810183905260640161045a565b73ffffffffffffffffffffffffffffffffffffffff84165f9081526020819052604090209082900390555b73ffffffffffffffffffffffffffffffffffffffff8216610883576002805482900390556108ae565b73ffffffffffffffffffffffffffffffffffffffff82165f9081526020819052604090208054820190555b8173ffffffffffffffffffffffffffffffffffffffff168373ffffffffffffffffffffffffffffffffffffffff167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef8360405161090d91815260200190565b60405180910390a3505050565b602081525f82518060208401528060208501604085015e5f6040828501015260407fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011684010191505092915050565b803573ffffffffffffffffffffffffffffffffffffffff81168114610990575f5ffd5b919050565b5f5f604083850312156109a6575f5ffd5b6109af8361096d565b946020939093013593505050565b5f5f604083850312156109ce575f5ffd5b6109d78361096d565b91506020830135600381106109ea575f5ffd5b809150509250929050565b5f5f5f60608486031215610a07575f5ffd5b610a108461096d565b9250610a1e6020850161096d565b929592945050506040919091013590565b5f60208284031215610a3f575f5ffd5b610a488261096d565b9392505050565b5f5f60408385031215610a60575f5ffd5b610a698361096d565b9150610a776020840161096d565b90509250929050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b6020810160038310610ae6577f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b91905290565b600181811c90821680610b0057607f821691505b602082108103610b37577f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b50919050565b808201808211156102d7577f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffdfea164736f6c6343000825000a",
}

// BlockingToken is an auto generated Go binding around an Ethereum contract.
type BlockingToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BlockingToken) GetABI() abi.ABI {
	return c.abi
}

// NewBlockingToken creates a new instance of BlockingToken.
func NewBlockingToken() *BlockingToken {
	parsed, err := BlockingTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BlockingToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BlockingToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (blockingToken *BlockingToken) PackAllowance(owner common.Address, spender common.Address) []byte {
	enc, err := blockingToken.abi.Pack("allowance", owner, spender)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (blockingToken *BlockingToken) TryPackAllowance(owner common.Address, spender common.Address) ([]byte, error) {
	return blockingToken.abi.Pack("allowance", owner, spender)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (blockingToken *BlockingToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := blockingToken.abi.Unpack("allowance", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (blockingToken *BlockingToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := blockingToken.abi.Pack("approve", spender, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (blockingToken *BlockingToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return blockingToken.abi.Pack("approve", spender, value)
}

// UnpackApprove is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (blockingToken *BlockingToken) UnpackApprove(data []byte) (bool, error) {
	out, err := blockingToken.abi.Unpack("approve", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (blockingToken *BlockingToken) PackBalanceOf(account common.Address) []byte {
	enc, err := blockingToken.abi.Pack("balanceOf", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (blockingToken *BlockingToken) TryPackBalanceOf(account common.Address) ([]byte, error) {
	return blockingToken.abi.Pack("balanceOf", account)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (blockingToken *BlockingToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := blockingToken.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBlocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5962195.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function blocked(address ) view returns(uint8)
func (blockingToken *BlockingToken) PackBlocked(arg0 common.Address) []byte {
	enc, err := blockingToken.abi.Pack("blocked", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBlocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5962195.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function blocked(address ) view returns(uint8)
func (blockingToken *BlockingToken) TryPackBlocked(arg0 common.Address) ([]byte, error) {
	return blockingToken.abi.Pack("blocked", arg0)
}

// UnpackBlocked is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe5962195.
//
// Solidity: function blocked(address ) view returns(uint8)
func (blockingToken *BlockingToken) UnpackBlocked(data []byte) (uint8, error) {
	out, err := blockingToken.abi.Unpack("blocked", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() view returns(uint8)
func (blockingToken *BlockingToken) PackDecimals() []byte {
	enc, err := blockingToken.abi.Pack("decimals")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function decimals() view returns(uint8)
func (blockingToken *BlockingToken) TryPackDecimals() ([]byte, error) {
	return blockingToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (blockingToken *BlockingToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := blockingToken.abi.Unpack("decimals", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (blockingToken *BlockingToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := blockingToken.abi.Pack("mint", to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (blockingToken *BlockingToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return blockingToken.abi.Pack("mint", to, amount)
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (blockingToken *BlockingToken) PackName() []byte {
	enc, err := blockingToken.abi.Pack("name")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function name() view returns(string)
func (blockingToken *BlockingToken) TryPackName() ([]byte, error) {
	return blockingToken.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (blockingToken *BlockingToken) UnpackName(data []byte) (string, error) {
	out, err := blockingToken.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackSetBlocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e725b52.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setBlocked(address account, uint8 b) returns()
func (blockingToken *BlockingToken) PackSetBlocked(account common.Address, b uint8) []byte {
	enc, err := blockingToken.abi.Pack("setBlocked", account, b)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetBlocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e725b52.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setBlocked(address account, uint8 b) returns()
func (blockingToken *BlockingToken) TryPackSetBlocked(account common.Address, b uint8) ([]byte, error) {
	return blockingToken.abi.Pack("setBlocked", account, b)
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (blockingToken *BlockingToken) PackSymbol() []byte {
	enc, err := blockingToken.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() view returns(string)
func (blockingToken *BlockingToken) TryPackSymbol() ([]byte, error) {
	return blockingToken.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (blockingToken *BlockingToken) UnpackSymbol(data []byte) (string, error) {
	out, err := blockingToken.abi.Unpack("symbol", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalSupply() view returns(uint256)
func (blockingToken *BlockingToken) PackTotalSupply() []byte {
	enc, err := blockingToken.abi.Pack("totalSupply")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalSupply() view returns(uint256)
func (blockingToken *BlockingToken) TryPackTotalSupply() ([]byte, error) {
	return blockingToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (blockingToken *BlockingToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := blockingToken.abi.Unpack("totalSupply", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (blockingToken *BlockingToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := blockingToken.abi.Pack("transfer", to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (blockingToken *BlockingToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return blockingToken.abi.Pack("transfer", to, value)
}

// UnpackTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (blockingToken *BlockingToken) UnpackTransfer(data []byte) (bool, error) {
	out, err := blockingToken.abi.Unpack("transfer", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (blockingToken *BlockingToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := blockingToken.abi.Pack("transferFrom", from, to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (blockingToken *BlockingToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return blockingToken.abi.Pack("transferFrom", from, to, value)
}

// UnpackTransferFrom is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (blockingToken *BlockingToken) UnpackTransferFrom(data []byte) (bool, error) {
	out, err := blockingToken.abi.Unpack("transferFrom", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// BlockingTokenApproval represents a Approval event raised by the BlockingToken contract.
type BlockingTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const BlockingTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (BlockingTokenApproval) ContractEventName() string {
	return BlockingTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (blockingToken *BlockingToken) UnpackApprovalEvent(log *types.Log) (*BlockingTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != blockingToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BlockingTokenApproval)
	if len(log.Data) > 0 {
		if err := blockingToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range blockingToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// BlockingTokenTransfer represents a Transfer event raised by the BlockingToken contract.
type BlockingTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const BlockingTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (BlockingTokenTransfer) ContractEventName() string {
	return BlockingTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (blockingToken *BlockingToken) UnpackTransferEvent(log *types.Log) (*BlockingTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != blockingToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BlockingTokenTransfer)
	if len(log.Data) > 0 {
		if err := blockingToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range blockingToken.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (blockingToken *BlockingToken) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], blockingToken.abi.Errors["Blocked"].ID.Bytes()[:4]) {
		return blockingToken.UnpackBlockedError(raw[4:])
	}
	if bytes.Equal(raw[:4], blockingToken.abi.Errors["ERC20InsufficientAllowance"].ID.Bytes()[:4]) {
		return blockingToken.UnpackERC20InsufficientAllowanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], blockingToken.abi.Errors["ERC20InsufficientBalance"].ID.Bytes()[:4]) {
		return blockingToken.UnpackERC20InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], blockingToken.abi.Errors["ERC20InvalidApprover"].ID.Bytes()[:4]) {
		return blockingToken.UnpackERC20InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], blockingToken.abi.Errors["ERC20InvalidReceiver"].ID.Bytes()[:4]) {
		return blockingToken.UnpackERC20InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], blockingToken.abi.Errors["ERC20InvalidSender"].ID.Bytes()[:4]) {
		return blockingToken.UnpackERC20InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], blockingToken.abi.Errors["ERC20InvalidSpender"].ID.Bytes()[:4]) {
		return blockingToken.UnpackERC20InvalidSpenderError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BlockingTokenBlocked represents a Blocked error raised by the BlockingToken contract.
type BlockingTokenBlocked struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Blocked(address account)
func BlockingTokenBlockedErrorID() common.Hash {
	return common.HexToHash("0x75e91ce73c1d3352d8dd3610443539cd33dfe13b1de8f8caae54ec26dd0dc9cb")
}

// UnpackBlockedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Blocked(address account)
func (blockingToken *BlockingToken) UnpackBlockedError(raw []byte) (*BlockingTokenBlocked, error) {
	out := new(BlockingTokenBlocked)
	if err := blockingToken.abi.UnpackIntoInterface(out, "Blocked", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BlockingTokenERC20InsufficientAllowance represents a ERC20InsufficientAllowance error raised by the BlockingToken contract.
type BlockingTokenERC20InsufficientAllowance struct {
	Spender   common.Address
	Allowance *big.Int
	Needed    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func BlockingTokenERC20InsufficientAllowanceErrorID() common.Hash {
	return common.HexToHash("0xfb8f41b23e99d2101d86da76cdfa87dd51c82ed07d3cb62cbc473e469dbc75c3")
}

// UnpackERC20InsufficientAllowanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func (blockingToken *BlockingToken) UnpackERC20InsufficientAllowanceError(raw []byte) (*BlockingTokenERC20InsufficientAllowance, error) {
	out := new(BlockingTokenERC20InsufficientAllowance)
	if err := blockingToken.abi.UnpackIntoInterface(out, "ERC20InsufficientAllowance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BlockingTokenERC20InsufficientBalance represents a ERC20InsufficientBalance error raised by the BlockingToken contract.
type BlockingTokenERC20InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func BlockingTokenERC20InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xe450d38cd8d9f7d95077d567d60ed49c7254716e6ad08fc9872816c97e0ffec6")
}

// UnpackERC20InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func (blockingToken *BlockingToken) UnpackERC20InsufficientBalanceError(raw []byte) (*BlockingTokenERC20InsufficientBalance, error) {
	out := new(BlockingTokenERC20InsufficientBalance)
	if err := blockingToken.abi.UnpackIntoInterface(out, "ERC20InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BlockingTokenERC20InvalidApprover represents a ERC20InvalidApprover error raised by the BlockingToken contract.
type BlockingTokenERC20InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidApprover(address approver)
func BlockingTokenERC20InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xe602df05cc75712490294c6c104ab7c17f4030363910a7a2626411c6d3118847")
}

// UnpackERC20InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidApprover(address approver)
func (blockingToken *BlockingToken) UnpackERC20InvalidApproverError(raw []byte) (*BlockingTokenERC20InvalidApprover, error) {
	out := new(BlockingTokenERC20InvalidApprover)
	if err := blockingToken.abi.UnpackIntoInterface(out, "ERC20InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BlockingTokenERC20InvalidReceiver represents a ERC20InvalidReceiver error raised by the BlockingToken contract.
type BlockingTokenERC20InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func BlockingTokenERC20InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0xec442f055133b72f3b2f9f0bb351c406b178527de2040a7d1feb4e058771f613")
}

// UnpackERC20InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func (blockingToken *BlockingToken) UnpackERC20InvalidReceiverError(raw []byte) (*BlockingTokenERC20InvalidReceiver, error) {
	out := new(BlockingTokenERC20InvalidReceiver)
	if err := blockingToken.abi.UnpackIntoInterface(out, "ERC20InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BlockingTokenERC20InvalidSender represents a ERC20InvalidSender error raised by the BlockingToken contract.
type BlockingTokenERC20InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSender(address sender)
func BlockingTokenERC20InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x96c6fd1edd0cd6ef7ff0ecc0facdf53148dc0048b57fe58af65755250a7a96bd")
}

// UnpackERC20InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSender(address sender)
func (blockingToken *BlockingToken) UnpackERC20InvalidSenderError(raw []byte) (*BlockingTokenERC20InvalidSender, error) {
	out := new(BlockingTokenERC20InvalidSender)
	if err := blockingToken.abi.UnpackIntoInterface(out, "ERC20InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BlockingTokenERC20InvalidSpender represents a ERC20InvalidSpender error raised by the BlockingToken contract.
type BlockingTokenERC20InvalidSpender struct {
	Spender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSpender(address spender)
func BlockingTokenERC20InvalidSpenderErrorID() common.Hash {
	return common.HexToHash("0x94280d62c347d8d9f4d59a76ea321452406db88df38e0c9da304f58b57b373a2")
}

// UnpackERC20InvalidSpenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSpender(address spender)
func (blockingToken *BlockingToken) UnpackERC20InvalidSpenderError(raw []byte) (*BlockingTokenERC20InvalidSpender, error) {
	out := new(BlockingTokenERC20InvalidSpender)
	if err := blockingToken.abi.UnpackIntoInterface(out, "ERC20InvalidSpender", raw); err != nil {
		return nil, err
	}
	return out, nil
}
