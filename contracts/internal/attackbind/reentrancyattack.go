// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package attackbind

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

// ReentrancyAttackMetaData contains all meta data concerning the ReentrancyAttack contract.
var ReentrancyAttackMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"channel_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"CallFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"act\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"attempts\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"channel\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastResult\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"received\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"reentry\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"setReentry\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"successes\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"stateMutability\":\"payable\",\"type\":\"receive\"}]",
	ID:  "ReentrancyAttack",
	Bin: "0x60a060405234801561000f575f5ffd5b506040516109d33803806109d383398101604081905261002e9161003f565b6001600160a01b031660805261006c565b5f6020828403121561004f575f5ffd5b81516001600160a01b0381168114610065575f5ffd5b9392505050565b60805161093b6100985f395f818160af015281816101060152818161022b01526102d4015261093b5ff3fe60806040526004361061007c575f3560e01c806383a6deb51161004c57806383a6deb514610272578063abcc11d814610287578063b344d7691461029b578063f462d992146102af575f5ffd5b806327bdc451146101b95780635754a042146101e25780637339acce146102055780637bbdb96e1461021a575f5ffd5b366101b5573460045f8282546100929190610480565b90915550503373ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000161415806100e757505f80546100e390610493565b1590505b156100ee57005b60018054905f6100fd836104e4565b91905055505f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff165f604051610149919061051b565b5f604051808303815f865af19150503d805f8114610182576040519150601f19603f3d011682016040523d82523d5f602084013e610187565b606091505b509150915081156101a75760028054905f6101a1836104e4565b91905055505b60036101b3828261062d565b005b5f5ffd5b6101cc6101c7366004610748565b6102ce565b6040516101d991906107b6565b60405180910390f35b3480156101ed575f5ffd5b506101f760015481565b6040519081526020016101d9565b348015610210575f5ffd5b506101f760025481565b348015610225575f5ffd5b5061024d7f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff90911681526020016101d9565b34801561027d575f5ffd5b506101f760045481565b348015610292575f5ffd5b506101cc6103aa565b3480156102a6575f5ffd5b506101cc610436565b3480156102ba575f5ffd5b506101b36102c9366004610748565b610442565b60605f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff1634868660405161031a929190610809565b5f6040518083038185875af1925050503d805f8114610354576040519150601f19603f3d011682016040523d82523d5f602084013e610359565b606091505b5091509150816103a057806040517fa5fa8d2b00000000000000000000000000000000000000000000000000000000815260040161039791906107b6565b60405180910390fd5b9150505b92915050565b600380546103b790610493565b80601f01602080910402602001604051908101604052809291908181526020018280546103e390610493565b801561042e5780601f106104055761010080835404028352916020019161042e565b820191905f5260205f20905b81548152906001019060200180831161041157829003601f168201915b505050505081565b5f80546103b790610493565b5f61044e828483610818565b505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b808201808211156103a4576103a4610453565b600181811c908216806104a757607f821691505b6020821081036104de577f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b50919050565b5f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff820361051457610514610453565b5060010190565b5f5f835461052881610493565b60018216801561053f57600181146105725761059f565b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff008316865281151582028601935061059f565b865f5260205f205f5b838110156105975781548882015260019091019060200161057b565b505081860193505b509195945050505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b601f82111561044e578282111561044e57805f5260205f20601f840160051c602085101561060257505f5b90810190601f840160051c035f5b81811015610625575f83820155600101610610565b505050505050565b815167ffffffffffffffff811115610647576106476105aa565b61065b816106558454610493565b846105d7565b6020601f8211600181146106ac575f83156106765750848201515b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff600385901b1c1916600184901b178455610741565b5f848152602081207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08516915b828110156106f957878501518255602094850194600190920191016106d9565b508482101561073557868401517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff600387901b60f8161c191681555b505060018360011b0184555b5050505050565b5f5f60208385031215610759575f5ffd5b823567ffffffffffffffff81111561076f575f5ffd5b8301601f8101851361077f575f5ffd5b803567ffffffffffffffff811115610795575f5ffd5b8560208284010111156107a6575f5ffd5b6020919091019590945092505050565b602081525f82518060208401528060208501604085015e5f6040828501015260407fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011684010191505092915050565b818382375f9101908152919050565b67ffffffffffffffff831115610830576108306105aa565b6108448361083e8354610493565b836105d7565b5f601f841160018114610894575f851561085e5750838201355b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff600387901b1c1916600186901b178355610741565b5f838152602081207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08716915b828110156108e157868501358255602094850194600190920191016108c1565b508682101561091c577fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff60f88860031b161c19848701351681555b505060018560011b018355505050505056fea164736f6c6343000825000a",
}

