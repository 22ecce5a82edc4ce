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

// FalseReturnTokenMetaData contains all meta data concerning the FalseReturnToken contract.
var FalseReturnTokenMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"blocked\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bool\",\"name\":\"b\",\"type\":\"bool\"}],\"name\":\"setBlocked\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "FalseReturnToken",
	Bin: "0x6080604052348015600e575f5ffd5b506106b28061001c5f395ff3fe608060405234801561000f575f5ffd5b50600436106100b8575f3560e01c806340c10f1911610072578063a9059cbb11610058578063a9059cbb146101b4578063dd62ed3e146101c7578063e5962195146101f1575f5ffd5b806340c10f191461018257806370a0823114610195575f5ffd5b806318160ddd116100a257806318160ddd1461014957806323b872dd14610160578063313ce56714610173575f5ffd5b80620af2a1146100bc578063095ea7b314610121575b5f5ffd5b61011f6100ca36600461056d565b73ffffffffffffffffffffffffffffffffffffffff919091165f90815260026020526040902080547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0016911515919091179055565b005b61013461012f3660046105a6565b610213565b60405190151581526020015b60405180910390f35b61015260035481565b604051908152602001610140565b61013461016e3660046105ce565b61028c565b60405160128152602001610140565b61011f6101903660046105a6565b610354565b6101526101a3366004610608565b5f6020819052908152604090205481565b6101346101c23660046105a6565b6103f6565b6101526101d5366004610621565b600160209081525f928352604080842090915290825290205481565b6101346101ff366004610608565b60026020525f908152604090205460ff1681565b335f81815260016020908152604080832073ffffffffffffffffffffffffffffffffffffffff8716808552925280832085905551919290917f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b9259061027a9086815260200190565b60405180910390a35060015b92915050565b73ffffffffffffffffffffffffffffffffffffffff83165f908152600160209081526040808320338452909152812054828110156102cd575f91505061034d565b6102d88585856103fe565b6102e5575f91505061034d565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff811461034757610316838261067f565b73ffffffffffffffffffffffffffffffffffffffff86165f9081526001602090815260408083203384529091529020555b60019150505b9392505050565b73ffffffffffffffffffffffffffffffffffffffff82165f9081526020819052604081208054839290610388908490610692565b925050819055508060035f8282546103a09190610692565b909155505060405181815273ffffffffffffffffffffffffffffffffffffffff8316905f907fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef9060200160405180910390a35050565b5f61034d3384845b73ffffffffffffffffffffffffffffffffffffffff82165f9081526002602052604081205460ff1680610454575073ffffffffffffffffffffffffffffffffffffffff84165f9081526020819052604090205482115b1561046057505f61034d565b73ffffffffffffffffffffffffffffffffffffffff84165f908152602081905260408120805484929061049490849061067f565b909155505073ffffffffffffffffffffffffffffffffffffffff83165f90815260208190526040812080548492906104cd908490610692565b925050819055508273ffffffffffffffffffffffffffffffffffffffff168473ffffffffffffffffffffffffffffffffffffffff167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef8460405161053391815260200190565b60405180910390a35060019392505050565b803573ffffffffffffffffffffffffffffffffffffffff81168114610568575f5ffd5b919050565b5f5f6040838503121561057e575f5ffd5b61058783610545565b91506020830135801515811461059b575f5ffd5b809150509250929050565b5f5f604083850312156105b7575f5ffd5b6105c083610545565b946020939093013593505050565b5f5f5f606084860312156105e0575f5ffd5b6105e984610545565b92506105f760208501610545565b929592945050506040919091013590565b5f60208284031215610618575f5ffd5b61034d82610545565b5f5f60408385031215610632575f5ffd5b61063b83610545565b915061064960208401610545565b90509250929050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b8181038181111561028657610286610652565b808201808211156102865761028661065256fea164736f6c6343000825000a",
}

// FalseReturnToken is an auto generated Go binding around an Ethereum contract.
type FalseReturnToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *FalseReturnToken) GetABI() abi.ABI {
	return c.abi
}

// NewFalseReturnToken creates a new instance of FalseReturnToken.
func NewFalseReturnToken() *FalseReturnToken {
	parsed, err := FalseReturnTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &FalseReturnToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *FalseReturnToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address , address ) view returns(uint256)
