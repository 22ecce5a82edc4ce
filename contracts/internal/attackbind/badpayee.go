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

// BadPayeeMetaData contains all meta data concerning the BadPayee contract.
var BadPayeeMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"channel_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"CallFailed\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"Refused\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BOMB_BYTES\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"act\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"channel\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"mode\",\"outputs\":[{\"internalType\":\"enumBadPayee.Mode\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"received\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"enumBadPayee.Mode\",\"name\":\"m\",\"type\":\"uint8\"}],\"name\":\"setMode\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"stateMutability\":\"payable\",\"type\":\"receive\"}]",
	ID:  "BadPayee",
	Bin: "0x60a0604052348015600e575f5ffd5b506040516105e53803806105e5833981016040819052602b91603b565b6001600160a01b03166080526066565b5f60208284031215604a575f5ffd5b81516001600160a01b0381168114605f575f5ffd5b9392505050565b6080516105606100855f395f818161021a01526102e401526105605ff3fe608060405260043610610066575f3560e01c80637bbdb96e116100415780637bbdb96e14610209578063835e13ab1461026157806383a6deb514610285575f5ffd5b806321175b4a1461019a57806327bdc451146101bb578063295a5212146101e4575f5ffd5b36610196575f5460ff166001816005811115610084576100846103ba565b036100bb576040517f8ac5ff0b00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b60028160058111156100cf576100cf6103ba565b036100de575f5b6001016100d6565b60038160058111156100f2576100f26103ba565b148061010f5750600481600581111561010d5761010d6103ba565b145b15610140575f6004826005811115610129576101296103ba565b149050801561013957620186a05ffd5b620186a05ff35b6005816005811115610154576101546103ba565b0361017d575f5f5b6064811015610177575f91825260209091209060010161015c565b50805f5d505b3460015f82825461018e91906103e7565b925050819055005b5f5ffd5b3480156101a5575f5ffd5b506101b96101b436600461041f565b61029a565b005b6101ce6101c9366004610444565b6102de565b6040516101db91906104b2565b60405180910390f35b3480156101ef575f5ffd5b505f546101fc9060ff1681565b6040516101db9190610505565b348015610214575f5ffd5b5061023c7f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff90911681526020016101db565b34801561026c575f5ffd5b50610277620186a081565b6040519081526020016101db565b348015610290575f5ffd5b5061027760015481565b5f80548291907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff001660018360058111156102d6576102d66103ba565b021790555050565b60605f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff1634868660405161032a929190610544565b5f6040518083038185875af1925050503d805f8114610364576040519150601f19603f3d011682016040523d82523d5f602084013e610369565b606091505b5091509150816103b057806040517fa5fa8d2b0000000000000000000000000000000000000000000000000000000081526004016103a791906104b2565b60405180910390fd5b9150505b92915050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b808201808211156103b4577f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b5f6020828403121561042f575f5ffd5b81356006811061043d575f5ffd5b9392505050565b5f5f60208385031215610455575f5ffd5b823567ffffffffffffffff81111561046b575f5ffd5b8301601f8101851361047b575f5ffd5b803567ffffffffffffffff811115610491575f5ffd5b8560208284010111156104a2575f5ffd5b6020919091019590945092505050565b602081525f82518060208401528060208501604085015e5f6040828501015260407fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011684010191505092915050565b602081016006831061053e577f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b91905290565b818382375f910190815291905056fea164736f6c6343000825000a",
}

// BadPayee is an auto generated Go binding around an Ethereum contract.
type BadPayee struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BadPayee) GetABI() abi.ABI {
	return c.abi
}

// NewBadPayee creates a new instance of BadPayee.
func NewBadPayee() *BadPayee {
	parsed, err := BadPayeeMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BadPayee{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BadPayee) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address channel_) returns()
