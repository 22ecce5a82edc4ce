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

// ReentrantTokenMetaData contains all meta data concerning the ReentrantToken contract.
var ReentrantTokenMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"channel_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"CallFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"StoreFailed\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"act\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"attempts\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"channel\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastSelector\",\"outputs\":[{\"internalType\":\"bytes4\",\"name\":\"\",\"type\":\"bytes4\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"skim_\",\"type\":\"uint256\"}],\"name\":\"setReentry\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"skim\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"successes\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"\",\"type\":\"uint32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	ID:  "ReentrantToken",
	Bin: "0x60a06040526005805460ff1916600117905534801561001c575f5ffd5b5060405161153f38038061153f83398101604081905261003b916101a6565b6040518060400160405280600f81526020016e2932b2b73a3930b73a102a37b5b2b760891b81525060405180604001604052806002815260200161524560f01b815250816003908161008d9190610275565b50600461009a8282610275565b5050506001600160a01b0381166080526100b630825f196100bc565b50610333565b6100c983838360016100ce565b505050565b6001600160a01b0384166100fc5760405163e602df0560e01b81525f60048201526024015b60405180910390fd5b6001600160a01b03831661012557604051634a1406b160e11b81525f60048201526024016100f3565b6001600160a01b038085165f90815260016020908152604080832093871683529290522082905580156101a057826001600160a01b0316846001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b9258460405161019791815260200190565b60405180910390a35b50505050565b5f602082840312156101b6575f5ffd5b81516001600160a01b03811681146101cc575f5ffd5b9392505050565b634e487b7160e01b5f52604160045260245ffd5b600181811c908216806101fb57607f821691505b60208210810361021957634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156100c957828211156100c957805f5260205f20601f840160051c602085101561024a57505f5b90810190601f840160051c035f5b8181101561026d575f83820155600101610258565b505050505050565b81516001600160401b0381111561028e5761028e6101d3565b6102a28161029c84546101e7565b8461021f565b6020601f8211600181146102d4575f83156102bd5750848201515b5f19600385901b1c1916600184901b17845561032c565b5f84815260208120601f198516915b8281101561030357878501518255602094850194600190920191016102e3565b508482101561032057868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b6080516111df6103605f395f818161023c01528181610413015281816109630152610a7901526111df5ff3fe608060405234801561000f575f5ffd5b5060043610610115575f3560e01c80635754a042116100ad57806395d89b411161007d578063abd1ccc111610063578063abd1ccc11461029e578063bd84bf44146102e9578063dd62ed3e146102fc575f5ffd5b806395d89b4114610283578063a9059cbb1461028b575f5ffd5b80635754a042146101bf57806370a08231146101e95780637339acce1461021e5780637bbdb96e14610237575f5ffd5b806323b872dd116100e857806323b872dd1461017557806327bdc45114610188578063313ce5671461019b57806340c10f19146101aa575f5ffd5b806306fdde0314610119578063095ea7b31461013757806318160ddd1461015a5780631dd19cb41461016c575b5f5ffd5b610121610341565b60405161012e9190610e03565b60405180910390f35b61014a610145366004610e44565b6103d1565b604051901515815260200161012e565b6002545b60405190815260200161012e565b61015e60075481565b61014a610183366004610e6c565b6103ea565b610121610196366004610eeb565b61040d565b6040516012815260200161012e565b6101bd6101b8366004610e44565b6104e5565b005b6005546101d490610100900463ffffffff1681565b60405163ffffffff909116815260200161012e565b61015e6101f7366004610f2a565b73ffffffffffffffffffffffffffffffffffffffff165f9081526020819052604090205490565b6005546101d49065010000000000900463ffffffff1681565b61025e7f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff909116815260200161012e565b6101216104f3565b61014a610299366004610e44565b610502565b6005546102b8906901000000000000000000900460e01b81565b6040517fffffffff00000000000000000000000000000000000000000000000000000000909116815260200161012e565b6101bd6102f7366004610f43565b61050f565b61015e61030a366004610f8b565b73ffffffffffffffffffffffffffffffffffffffff9182165f90815260016020908152604080832093909416825291909152205490565b60606003805461035090610fbc565b80601f016020809104026020016040519081016040528092919081815260200182805461037c90610fbc565b80156103c75780601f1061039e576101008083540402835291602001916103c7565b820191905f5260205f20905b8154815290600101906020018083116103aa57829003601f168201915b5050505050905090565b5f336103de81858561061d565b60019150505b92915050565b5f336103f785828561062f565b6104028585856106fd565b506001949350505050565b60605f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff16858560405161045892919061100d565b5f604051808303815f865af19150503d805f8114610491576040519150601f19603f3d011682016040523d82523d5f602084013e610496565b606091505b5091509150816104dd57806040517fa5fa8d2b0000000000000000000000000000000000000000000000000000000081526004016104d49190610e03565b60405180910390fd5b949350505050565b6104ef82826107a6565b5050565b60606004805461035090610fbc565b5f336103de8185856106fd565b60078190555f829003610549575050600680547fffffffffffffffffffffffff000000000000000000000000000000000000000016905550565b5f610555836001611049565b84846040516020016105699392919061105c565b60405160208183030381529060405290505f8151602083015ff0905073ffffffffffffffffffffffffffffffffffffffff81166105d2576040517f6f7854ef00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b600680547fffffffffffffffffffffffff00000000000000000000000000000000000000001673ffffffffffffffffffffffffffffffffffffffff9290921691909117905550505050565b61062a8383836001610800565b505050565b73ffffffffffffffffffffffffffffffffffffffff8381165f908152600160209081526040808320938616835292905220547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8110156106f757818110156106e9576040517ffb8f41b200000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff8416600482015260248101829052604481018390526064016104d4565b6106f784848484035f610800565b50505050565b73ffffffffffffffffffffffffffffffffffffffff831661074c576040517f96c6fd1e0000000000000000000000000000000000000000000000000000000081525f60048201526024016104d4565b73ffffffffffffffffffffffffffffffffffffffff821661079b576040517fec442f050000000000000000000000000000000000000000000000000000000081525f60048201526024016104d4565b61062a838383610945565b73ffffffffffffffffffffffffffffffffffffffff82166107f5576040517fec442f050000000000000000000000000000000000000000000000000000000081525f60048201526024016104d4565b6104ef5f8383610945565b73ffffffffffffffffffffffffffffffffffffffff841661084f576040517fe602df050000000000000000000000000000000000000000000000000000000081525f60048201526024016104d4565b73ffffffffffffffffffffffffffffffffffffffff831661089e576040517f94280d620000000000000000000000000000000000000000000000000000000081525f60048201526024016104d4565b73ffffffffffffffffffffffffffffffffffffffff8085165f90815260016020908152604080832093871683529290522082905580156106f7578273ffffffffffffffffffffffffffffffffffffffff168473ffffffffffffffffffffffffffffffffffffffff167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b9258460405161093791815260200190565b60405180910390a350505050565b60065473ffffffffffffffffffffffffffffffffffffffff908116907f000000000000000000000000000000000000000000000000000000000000000016331480156109a6575073ffffffffffffffffffffffffffffffffffffffff811615155b80156109c657506005546d0100000000000000000000000000900460ff16155b15610c0a57600580547fffffffffffffffffffffffffffffffffffff00ffffffffffffffffffffffffff166d01000000000000000000000000001790555f610a26600173ffffffffffffffffffffffffffffffffffffffff84163b6110ec565b67ffffffffffffffff811115610a3e57610a3e6110ff565b6040519080825280601f01601f191660200182016040528015610a68576020820181803683370190505b5090508051600160208301843c5f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff1683604051610abc919061112c565b5f604051808303815f865af19150503d805f8114610af5576040519150601f19603f3d011682016040523d82523d5f602084013e610afa565b606091505b50915091505f6004825110610b1557610b1282611142565b90505b60058054610100900463ffffffff16906001610b30836111ae565b91906101000a81548163ffffffff021916908363ffffffff160217905550508215610ba3576005805465010000000000900463ffffffff169080610b73836111ae565b91906101000a81548163ffffffff021916908363ffffffff1602179055505060075486610ba091906110ec565b95505b600580547fffffffffffffffffffffffffffffffffffff0000000000ffffffffffffffffff16690100000000000000000060e09390931c929092027fffffffffffffffffffffffffffffffffffff00ffffffffffffffffffffffffff169190911790555050505b6106f784848473ffffffffffffffffffffffffffffffffffffffff8316610c47578060025f828254610c3c9190611049565b90915550610cf79050565b73ffffffffffffffffffffffffffffffffffffffff83165f9081526020819052604090205481811015610ccc576040517fe450d38c00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff8516600482015260248101829052604481018390526064016104d4565b73ffffffffffffffffffffffffffffffffffffffff84165f9081526020819052604090209082900390555b73ffffffffffffffffffffffffffffffffffffffff8216610d2057600280548290039055610d4b565b73ffffffffffffffffffffffffffffffffffffffff82165f9081526020819052604090208054820190555b8173ffffffffffffffffffffffffffffffffffffffff168373ffffffffffffffffffffffffffffffffffffffff167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef83604051610daa91815260200190565b60405180910390a3505050565b5f81518084528060208401602086015e5f6020828601015260207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011685010191505092915050565b602081525f610e156020830184610db7565b9392505050565b803573ffffffffffffffffffffffffffffffffffffffff81168114610e3f575f5ffd5b919050565b5f5f60408385031215610e55575f5ffd5b610e5e83610e1c565b946020939093013593505050565b5f5f5f60608486031215610e7e575f5ffd5b610e8784610e1c565b9250610e9560208501610e1c565b929592945050506040919091013590565b5f5f83601f840112610eb6575f5ffd5b50813567ffffffffffffffff811115610ecd575f5ffd5b602083019150836020828501011115610ee4575f5ffd5b9250929050565b5f5f60208385031215610efc575f5ffd5b823567ffffffffffffffff811115610f12575f5ffd5b610f1e85828601610ea6565b90969095509350505050565b5f60208284031215610f3a575f5ffd5b610e1582610e1c565b5f5f5f60408486031215610f55575f5ffd5b833567ffffffffffffffff811115610f6b575f5ffd5b610f7786828701610ea6565b909790965060209590950135949350505050565b5f5f60408385031215610f9c575f5ffd5b610fa583610e1c565b9150610fb360208401610e1c565b90509250929050565b600181811c90821680610fd057607f821691505b602082108103611007577f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b50919050565b818382375f9101908152919050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b808201808211156103e4576103e461101c565b7f610000000000000000000000000000000000000000000000000000000000000081527fffff0000000000000000000000000000000000000000000000000000000000008460f01b1660018201527f80600c6000396000f3000000000000000000000000000000000000000000000060038201525f600c8201528183600d8301375f9101600d0190815292915050565b818103818111156103e4576103e461101c565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b5f82518060208501845e5f920191825250919050565b805160208201517fffffffff000000000000000000000000000000000000000000000000000000008116919060048210156111a7577fffffffff00000000000000000000000000000000000000000000000000000000808360040360031b1b82161692505b5050919050565b5f63ffffffff821663ffffffff81036111c9576111c961101c565b6001019291505056fea164736f6c6343000825000a",
}

