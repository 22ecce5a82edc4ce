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

// UsdtLikeTokenMetaData contains all meta data concerning the UsdtLikeToken contract.
var UsdtLikeTokenMetaData = bind.MetaData{
	ABI: "[{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"ignoreApprovals\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bool\",\"name\":\"on\",\"type\":\"bool\"}],\"name\":\"setIgnoreApprovals\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "UsdtLikeToken",
	Bin: "0x6080604052348015600e575f5ffd5b5061081b8061001c5f395ff3fe608060405234801561000f575f5ffd5b50600436106100c4575f3560e01c806370a082311161007d57806395d89b411161005857806395d89b41146101a9578063a9059cbb146101e8578063dd62ed3e146101fb575f5ffd5b806370a082311461012e578063837ba4011461014d578063943451351461016a575f5ffd5b806323b872dd116100ad57806323b872dd146100f9578063313ce5671461010c57806340c10f191461011b575f5ffd5b8063095ea7b3146100c857806318160ddd146100dd575b5f5ffd5b6100db6100d6366004610690565b610225565b005b6100e660025481565b6040519081526020015b60405180910390f35b6100db6101073660046106b8565b61036b565b604051600681526020016100f0565b6100db610129366004610690565b610450565b6100e661013c3660046106f2565b5f6020819052908152604090205481565b60035461015a9060ff1681565b60405190151581526020016100f0565b6100db610178366004610712565b600380547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0016911515919091179055565b604080518082018252600481527f5553445400000000000000000000000000000000000000000000000000000000602082015290516100f09190610731565b6100db6101f6366004610690565b6104eb565b6100e6610209366004610784565b600160209081525f928352604080842090915290825290205481565b80158061025f5750335f90815260016020908152604080832073ffffffffffffffffffffffffffffffffffffffff86168452909152902054155b6102f0576040517f08c379a000000000000000000000000000000000000000000000000000000000815260206004820152602260248201527f555344543a207365742074686520616c6c6f77616e636520746f20302066697260448201527f737400000000000000000000000000000000000000000000000000000000000060648201526084015b60405180910390fd5b60035460ff16156102ff575050565b335f81815260016020908152604080832073ffffffffffffffffffffffffffffffffffffffff871680855290835292819020859055518481529192917f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92591015b60405180910390a35050565b73ffffffffffffffffffffffffffffffffffffffff83165f90815260016020908152604080832033845290915290205481811015610405576040517f08c379a000000000000000000000000000000000000000000000000000000000815260206004820152600960248201527f616c6c6f77616e6365000000000000000000000000000000000000000000000060448201526064016102e7565b61040f82826107e2565b73ffffffffffffffffffffffffffffffffffffffff85165f90815260016020908152604080832033845290915290205561044a8484846104fa565b50505050565b73ffffffffffffffffffffffffffffffffffffffff82165f90815260208190526040812080548392906104849084906107fb565b925050819055508060025f82825461049c91906107fb565b909155505060405181815273ffffffffffffffffffffffffffffffffffffffff8316905f907fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef9060200161035f565b6104f63383836104fa565b5050565b73ffffffffffffffffffffffffffffffffffffffff83165f90815260208190526040902054811115610588576040517f08c379a000000000000000000000000000000000000000000000000000000000815260206004820152600760248201527f62616c616e63650000000000000000000000000000000000000000000000000060448201526064016102e7565b73ffffffffffffffffffffffffffffffffffffffff83165f90815260208190526040812080548392906105bc9084906107e2565b909155505073ffffffffffffffffffffffffffffffffffffffff82165f90815260208190526040812080548392906105f59084906107fb565b925050819055508173ffffffffffffffffffffffffffffffffffffffff168373ffffffffffffffffffffffffffffffffffffffff167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef8360405161065b91815260200190565b60405180910390a3505050565b803573ffffffffffffffffffffffffffffffffffffffff8116811461068b575f5ffd5b919050565b5f5f604083850312156106a1575f5ffd5b6106aa83610668565b946020939093013593505050565b5f5f5f606084860312156106ca575f5ffd5b6106d384610668565b92506106e160208501610668565b929592945050506040919091013590565b5f60208284031215610702575f5ffd5b61070b82610668565b9392505050565b5f60208284031215610722575f5ffd5b8135801515811461070b575f5ffd5b602081525f82518060208401528060208501604085015e5f6040828501015260407fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011684010191505092915050565b5f5f60408385031215610795575f5ffd5b61079e83610668565b91506107ac60208401610668565b90509250929050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b818103818111156107f5576107f56107b5565b92915050565b808201808211156107f5576107f56107b556fea164736f6c6343000825000a",
}

// UsdtLikeToken is an auto generated Go binding around an Ethereum contract.
type UsdtLikeToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *UsdtLikeToken) GetABI() abi.ABI {
	return c.abi
}

// NewUsdtLikeToken creates a new instance of UsdtLikeToken.
func NewUsdtLikeToken() *UsdtLikeToken {
	parsed, err := UsdtLikeTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &UsdtLikeToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *UsdtLikeToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address , address ) view returns(uint256)