// ReentrancyAttack is an auto generated Go binding around an Ethereum contract.
type ReentrancyAttack struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ReentrancyAttack) GetABI() abi.ABI {
	return c.abi
}

// NewReentrancyAttack creates a new instance of ReentrancyAttack.
func NewReentrancyAttack() *ReentrancyAttack {
	parsed, err := ReentrancyAttackMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ReentrancyAttack{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ReentrancyAttack) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address channel_) returns()
func (reentrancyAttack *ReentrancyAttack) PackConstructor(channel_ common.Address) []byte {
	enc, err := reentrancyAttack.abi.Pack("", channel_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAct is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x27bdc451.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function act(bytes data) payable returns(bytes)
func (reentrancyAttack *ReentrancyAttack) PackAct(data []byte) []byte {
	enc, err := reentrancyAttack.abi.Pack("act", data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAct is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x27bdc451.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function act(bytes data) payable returns(bytes)
func (reentrancyAttack *ReentrancyAttack) TryPackAct(data []byte) ([]byte, error) {
	return reentrancyAttack.abi.Pack("act", data)
}

// UnpackAct is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x27bdc451.
//
// Solidity: function act(bytes data) payable returns(bytes)
func (reentrancyAttack *ReentrancyAttack) UnpackAct(data []byte) ([]byte, error) {
	out, err := reentrancyAttack.abi.Unpack("act", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackAttempts is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5754a042.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attempts() view returns(uint256)
func (reentrancyAttack *ReentrancyAttack) PackAttempts() []byte {
	enc, err := reentrancyAttack.abi.Pack("attempts")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttempts is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5754a042.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attempts() view returns(uint256)
func (reentrancyAttack *ReentrancyAttack) TryPackAttempts() ([]byte, error) {
	return reentrancyAttack.abi.Pack("attempts")
}

// UnpackAttempts is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5754a042.
//
// Solidity: function attempts() view returns(uint256)
func (reentrancyAttack *ReentrancyAttack) UnpackAttempts(data []byte) (*big.Int, error) {
	out, err := reentrancyAttack.abi.Unpack("attempts", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackChannel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7bbdb96e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function channel() view returns(address)
func (reentrancyAttack *ReentrancyAttack) PackChannel() []byte {
	enc, err := reentrancyAttack.abi.Pack("channel")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChannel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7bbdb96e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function channel() view returns(address)
func (reentrancyAttack *ReentrancyAttack) TryPackChannel() ([]byte, error) {
	return reentrancyAttack.abi.Pack("channel")
}

// UnpackChannel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7bbdb96e.
//
// Solidity: function channel() view returns(address)
func (reentrancyAttack *ReentrancyAttack) UnpackChannel(data []byte) (common.Address, error) {
	out, err := reentrancyAttack.abi.Unpack("channel", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackLastResult is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xabcc11d8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastResult() view returns(bytes)
func (reentrancyAttack *ReentrancyAttack) PackLastResult() []byte {
	enc, err := reentrancyAttack.abi.Pack("lastResult")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastResult is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xabcc11d8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastResult() view returns(bytes)
func (reentrancyAttack *ReentrancyAttack) TryPackLastResult() ([]byte, error) {
	return reentrancyAttack.abi.Pack("lastResult")
}

// UnpackLastResult is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xabcc11d8.
//
// Solidity: function lastResult() view returns(bytes)
func (reentrancyAttack *ReentrancyAttack) UnpackLastResult(data []byte) ([]byte, error) {
	out, err := reentrancyAttack.abi.Unpack("lastResult", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83a6deb5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function received() view returns(uint256)
func (reentrancyAttack *ReentrancyAttack) PackReceived() []byte {
	enc, err := reentrancyAttack.abi.Pack("received")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83a6deb5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function received() view returns(uint256)
func (reentrancyAttack *ReentrancyAttack) TryPackReceived() ([]byte, error) {
	return reentrancyAttack.abi.Pack("received")
}

// UnpackReceived is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x83a6deb5.
//
// Solidity: function received() view returns(uint256)
func (reentrancyAttack *ReentrancyAttack) UnpackReceived(data []byte) (*big.Int, error) {
	out, err := reentrancyAttack.abi.Unpack("received", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackReentry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb344d769.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reentry() view returns(bytes)
func (reentrancyAttack *ReentrancyAttack) PackReentry() []byte {
	enc, err := reentrancyAttack.abi.Pack("reentry")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReentry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb344d769.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reentry() view returns(bytes)
func (reentrancyAttack *ReentrancyAttack) TryPackReentry() ([]byte, error) {
	return reentrancyAttack.abi.Pack("reentry")
}

// UnpackReentry is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb344d769.
//
// Solidity: function reentry() view returns(bytes)
func (reentrancyAttack *ReentrancyAttack) UnpackReentry(data []byte) ([]byte, error) {
	out, err := reentrancyAttack.abi.Unpack("reentry", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackSetReentry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf462d992.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setReentry(bytes data) returns()
func (reentrancyAttack *ReentrancyAttack) PackSetReentry(data []byte) []byte {
	enc, err := reentrancyAttack.abi.Pack("setReentry", data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetReentry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf462d992.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setReentry(bytes data) returns()
func (reentrancyAttack *ReentrancyAttack) TryPackSetReentry(data []byte) ([]byte, error) {
	return reentrancyAttack.abi.Pack("setReentry", data)
}

// PackSuccesses is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7339acce.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function successes() view returns(uint256)
func (reentrancyAttack *ReentrancyAttack) PackSuccesses() []byte {
	enc, err := reentrancyAttack.abi.Pack("successes")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSuccesses is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7339acce.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function successes() view returns(uint256)
func (reentrancyAttack *ReentrancyAttack) TryPackSuccesses() ([]byte, error) {
	return reentrancyAttack.abi.Pack("successes")
}

// UnpackSuccesses is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7339acce.
//
// Solidity: function successes() view returns(uint256)
func (reentrancyAttack *ReentrancyAttack) UnpackSuccesses(data []byte) (*big.Int, error) {
	out, err := reentrancyAttack.abi.Unpack("successes", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (reentrancyAttack *ReentrancyAttack) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], reentrancyAttack.abi.Errors["CallFailed"].ID.Bytes()[:4]) {
		return reentrancyAttack.UnpackCallFailedError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ReentrancyAttackCallFailed represents a CallFailed error raised by the ReentrancyAttack contract.
type ReentrancyAttackCallFailed struct {
	Data []byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CallFailed(bytes data)
func ReentrancyAttackCallFailedErrorID() common.Hash {
	return common.HexToHash("0xa5fa8d2bd23af43608c66a1e71e091ad72afa45dfd478efa1657e01a9a4ceea6")
}

// UnpackCallFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CallFailed(bytes data)
func (reentrancyAttack *ReentrancyAttack) UnpackCallFailedError(raw []byte) (*ReentrancyAttackCallFailed, error) {
	out := new(ReentrancyAttackCallFailed)
	if err := reentrancyAttack.abi.UnpackIntoInterface(out, "CallFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}