// ReentrantToken is an auto generated Go binding around an Ethereum contract.
type ReentrantToken struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ReentrantToken) GetABI() abi.ABI {
	return c.abi
}

// NewReentrantToken creates a new instance of ReentrantToken.
func NewReentrantToken() *ReentrantToken {
	parsed, err := ReentrantTokenMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ReentrantToken{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ReentrantToken) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address channel_) returns()
func (reentrantToken *ReentrantToken) PackConstructor(channel_ common.Address) []byte {
	enc, err := reentrantToken.abi.Pack("", channel_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAct is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x27bdc451.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function act(bytes data) returns(bytes)
func (reentrantToken *ReentrantToken) PackAct(data []byte) []byte {
	enc, err := reentrantToken.abi.Pack("act", data)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAct is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x27bdc451.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function act(bytes data) returns(bytes)
func (reentrantToken *ReentrantToken) TryPackAct(data []byte) ([]byte, error) {
	return reentrantToken.abi.Pack("act", data)
}

// UnpackAct is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x27bdc451.
//
// Solidity: function act(bytes data) returns(bytes)
func (reentrantToken *ReentrantToken) UnpackAct(data []byte) ([]byte, error) {
	out, err := reentrantToken.abi.Unpack("act", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd62ed3e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (reentrantToken *ReentrantToken) PackAllowance(owner common.Address, spender common.Address) []byte {
	enc, err := reentrantToken.abi.Pack("allowance", owner, spender)
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
func (reentrantToken *ReentrantToken) TryPackAllowance(owner common.Address, spender common.Address) ([]byte, error) {
	return reentrantToken.abi.Pack("allowance", owner, spender)
}

// UnpackAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (reentrantToken *ReentrantToken) UnpackAllowance(data []byte) (*big.Int, error) {
	out, err := reentrantToken.abi.Unpack("allowance", data)
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
func (reentrantToken *ReentrantToken) PackApprove(spender common.Address, value *big.Int) []byte {
	enc, err := reentrantToken.abi.Pack("approve", spender, value)
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
func (reentrantToken *ReentrantToken) TryPackApprove(spender common.Address, value *big.Int) ([]byte, error) {
	return reentrantToken.abi.Pack("approve", spender, value)
}

// UnpackApprove is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) UnpackApprove(data []byte) (bool, error) {
	out, err := reentrantToken.abi.Unpack("approve", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackAttempts is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5754a042.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attempts() view returns(uint32)
func (reentrantToken *ReentrantToken) PackAttempts() []byte {
	enc, err := reentrantToken.abi.Pack("attempts")
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
func (reentrantToken *ReentrantToken) TryPackAttempts() ([]byte, error) {
	return reentrantToken.abi.Pack("attempts")
}

// UnpackAttempts is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5754a042.
//
// Solidity: function attempts() view returns(uint32)
func (reentrantToken *ReentrantToken) UnpackAttempts(data []byte) (uint32, error) {
	out, err := reentrantToken.abi.Unpack("attempts", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackBalanceOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70a08231.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (reentrantToken *ReentrantToken) PackBalanceOf(account common.Address) []byte {
	enc, err := reentrantToken.abi.Pack("balanceOf", account)
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
func (reentrantToken *ReentrantToken) TryPackBalanceOf(account common.Address) ([]byte, error) {
	return reentrantToken.abi.Pack("balanceOf", account)
}

// UnpackBalanceOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (reentrantToken *ReentrantToken) UnpackBalanceOf(data []byte) (*big.Int, error) {
	out, err := reentrantToken.abi.Unpack("balanceOf", data)
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
func (reentrantToken *ReentrantToken) PackChannel() []byte {
	enc, err := reentrantToken.abi.Pack("channel")
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
func (reentrantToken *ReentrantToken) TryPackChannel() ([]byte, error) {
	return reentrantToken.abi.Pack("channel")
}

// UnpackChannel is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7bbdb96e.
//
// Solidity: function channel() view returns(address)
func (reentrantToken *ReentrantToken) UnpackChannel(data []byte) (common.Address, error) {
	out, err := reentrantToken.abi.Unpack("channel", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackDecimals is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x313ce567.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decimals() view returns(uint8)
func (reentrantToken *ReentrantToken) PackDecimals() []byte {
	enc, err := reentrantToken.abi.Pack("decimals")
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
func (reentrantToken *ReentrantToken) TryPackDecimals() ([]byte, error) {
	return reentrantToken.abi.Pack("decimals")
}

// UnpackDecimals is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (reentrantToken *ReentrantToken) UnpackDecimals(data []byte) (uint8, error) {
	out, err := reentrantToken.abi.Unpack("decimals", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackLastSelector is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xabd1ccc1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastSelector() view returns(bytes4)
func (reentrantToken *ReentrantToken) PackLastSelector() []byte {
	enc, err := reentrantToken.abi.Pack("lastSelector")
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
func (reentrantToken *ReentrantToken) TryPackLastSelector() ([]byte, error) {
	return reentrantToken.abi.Pack("lastSelector")
}

// UnpackLastSelector is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xabd1ccc1.
//
// Solidity: function lastSelector() view returns(bytes4)
func (reentrantToken *ReentrantToken) UnpackLastSelector(data []byte) ([4]byte, error) {
	out, err := reentrantToken.abi.Unpack("lastSelector", data)
	if err != nil {
		return *new([4]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([4]byte)).(*[4]byte)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40c10f19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(address to, uint256 amount) returns()
func (reentrantToken *ReentrantToken) PackMint(to common.Address, amount *big.Int) []byte {
	enc, err := reentrantToken.abi.Pack("mint", to, amount)
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
func (reentrantToken *ReentrantToken) TryPackMint(to common.Address, amount *big.Int) ([]byte, error) {
	return reentrantToken.abi.Pack("mint", to, amount)
}

// PackName is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x06fdde03.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function name() view returns(string)
func (reentrantToken *ReentrantToken) PackName() []byte {
	enc, err := reentrantToken.abi.Pack("name")
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
func (reentrantToken *ReentrantToken) TryPackName() ([]byte, error) {
	return reentrantToken.abi.Pack("name")
}

// UnpackName is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (reentrantToken *ReentrantToken) UnpackName(data []byte) (string, error) {
	out, err := reentrantToken.abi.Unpack("name", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackSetReentry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbd84bf44.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setReentry(bytes data, uint256 skim_) returns()
func (reentrantToken *ReentrantToken) PackSetReentry(data []byte, skim *big.Int) []byte {
	enc, err := reentrantToken.abi.Pack("setReentry", data, skim)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetReentry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbd84bf44.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setReentry(bytes data, uint256 skim_) returns()
func (reentrantToken *ReentrantToken) TryPackSetReentry(data []byte, skim *big.Int) ([]byte, error) {
	return reentrantToken.abi.Pack("setReentry", data, skim)
}

// PackSkim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1dd19cb4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function skim() view returns(uint256)
func (reentrantToken *ReentrantToken) PackSkim() []byte {
	enc, err := reentrantToken.abi.Pack("skim")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSkim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1dd19cb4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function skim() view returns(uint256)
func (reentrantToken *ReentrantToken) TryPackSkim() ([]byte, error) {
	return reentrantToken.abi.Pack("skim")
}

// UnpackSkim is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1dd19cb4.
//
// Solidity: function skim() view returns(uint256)
func (reentrantToken *ReentrantToken) UnpackSkim(data []byte) (*big.Int, error) {
	out, err := reentrantToken.abi.Unpack("skim", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSuccesses is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7339acce.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function successes() view returns(uint32)
func (reentrantToken *ReentrantToken) PackSuccesses() []byte {
	enc, err := reentrantToken.abi.Pack("successes")
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
func (reentrantToken *ReentrantToken) TryPackSuccesses() ([]byte, error) {
	return reentrantToken.abi.Pack("successes")
}

// UnpackSuccesses is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7339acce.
//
// Solidity: function successes() view returns(uint32)
func (reentrantToken *ReentrantToken) UnpackSuccesses(data []byte) (uint32, error) {
	out, err := reentrantToken.abi.Unpack("successes", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackSymbol is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95d89b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function symbol() view returns(string)
func (reentrantToken *ReentrantToken) PackSymbol() []byte {
	enc, err := reentrantToken.abi.Pack("symbol")
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
func (reentrantToken *ReentrantToken) TryPackSymbol() ([]byte, error) {
	return reentrantToken.abi.Pack("symbol")
}

// UnpackSymbol is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (reentrantToken *ReentrantToken) UnpackSymbol(data []byte) (string, error) {
	out, err := reentrantToken.abi.Unpack("symbol", data)
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
func (reentrantToken *ReentrantToken) PackTotalSupply() []byte {
	enc, err := reentrantToken.abi.Pack("totalSupply")
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
func (reentrantToken *ReentrantToken) TryPackTotalSupply() ([]byte, error) {
	return reentrantToken.abi.Pack("totalSupply")
}

// UnpackTotalSupply is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (reentrantToken *ReentrantToken) UnpackTotalSupply(data []byte) (*big.Int, error) {
	out, err := reentrantToken.abi.Unpack("totalSupply", data)
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
func (reentrantToken *ReentrantToken) PackTransfer(to common.Address, value *big.Int) []byte {
	enc, err := reentrantToken.abi.Pack("transfer", to, value)
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
func (reentrantToken *ReentrantToken) TryPackTransfer(to common.Address, value *big.Int) ([]byte, error) {
	return reentrantToken.abi.Pack("transfer", to, value)
}

// UnpackTransfer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) UnpackTransfer(data []byte) (bool, error) {
	out, err := reentrantToken.abi.Unpack("transfer", data)
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
func (reentrantToken *ReentrantToken) PackTransferFrom(from common.Address, to common.Address, value *big.Int) []byte {
	enc, err := reentrantToken.abi.Pack("transferFrom", from, to, value)
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
func (reentrantToken *ReentrantToken) TryPackTransferFrom(from common.Address, to common.Address, value *big.Int) ([]byte, error) {
	return reentrantToken.abi.Pack("transferFrom", from, to, value)
}

// UnpackTransferFrom is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (reentrantToken *ReentrantToken) UnpackTransferFrom(data []byte) (bool, error) {
	out, err := reentrantToken.abi.Unpack("transferFrom", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// ReentrantTokenApproval represents a Approval event raised by the ReentrantToken contract.
type ReentrantTokenApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const ReentrantTokenApprovalEventName = "Approval"

// ContractEventName returns the user-defined event name.
func (ReentrantTokenApproval) ContractEventName() string {
	return ReentrantTokenApprovalEventName
}

// UnpackApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (reentrantToken *ReentrantToken) UnpackApprovalEvent(log *types.Log) (*ReentrantTokenApproval, error) {
	event := "Approval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != reentrantToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ReentrantTokenApproval)
	if len(log.Data) > 0 {
		if err := reentrantToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range reentrantToken.abi.Events[event].Inputs {
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

// ReentrantTokenTransfer represents a Transfer event raised by the ReentrantToken contract.
type ReentrantTokenTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   *types.Log // Blockchain specific contextual infos
}

const ReentrantTokenTransferEventName = "Transfer"

// ContractEventName returns the user-defined event name.
func (ReentrantTokenTransfer) ContractEventName() string {
	return ReentrantTokenTransferEventName
}

// UnpackTransferEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (reentrantToken *ReentrantToken) UnpackTransferEvent(log *types.Log) (*ReentrantTokenTransfer, error) {
	event := "Transfer"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != reentrantToken.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ReentrantTokenTransfer)
	if len(log.Data) > 0 {
		if err := reentrantToken.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range reentrantToken.abi.Events[event].Inputs {
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
func (reentrantToken *ReentrantToken) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["CallFailed"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackCallFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InsufficientAllowance"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InsufficientAllowanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InsufficientBalance"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InsufficientBalanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InvalidApprover"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InvalidApproverError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InvalidReceiver"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InvalidReceiverError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InvalidSender"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InvalidSenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["ERC20InvalidSpender"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackERC20InvalidSpenderError(raw[4:])
	}
	if bytes.Equal(raw[:4], reentrantToken.abi.Errors["StoreFailed"].ID.Bytes()[:4]) {
		return reentrantToken.UnpackStoreFailedError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ReentrantTokenCallFailed represents a CallFailed error raised by the ReentrantToken contract.
type ReentrantTokenCallFailed struct {
	Data []byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CallFailed(bytes data)
func ReentrantTokenCallFailedErrorID() common.Hash {
	return common.HexToHash("0xa5fa8d2bd23af43608c66a1e71e091ad72afa45dfd478efa1657e01a9a4ceea6")
}

// UnpackCallFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CallFailed(bytes data)
func (reentrantToken *ReentrantToken) UnpackCallFailedError(raw []byte) (*ReentrantTokenCallFailed, error) {
	out := new(ReentrantTokenCallFailed)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "CallFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InsufficientAllowance represents a ERC20InsufficientAllowance error raised by the ReentrantToken contract.
type ReentrantTokenERC20InsufficientAllowance struct {
	Spender   common.Address
	Allowance *big.Int
	Needed    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func ReentrantTokenERC20InsufficientAllowanceErrorID() common.Hash {
	return common.HexToHash("0xfb8f41b23e99d2101d86da76cdfa87dd51c82ed07d3cb62cbc473e469dbc75c3")
}

// UnpackERC20InsufficientAllowanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
func (reentrantToken *ReentrantToken) UnpackERC20InsufficientAllowanceError(raw []byte) (*ReentrantTokenERC20InsufficientAllowance, error) {
	out := new(ReentrantTokenERC20InsufficientAllowance)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InsufficientAllowance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InsufficientBalance represents a ERC20InsufficientBalance error raised by the ReentrantToken contract.
type ReentrantTokenERC20InsufficientBalance struct {
	Sender  common.Address
	Balance *big.Int
	Needed  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func ReentrantTokenERC20InsufficientBalanceErrorID() common.Hash {
	return common.HexToHash("0xe450d38cd8d9f7d95077d567d60ed49c7254716e6ad08fc9872816c97e0ffec6")
}

// UnpackERC20InsufficientBalanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
func (reentrantToken *ReentrantToken) UnpackERC20InsufficientBalanceError(raw []byte) (*ReentrantTokenERC20InsufficientBalance, error) {
	out := new(ReentrantTokenERC20InsufficientBalance)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InsufficientBalance", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InvalidApprover represents a ERC20InvalidApprover error raised by the ReentrantToken contract.
type ReentrantTokenERC20InvalidApprover struct {
	Approver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidApprover(address approver)
func ReentrantTokenERC20InvalidApproverErrorID() common.Hash {
	return common.HexToHash("0xe602df05cc75712490294c6c104ab7c17f4030363910a7a2626411c6d3118847")
}

// UnpackERC20InvalidApproverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidApprover(address approver)
func (reentrantToken *ReentrantToken) UnpackERC20InvalidApproverError(raw []byte) (*ReentrantTokenERC20InvalidApprover, error) {
	out := new(ReentrantTokenERC20InvalidApprover)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InvalidApprover", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InvalidReceiver represents a ERC20InvalidReceiver error raised by the ReentrantToken contract.
type ReentrantTokenERC20InvalidReceiver struct {
	Receiver common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func ReentrantTokenERC20InvalidReceiverErrorID() common.Hash {
	return common.HexToHash("0xec442f055133b72f3b2f9f0bb351c406b178527de2040a7d1feb4e058771f613")
}

// UnpackERC20InvalidReceiverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidReceiver(address receiver)
func (reentrantToken *ReentrantToken) UnpackERC20InvalidReceiverError(raw []byte) (*ReentrantTokenERC20InvalidReceiver, error) {
	out := new(ReentrantTokenERC20InvalidReceiver)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InvalidReceiver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InvalidSender represents a ERC20InvalidSender error raised by the ReentrantToken contract.
type ReentrantTokenERC20InvalidSender struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSender(address sender)
func ReentrantTokenERC20InvalidSenderErrorID() common.Hash {
	return common.HexToHash("0x96c6fd1edd0cd6ef7ff0ecc0facdf53148dc0048b57fe58af65755250a7a96bd")
}

// UnpackERC20InvalidSenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSender(address sender)
func (reentrantToken *ReentrantToken) UnpackERC20InvalidSenderError(raw []byte) (*ReentrantTokenERC20InvalidSender, error) {
	out := new(ReentrantTokenERC20InvalidSender)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InvalidSender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenERC20InvalidSpender represents a ERC20InvalidSpender error raised by the ReentrantToken contract.
type ReentrantTokenERC20InvalidSpender struct {
	Spender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC20InvalidSpender(address spender)
func ReentrantTokenERC20InvalidSpenderErrorID() common.Hash {
	return common.HexToHash("0x94280d62c347d8d9f4d59a76ea321452406db88df38e0c9da304f58b57b373a2")
}

// UnpackERC20InvalidSpenderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC20InvalidSpender(address spender)
func (reentrantToken *ReentrantToken) UnpackERC20InvalidSpenderError(raw []byte) (*ReentrantTokenERC20InvalidSpender, error) {
	out := new(ReentrantTokenERC20InvalidSpender)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "ERC20InvalidSpender", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ReentrantTokenStoreFailed represents a StoreFailed error raised by the ReentrantToken contract.
type ReentrantTokenStoreFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StoreFailed()
func ReentrantTokenStoreFailedErrorID() common.Hash {
	return common.HexToHash("0x6f7854ef7442c9d407239bf152c13ac2b748a06e431f87298941226db64efaf7")
}

// UnpackStoreFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StoreFailed()
func (reentrantToken *ReentrantToken) UnpackStoreFailedError(raw []byte) (*ReentrantTokenStoreFailed, error) {
	out := new(ReentrantTokenStoreFailed)
	if err := reentrantToken.abi.UnpackIntoInterface(out, "StoreFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}