func (falseReturnToken *FalseReturnToken) PackAllowance(arg0 common.Address, arg1 common.Address) []byte {
	enc, err := falseReturnToken.abi.Pack("allowance", arg0, arg1)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function allowance(address , address ) view returns(uint256)
func (falseReturnToken *FalseReturnToken) TryPackAllowance(arg0 common.Address, arg1 common.Address) ([]byte, error) {
	return falseReturnToken.abi.Pack("allowance", arg0, arg1)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address , address ) view returns(uint256)
func (falseReturnToken *FalseReturnToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := falseReturnToken.abi.Unpack("allowance", data)
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
func (falseReturnToken *FalseReturnToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := falseReturnToken.abi.Pack("approve", spender, value)
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
func (falseReturnToken *FalseReturnToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return falseReturnToken.abi.Pack("approve", spender, value)
}

// UnpackApprove is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (falseReturnToken *FalseReturnToken) UnpackApprove(data []byte) (bool, error) {
	out, err := falseReturnToken.abi.Unpack("approve", data)
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
// Solidity: function balanceOf(address ) view returns(uint256)
func (falseReturnToken *FalseReturnToken) PackBalanceOf(arg0 common.Address) []byte {
	enc, err := falseReturnToken.abi.Pack("balanceOf", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (falseReturnToken *FalseReturnToken) TryPackBalanceOf(arg0 common.Address) ([]byte, error) {
	return falseReturnToken.abi.Pack("balanceOf", arg0)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (falseReturnToken *FalseReturnToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := falseReturnToken.abi.Unpack("balanceOf", data)
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
// Solidity: function blocked(address ) view returns(bool)
func (falseReturnToken *FalseReturnToken) PackBlocked(arg0 common.Address) []byte {
	enc, err := falseReturnToken.abi.Pack("blocked", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBlocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5962195.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function blocked(address ) view returns(bool)
func (falseReturnToken *FalseReturnToken) TryPackBlocked(arg0 common.Address) ([]byte, error) {
	return falseReturnToken.abi.Pack("blocked", arg0)
}

// UnpackBlocked is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe5962195.
//
// Solidity: function blocked(address ) view returns(bool)
func (falseReturnToken *FalseReturnToken) UnpackBlocked(data []byte) (bool, error) {
	out, err := falseReturnToken.abi.Unpack("blocked", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() pure returns(uint8)
func (falseReturnToken *FalseReturnToken) PackDecimals() []byte {
	enc, err := falseReturnToken.abi.Pack("decimals")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function decimals() pure returns(uint8)
func (falseReturnToken *FalseReturnToken) TryPackDecimals() ([]byte, error) {
	return falseReturnToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() pure returns(uint8)
func (falseReturnToken *FalseReturnToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := falseReturnToken.abi.Unpack("decimals", data)
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
func (falseReturnToken *FalseReturnToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := falseReturnToken.abi.Pack("mint", to, amount)
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
func (falseReturnToken *FalseReturnToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return falseReturnToken.abi.Pack("mint", to, amount)
}

// PackSetBlocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x000af2a1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setBlocked(address account, bool b) returns()
func (falseReturnToken *FalseReturnToken) PackSetBlocked(account common.Address, b bool) []byte {
	enc, err := falseReturnToken.abi.Pack("setBlocked", account, b)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetBlocked is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x000af2a1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setBlocked(address account, bool b) returns()
func (falseReturnToken *FalseReturnToken) TryPackSetBlocked(account common.Address, b bool) ([]byte, error) {
	return falseReturnToken.abi.Pack("setBlocked", account, b)
}

// PackTotalSupply is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x18160ddd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalSupply() view returns(uint256)
func (falseReturnToken *FalseReturnToken) PackTotalSupply() []byte {
	enc, err := falseReturnToken.abi.Pack("totalSupply")
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
func (falseReturnToken *FalseReturnToken) TryPackTotalSupply() ([]byte, error) {
	return falseReturnToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (falseReturnToken *FalseReturnToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := falseReturnToken.abi.Unpack("totalSupply", data)
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
func (falseReturnToken *FalseReturnToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := falseReturnToken.abi.Pack("transfer", to, value)
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
func (falseReturnToken *FalseReturnToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return falseReturnToken.abi.Pack("transfer", to, value)
}

// UnpackTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (falseReturnToken *FalseReturnToken) UnpackTransfer(data []byte) (bool, error) {
	out, err := falseReturnToken.abi.Unpack("transfer", data)
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
func (falseReturnToken *FalseReturnToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := falseReturnToken.abi.Pack("transferFrom", from, to, value)
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
func (falseReturnToken *FalseReturnToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return falseReturnToken.abi.Pack("transferFrom", from, to, value)
}

// UnpackTransferFrom is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (falseReturnToken *FalseReturnToken) UnpackTransferFrom(data []byte) (bool, error) {
	out, err := falseReturnToken.abi.Unpack("transferFrom", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// FalseReturnTokenApproval represents a Approval event raised by the FalseReturnToken contract.
type FalseReturnTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const FalseReturnTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (FalseReturnTokenApproval) ContractEventName() string {
	return FalseReturnTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (falseReturnToken *FalseReturnToken) UnpackApprovalEvent(log *types.Log) (*FalseReturnTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != falseReturnToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(FalseReturnTokenApproval)
	if len(log.Data) > 0 {
		if err := falseReturnToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range falseReturnToken.abi.Events[event].Inputs {
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

// FalseReturnTokenTransfer represents a Transfer event raised by the FalseReturnToken contract.
type FalseReturnTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const FalseReturnTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (FalseReturnTokenTransfer) ContractEventName() string {
	return FalseReturnTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (falseReturnToken *FalseReturnToken) UnpackTransferEvent(log *types.Log) (*FalseReturnTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != falseReturnToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(FalseReturnTokenTransfer)
	if len(log.Data) > 0 {
		if err := falseReturnToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range falseReturnToken.abi.Events[event].Inputs {
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
