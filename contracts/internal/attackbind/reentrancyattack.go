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
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"channel_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"CallFailed\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"StoreFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"act\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"attempts\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"channel\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastSelector\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"received\",\"outputs\":[{\"internalType\":\"uint128\",\"name\":\"\",\"type\":\"uint128\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"setReentry\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"successes\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"stateMutability\":\"payable\",\"type\":\"receive\"}]",
	ID:  "ReentrancyAttack",
	Bin: "0x60a060405234801561000f575f5ffd5b50604051610a6b380380610a6b83398101604081905261002e9161003f565b6001600160a01b031660805261006c565b5f6020828403121561004f575f5ffd5b81516001600160a01b0381168114610065575f5ffd5b9392505050565b6080516109d36100985f395f818160b7015281816101b101528181610420015261053b01526109d35ff3fe608060405260043610610071575f3560e01c80637bbdb96e1161004c5780637bbdb96e1461040f57806383a6deb514610467578063abd1ccc1146104af578063f462d99214610514575f5ffd5b806327bdc4511461036f5780635754a042146103985780637339acce146103dc575f5ffd5b3661036b575f80546100969034906fffffffffffffffffffffffffffffffff16610745565b60015490915073ffffffffffffffffffffffffffffffffffffffff908116907f000000000000000000000000000000000000000000000000000000000000000016331415806100f9575073ffffffffffffffffffffffffffffffffffffffff8116155b1561013b575f80547fffffffffffffffffffffffffffffffff00000000000000000000000000000000166fffffffffffffffffffffffffffffffff8416179055005b5f61015e600173ffffffffffffffffffffffffffffffffffffffff84163b61076d565b67ffffffffffffffff81111561017657610176610780565b6040519080825280601f01601f1916602001820160405280156101a0576020820181803683370190505b5090508051600160208301843c5f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff16836040516101f491906107ad565b5f604051808303815f865af19150503d805f811461022d576040519150601f19603f3d011682016040523d82523d5f602084013e610232565b606091505b50915091505f600482511061024d5761024a826107c3565b90505b5f80547fffffffffffffffffffffffffffffffff00000000000000000000000000000000166fffffffffffffffffffffffffffffffff881617808255700100000000000000000000000000000000900463ffffffff169060106102af8361082f565b91906101000a81548163ffffffff021916908363ffffffff160217905550508215610321575f805474010000000000000000000000000000000000000000900463ffffffff169060146103018361082f565b91906101000a81548163ffffffff021916908363ffffffff160217905550505b5f80547fffffffff00000000ffffffffffffffffffffffffffffffffffffffffffffffff16780100000000000000000000000000000000000000000000000060e084901c02179055005b5f5ffd5b61038261037d366004610853565b610535565b60405161038f91906108c1565b60405180910390f35b3480156103a3575f5ffd5b505f546103c790700100000000000000000000000000000000900463ffffffff1681565b60405163ffffffff909116815260200161038f565b3480156103e7575f5ffd5b505f546103c79074010000000000000000000000000000000000000000900463ffffffff1681565b34801561041a575f5ffd5b506104427f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff909116815260200161038f565b348015610472575f5ffd5b505f5461048e906fffffffffffffffffffffffffffffffff1681565b6040516fffffffffffffffffffffffffffffffff909116815260200161038f565b3480156104ba575f5ffd5b505f546104e3907801000000000000000000000000000000000000000000000000900460e01b81565b6040517fffffffff00000000000000000000000000000000000000000000000000000000909116815260200161038f565b34801561051f575f5ffd5b5061053361052e366004610853565b610611565b005b60605f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff16348686604051610581929190610914565b5f6040518083038185875af1925050503d805f81146105bb576040519150601f19603f3d011682016040523d82523d5f602084013e6105c0565b606091505b50915091508161060757806040517fa5fa8d2b0000000000000000000000000000000000000000000000000000000081526004016105fe91906108c1565b60405180910390fd5b9150505b92915050565b5f819003610645575050600180547fffffffffffffffffffffffff0000000000000000000000000000000000000000169055565b5f610651826001610923565b838360405160200161066593929190610936565b60405160208183030381529060405290505f8151602083015ff0905073ffffffffffffffffffffffffffffffffffffffff81166106ce576040517f6f7854ef00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b600180547fffffffffffffffffffffffff00000000000000000000000000000000000000001673ffffffffffffffffffffffffffffffffffffffff92909216919091179055505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b6fffffffffffffffffffffffffffffffff818116838216019081111561060b5761060b610718565b8181038181111561060b5761060b610718565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b5f82518060208501845e5f920191825250919050565b805160208201517fffffffff00000000000000000000000000000000000000000000000000000000811691906004821015610828577fffffffff00000000000000000000000000000000000000000000000000000000808360040360031b1b82161692505b5050919050565b5f63ffffffff821663ffffffff810361084a5761084a610718565b60010192915050565b5f5f60208385031215610864575f5ffd5b823567ffffffffffffffff81111561087a575f5ffd5b8301601f8101851361088a575f5ffd5b803567ffffffffffffffff8111156108a0575f5ffd5b8560208284010111156108b1575f5ffd5b6020919091019590945092505050565b602081525f82518060208401528060208501604085015e5f6040828501015260407fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011684010191505092915050565b818382375f9101908152919050565b8082018082111561060b5761060b610718565b7f610000000000000000000000000000000000000000000000000000000000000081527fffff0000000000000000000000000000000000000000000000000000000000008460f01b1660018201527f80600c6000396000f3000000000000000000000000000000000000000000000060038201525f600c8201528183600d8301375f9101600d019081529291505056fea164736f6c6343000825000a",
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
// Solidity: function attempts() view returns(uint32)
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
// Solidity: function attempts() view returns(uint32)
func (reentrancyAttack *ReentrancyAttack) TryPackAttempts() ([]byte, error) {
	return reentrancyAttack.abi.Pack("attempts")
}