func (badPayee *BadPayee) PackConstructor(channel_ common.Address) []byte {
	enc, err := badPayee.abi.Pack("", channel_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackBOMBBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x835e13ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function BOMB_BYTES() view returns(uint256)
func (badPayee *BadPayee) PackBOMBBYTES() []byte {
	enc, err := badPayee.abi.Pack("BOMB_BYTES")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBOMBBYTES is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x835e13ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function BOMB_BYTES() view returns(uint256)
func (badPayee *BadPayee) TryPackBOMBBYTES() ([]byte, error) {
	return badPayee.abi.Pack("BOMB_BYTES")
}

// UnpackBOMBBYTES is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x835e13ab.
//
// Solidity: function BOMB_BYTES() view returns(uint256)
func (badPayee *BadPayee) UnpackBOMBBYTES(data []byte) (*big.Int, error) {
	out, err := badPayee.abi.Unpack("BOMB_BYTES", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackAct is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x27bdc451.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function act(bytes data) payable returns(bytes)
func (badPayee *BadPayee) PackAct(data []byte) []byte {
	enc, err := badPayee.abi.Pack("act", data)
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
func (badPayee *BadPayee) TryPackAct(data []byte) ([]byte, error) {
	return badPayee.abi.Pack("act", data)
}

// UnpackAct is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x27bdc451.
//
// Solidity: function act(bytes data) payable returns(bytes)
func (badPayee *BadPayee) UnpackAct(data []byte) ([]byte, error) {
	out, err := badPayee.abi.Unpack("act", data)
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
func (badPayee *BadPayee) PackChannel() []byte {
	enc, err := badPayee.abi.Pack("channel")
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
func (badPayee *BadPayee) TryPackChannel() ([]byte, error) {
	return badPayee.abi.Pack("channel")
}

// UnpackChannel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7bbdb96e.
//
// Solidity: function channel() view returns(address)
func (badPayee *BadPayee) UnpackChannel(data []byte) (common.Address, error) {
	out, err := badPayee.abi.Unpack("channel", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackMode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x295a5212.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mode() view returns(uint8)
func (badPayee *BadPayee) PackMode() []byte {
	enc, err := badPayee.abi.Pack("mode")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x295a5212.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mode() view returns(uint8)
func (badPayee *BadPayee) TryPackMode() ([]byte, error) {
	return badPayee.abi.Pack("mode")
}

// UnpackMode is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x295a5212.
//
// Solidity: function mode() view returns(uint8)
func (badPayee *BadPayee) UnpackMode(data []byte) (uint8, error) {
	out, err := badPayee.abi.Unpack("mode", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83a6deb5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function received() view returns(uint256)
func (badPayee *BadPayee) PackReceived() []byte {
	enc, err := badPayee.abi.Pack("received")
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
func (badPayee *BadPayee) TryPackReceived() ([]byte, error) {
	return badPayee.abi.Pack("received")
}

// UnpackReceived is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x83a6deb5.
//
// Solidity: function received() view returns(uint256)
func (badPayee *BadPayee) UnpackReceived(data []byte) (*big.Int, error) {
	out, err := badPayee.abi.Unpack("received", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSetMode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x21175b4a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setMode(uint8 m) returns()
func (badPayee *BadPayee) PackSetMode(m uint8) []byte {
	enc, err := badPayee.abi.Pack("setMode", m)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetMode is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x21175b4a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setMode(uint8 m) returns()
func (badPayee *BadPayee) TryPackSetMode(m uint8) ([]byte, error) {
	return badPayee.abi.Pack("setMode", m)
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (badPayee *BadPayee) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], badPayee.abi.Errors["CallFailed"].ID.Bytes()[:4]) {
		return badPayee.UnpackCallFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], badPayee.abi.Errors["Refused"].ID.Bytes()[:4]) {
		return badPayee.UnpackRefusedError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BadPayeeCallFailed represents a CallFailed error raised by the BadPayee contract.
type BadPayeeCallFailed struct {
	Data []byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CallFailed(bytes data)
func BadPayeeCallFailedErrorID() common.Hash {
	return common.HexToHash("0xa5fa8d2bd23af43608c66a1e71e091ad72afa45dfd478efa1657e01a9a4ceea6")
}

// UnpackCallFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CallFailed(bytes data)
func (badPayee *BadPayee) UnpackCallFailedError(raw []byte) (*BadPayeeCallFailed, error) {
	out := new(BadPayeeCallFailed)
	if err := badPayee.abi.UnpackIntoInterface(out, "CallFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BadPayeeRefused represents a Refused error raised by the BadPayee contract.
type BadPayeeRefused struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error Refused()
func BadPayeeRefusedErrorID() common.Hash {
	return common.HexToHash("0x8ac5ff0bf8ef9807b77ae1c204f55cfc54a1ef5de6b0c1149bcb69153525ab21")
}

// UnpackRefusedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error Refused()
func (badPayee *BadPayee) UnpackRefusedError(raw []byte) (*BadPayeeRefused, error) {
	out := new(BadPayeeRefused)
	if err := badPayee.abi.UnpackIntoInterface(out, "Refused", raw); err != nil {
		return nil, err
	}
	return out, nil
}