func (usdtLikeToken *UsdtLikeToken) PackAllowance(arg0 common.Address, arg1 common.Address) []byte {
	enc, err := usdtLikeToken.abi.Pack("allowance", arg0, arg1)
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
func (usdtLikeToken *UsdtLikeToken) TryPackAllowance(arg0 common.Address, arg1 common.Address) ([]byte, error) {
	return usdtLikeToken.abi.Pack("allowance", arg0, arg1)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address , address ) view returns(uint256)
func (usdtLikeToken *UsdtLikeToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := usdtLikeToken.abi.Unpack("allowance", data)
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
// Solidity: function approve(address spender, uint256 value) returns()
func (usdtLikeToken *UsdtLikeToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := usdtLikeToken.abi.Pack("approve", spender, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApprove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x095ea7b3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approve(address spender, uint256 value) returns()
func (usdtLikeToken *UsdtLikeToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return usdtLikeToken.abi.Pack("approve", spender, value)
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (usdtLikeToken *UsdtLikeToken) PackBalanceOf(arg0 common.Address) []byte {
	enc, err := usdtLikeToken.abi.Pack("balanceOf", arg0)
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
func (usdtLikeToken *UsdtLikeToken) TryPackBalanceOf(arg0 common.Address) ([]byte, error) {
	return usdtLikeToken.abi.Pack("balanceOf", arg0)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address ) view returns(uint256)
func (usdtLikeToken *UsdtLikeToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := usdtLikeToken.abi.Unpack("balanceOf", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() pure returns(uint8)
func (usdtLikeToken *UsdtLikeToken) PackDecimals() []byte {
	enc, err := usdtLikeToken.abi.Pack("decimals")
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
func (usdtLikeToken *UsdtLikeToken) TryPackDecimals() ([]byte, error) {
	return usdtLikeToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() pure returns(uint8)
func (usdtLikeToken *UsdtLikeToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := usdtLikeToken.abi.Unpack("decimals", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackIgnoreApprovals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x837ba401.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ignoreApprovals() view returns(bool)
func (usdtLikeToken *UsdtLikeToken) PackIgnoreApprovals() []byte {
	enc, err := usdtLikeToken.abi.Pack("ignoreApprovals")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIgnoreApprovals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x837ba401.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ignoreApprovals() view returns(bool)
func (usdtLikeToken *UsdtLikeToken) TryPackIgnoreApprovals() ([]byte, error) {
	return usdtLikeToken.abi.Pack("ignoreApprovals")
}

// UnpackIgnoreApprovals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x837ba401.
//
// Solidity: function ignoreApprovals() view returns(bool)
func (usdtLikeToken *UsdtLikeToken) UnpackIgnoreApprovals(data []byte) (bool, error) {
	out, err := usdtLikeToken.abi.Unpack("ignoreApprovals", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (usdtLikeToken *UsdtLikeToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := usdtLikeToken.abi.Pack("mint", to, amount)
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
func (usdtLikeToken *UsdtLikeToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return usdtLikeToken.abi.Pack("mint", to, amount)
}

// PackSetIgnoreApprovals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x94345135.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setIgnoreApprovals(bool on) returns()
func (usdtLikeToken *UsdtLikeToken) PackSetIgnoreApprovals(on bool) []byte {
	enc, err := usdtLikeToken.abi.Pack("setIgnoreApprovals", on)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetIgnoreApprovals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x94345135.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setIgnoreApprovals(bool on) returns()
func (usdtLikeToken *UsdtLikeToken) TryPackSetIgnoreApprovals(on bool) ([]byte, error) {
	return usdtLikeToken.abi.Pack("setIgnoreApprovals", on)
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() pure returns(string)
func (usdtLikeToken *UsdtLikeToken) PackSymbol() []byte {
	enc, err := usdtLikeToken.abi.Pack("symbol")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function symbol() pure returns(string)
func (usdtLikeToken *UsdtLikeToken) TryPackSymbol() ([]byte, error) {
	return usdtLikeToken.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() pure returns(string)
func (usdtLikeToken *UsdtLikeToken) UnpackSymbol(data []byte) (string, error) {
	out, err := usdtLikeToken.abi.Unpack("symbol", data)
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
func (usdtLikeToken *UsdtLikeToken) PackTotalSupply() []byte {
	enc, err := usdtLikeToken.abi.Pack("totalSupply")
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
func (usdtLikeToken *UsdtLikeToken) TryPackTotalSupply() ([]byte, error) {
	return usdtLikeToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (usdtLikeToken *UsdtLikeToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := usdtLikeToken.abi.Unpack("totalSupply", data)
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
// Solidity: function transfer(address to, uint256 value) returns()
func (usdtLikeToken *UsdtLikeToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := usdtLikeToken.abi.Pack("transfer", to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransfer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9059cbb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transfer(address to, uint256 value) returns()
func (usdtLikeToken *UsdtLikeToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return usdtLikeToken.abi.Pack("transfer", to, value)
}

// PackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns()
func (usdtLikeToken *UsdtLikeToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := usdtLikeToken.abi.Pack("transferFrom", from, to, value)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x23b872dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns()
func (usdtLikeToken *UsdtLikeToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return usdtLikeToken.abi.Pack("transferFrom", from, to, value)
}

// UsdtLikeTokenApproval represents a Approval event raised by the UsdtLikeToken contract.
type UsdtLikeTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const UsdtLikeTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (UsdtLikeTokenApproval) ContractEventName() string {
	return UsdtLikeTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (usdtLikeToken *UsdtLikeToken) UnpackApprovalEvent(log *types.Log) (*UsdtLikeTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != usdtLikeToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UsdtLikeTokenApproval)
	if len(log.Data) > 0 {
		if err := usdtLikeToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range usdtLikeToken.abi.Events[event].Inputs {
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

// UsdtLikeTokenTransfer represents a Transfer event raised by the UsdtLikeToken contract.
type UsdtLikeTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const UsdtLikeTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (UsdtLikeTokenTransfer) ContractEventName() string {
	return UsdtLikeTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (usdtLikeToken *UsdtLikeToken) UnpackTransferEvent(log *types.Log) (*UsdtLikeTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != usdtLikeToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(UsdtLikeTokenTransfer)
	if len(log.Data) > 0 {
		if err := usdtLikeToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range usdtLikeToken.abi.Events[event].Inputs {
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