// UnpackAttempts is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5754a042.
//
// Solidity: function attempts() view returns(uint32)
func (reentrancyAttack *ReentrancyAttack) UnpackAttempts(data []byte) (uint32, error) {
	out, err := reentrancyAttack.abi.Unpack("attempts", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
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

// PackLastSelector is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xabd1ccc1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastSelector() view returns(bytes4)
func (reentrancyAttack *ReentrancyAttack) PackLastSelector() []byte {
	enc, err := reentrancyAttack.abi.Pack("lastSelector")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastSelector is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xabd1ccc1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastSelector() view returns(bytes4)
func (reentrancyAttack *ReentrancyAttack) TryPackLastSelector() ([]byte, error) {
	return reentrancyAttack.abi.Pack("lastSelector")
}

// UnpackLastSelector is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xabd1ccc1.
//
// Solidity: function lastSelector() view returns(bytes4)
func (reentrancyAttack *ReentrancyAttack) UnpackLastSelector(data []byte) ([4]byte, error) {
	out, err := reentrancyAttack.abi.Unpack("lastSelector", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackReceived is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83a6deb5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function received() view returns(uint128)
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
// Solidity: function received() view returns(uint128)
func (reentrancyAttack *ReentrancyAttack) TryPackReceived() ([]byte, error) {
	return reentrancyAttack.abi.Pack("received")
}

// UnpackReceived is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x83a6deb5.
//
// Solidity: function received() view returns(uint128)
func (reentrancyAttack *ReentrancyAttack) UnpackReceived(data []byte) (*big.Int, error) {
	out, err := reentrancyAttack.abi.Unpack("received", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
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
// Solidity: function successes() view returns(uint32)
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
// Solidity: function successes() view returns(uint32)
func (reentrancyAttack *ReentrancyAttack) TryPackSuccesses() ([]byte, error) {
	return reentrancyAttack.abi.Pack("successes")
}

// UnpackSuccesses is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7339acce.
//
// Solidity: function successes() view returns(uint32)
func (reentrancyAttack *ReentrancyAttack) UnpackSuccesses(data []byte) (uint32, error) {
	out, err := reentrancyAttack.abi.Unpack("successes", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (reentrancyAttack *ReentrancyAttack) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], reentrancyAttack.abi.Errors["CallFailed"].ID.Bytes()[:4]) {
		return reentrancyAttack.UnpackCallFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrancyAttack.abi.Errors["StoreFailed"].ID.Bytes()[:4]) {
		return reentrancyAttack.UnpackStoreFailedError(raw[4:])
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

// ReentrancyAttackStoreFailed represents a StoreFailed error raised by the ReentrancyAttack contract.
type ReentrancyAttackStoreFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StoreFailed()
func ReentrancyAttackStoreFailedErrorID() common.Hash {
	return common.HexToHash("0x6f7854ef7442c9d407239bf152c13ac2b748a06e431f87298941226db64efaf7")
}

// UnpackStoreFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StoreFailed()
func (reentrancyAttack *ReentrancyAttack) UnpackStoreFailedError(raw []byte) (*ReentrancyAttackStoreFailed, error) {
	out := new(ReentrancyAttackStoreFailed)
	if err := reentrancyAttack.abi.UnpackIntoInterface(out, "StoreFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}
