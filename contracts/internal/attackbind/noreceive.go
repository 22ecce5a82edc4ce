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

// NoReceiveMetaData contains all meta data concerning the NoReceive contract.
var NoReceiveMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"channel_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"CallFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"act\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"channel\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "NoReceive",
	Bin: "0x60a0604052348015600e575f5ffd5b506040516102e73803806102e7833981016040819052602b91603b565b6001600160a01b03166080526066565b5f60208284031215604a575f5ffd5b81516001600160a01b0381168114605f575f5ffd5b9392505050565b6080516102646100835f395f81816066015260b301526102645ff3fe608060405260043610610028575f3560e01c806327bdc4511461002c5780637bbdb96e14610055575b5f5ffd5b61003f61003a366004610187565b6100ad565b60405161004c91906101f5565b60405180910390f35b348015610060575f5ffd5b506100887f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff909116815260200161004c565b60605f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff163486866040516100f9929190610248565b5f6040518083038185875af1925050503d805f8114610133576040519150601f19603f3d011682016040523d82523d5f602084013e610138565b606091505b50915091508161017f57806040517fa5fa8d2b00000000000000000000000000000000000000000000000000000000815260040161017691906101f5565b60405180910390fd5b949350505050565b5f5f60208385031215610198575f5ffd5b823567ffffffffffffffff8111156101ae575f5ffd5b8301601f810185136101be575f5ffd5b803567ffffffffffffffff8111156101d4575f5ffd5b8560208284010111156101e5575f5ffd5b6020919091019590945092505050565b602081525f82518060208401528060208501604085015e5f6040828501015260407fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011684010191505092915050565b818382375f910190815291905056fea164736f6c6343000825000a",
}

// NoReceive is an auto generated Go binding around an Ethereum contract.
type NoReceive struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *NoReceive) GetABI() abi.ABI {
	return c.abi
}

// NewNoReceive creates a new instance of NoReceive.
func NewNoReceive() *NoReceive {
	parsed, err := NoReceiveMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &NoReceive{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *NoReceive) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address channel_) returns()
func (noReceive *NoReceive) PackConstructor(channel_ common.Address) []byte {
	enc, err := noReceive.abi.Pack("", channel_)
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
func (noReceive *NoReceive) PackAct(data []byte) []byte {
	enc, err := noReceive.abi.Pack("act", data)
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
func (noReceive *NoReceive) TryPackAct(data []byte) ([]byte, error) {
	return noReceive.abi.Pack("act", data)
}

// UnpackAct is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x27bdc451.
//
// Solidity: function act(bytes data) payable returns(bytes)
func (noReceive *NoReceive) UnpackAct(data []byte) ([]byte, error) {
	out, err := noReceive.abi.Unpack("act", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackChannel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7bbdb96e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function channel() view returns(address)
func (noReceive *NoReceive) PackChannel() []byte {
	enc, err := noReceive.abi.Pack("channel")
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
func (noReceive *NoReceive) TryPackChannel() ([]byte, error) {
	return noReceive.abi.Pack("channel")
}

// UnpackChannel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7bbdb96e.
//
// Solidity: function channel() view returns(address)
func (noReceive *NoReceive) UnpackChannel(data []byte) (common.Address, error) {
	out, err := noReceive.abi.Unpack("channel", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (noReceive *NoReceive) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], noReceive.abi.Errors["CallFailed"].ID.Bytes()[:4]) {
		return noReceive.UnpackCallFailedError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// NoReceiveCallFailed represents a CallFailed error raised by the NoReceive contract.
type NoReceiveCallFailed struct {
	Data []byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CallFailed(bytes data)
func NoReceiveCallFailedErrorID() common.Hash {
	return common.HexToHash("0xa5fa8d2bd23af43608c66a1e71e091ad72afa45dfd478efa1657e01a9a4ceea6")
}

// UnpackCallFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CallFailed(bytes data)
func (noReceive *NoReceive) UnpackCallFailedError(raw []byte) (*NoReceiveCallFailed, error) {
	out := new(NoReceiveCallFailed)
	if err := noReceive.abi.UnpackIntoInterface(out, "CallFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}
