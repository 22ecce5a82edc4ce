// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

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

// DuplexChannelMetaData contains all meta data concerning the DuplexChannel contract.
var DuplexChannelMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"party\",\"type\":\"address\"}],\"name\":\"AlreadyWithdrawn\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"max\",\"type\":\"uint256\"}],\"name\":\"AmountTooLarge\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"enumDuplexChannel.Status\",\"name\":\"status\",\"type\":\"uint8\"}],\"name\":\"ChannelNotActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"enumDuplexChannel.Status\",\"name\":\"status\",\"type\":\"uint8\"}],\"name\":\"ChannelNotClosed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"enumDuplexChannel.Status\",\"name\":\"status\",\"type\":\"uint8\"}],\"name\":\"ChannelNotOpen\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"ChannelSettled\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ECDSAInvalidSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"ECDSAInvalidSignatureLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"s\",\"type\":\"bytes32\"}],\"name\":\"ECDSAInvalidSignatureS\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bob\",\"type\":\"address\"}],\"name\":\"InvalidCounterparty\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"blocks\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"max\",\"type\":\"uint64\"}],\"name\":\"InvalidFinalizationBlocks\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"payer\",\"type\":\"address\"}],\"name\":\"InvalidPayer\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidShortString\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"NotParty\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"SameSigner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"str\",\"type\":\"string\"}],\"name\":\"StringTooLong\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"expected\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"recovered\",\"type\":\"address\"}],\"name\":\"WrongSigner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"ZeroDeposit\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"alice\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"bob\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"aliceSigner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"bobSigner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"finalizationBlocks\",\"type\":\"uint64\"}],\"name\":\"ChannelOpened\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"payer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"paid\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"closesAt\",\"type\":\"uint64\"}],\"name\":\"CloseStarted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"alicePaid\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"bobPaid\",\"type\":\"uint256\"}],\"name\":\"ClosedCooperatively\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"party\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"}],\"name\":\"Deposited\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"EIP712DomainChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"party\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Withdrawn\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_AMOUNT\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_FINALIZATION_BLOCKS\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"balances\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"alice\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"bob\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"payer\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"paid\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"alicePaid\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"bobPaid\",\"type\":\"uint256\"}],\"name\":\"closeDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"closesAt\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"alicePaid\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"bobPaid\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"aliceSig\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"bobSig\",\"type\":\"bytes\"}],\"name\":\"cooperativeClose\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"deposits\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"alice\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"bob\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eip712Domain\",\"outputs\":[{\"internalType\":\"bytes1\",\"name\":\"fields\",\"type\":\"bytes1\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"version\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifyingContract\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"extensions\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"finalizationBlocks\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"bob\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"bobSigner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"aliceSigner\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"finalizationBlocks_\",\"type\":\"uint64\"}],\"name\":\"open\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"paid\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"alicePaid\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"bobPaid\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"parties\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"alice\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"bob\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"aliceSigner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"bobSigner\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"paid_\",\"type\":\"uint256\"}],\"name\":\"paymentDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"startClose\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"status\",\"outputs\":[{\"internalType\":\"enumDuplexChannel.Status\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"id\",\"type\":\"uint256\"}],\"name\":\"withdrawn\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"alice\",\"type\":\"bool\"},{\"internalType\":\"bool\",\"name\":\"bob\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "DuplexChannel",
	Bin: "0x6101606040526001600255348015610015575f5ffd5b506040518060400160405280600d81526020016c111d5c1b195e10da185b9b995b609a1b815250604051806040016040528060018152602001603160f81b8152506100658261010c60201b60201c565b610120526100728161010c565b61014052815160208084019190912060e052815190820120610100524660a0526100fe60e05161010051604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201529081019290925260608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60805250503060c0526101ad565b5f5f829050601f8151111561013f578260405163305a27a960e01b81526004016101369190610152565b60405180910390fd5b805161014a82610187565b179392505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b805160208083015191908110156101a7575f198160200360031b1b821691505b50919050565b60805160a05160c05160e0516101005161012051610140516127c06101fe5f395f611e2001525f611df001525f61210601525f6120de01525f61203901525f61206301525f61208d01526127c05ff3fe60806040526004361061013d575f3560e01c806384b0196e116100bb578063b6b55f2511610071578063d7937fce11610057578063d7937fce14610401578063e6b43d0114610420578063efa51cda146104b1575f5ffd5b8063b6b55f25146103cf578063d40dc870146103e2575f5ffd5b806399016142116100a15780639901614214610339578063a9c8c11b14610358578063b02c43d01461036e575f5ffd5b806384b0196e146102f357806394d6805c1461031a575f5ffd5b806335479fa6116101105780634903b0d1116100f65780634903b0d11461024157806370651a1814610275578063775e7701146102d4575f5ffd5b806335479fa61461020257806342d21ef714610215575f5ffd5b806328c13a1c146101415780632b54cae21461017e5780632e1a7d4d146101ab5780632e947221146101cc575b5f5ffd5b34801561014c575f5ffd5b5061016061015b3660046123d3565b6104f7565b60405167ffffffffffffffff90911681526020015b60405180910390f35b348015610189575f5ffd5b5061019d6101983660046123ea565b61051f565b604051908152602001610175565b3480156101b6575f5ffd5b506101ca6101c53660046123d3565b610535565b005b3480156101d7575f5ffd5b506101606101e63660046123d3565b5f9081526003602052604090206002015460e81c620fffff1690565b61019d610210366004612436565b610900565b348015610220575f5ffd5b5061023461022f3660046123d3565b610d92565b60405161017591906124fb565b34801561024c575f5ffd5b5061026061025b3660046123d3565b610dac565b60408051928352602083019190915201610175565b348015610280575f5ffd5b5061029461028f3660046123d3565b610e70565b6040805173ffffffffffffffffffffffffffffffffffffffff95861681529385166020850152918416918301919091529091166060820152608001610175565b3480156102df575f5ffd5b506101ca6102ee36600461254e565b610f4d565b3480156102fe575f5ffd5b506103076111d5565b6040516101759796959493929190612625565b348015610325575f5ffd5b5061019d6103343660046126e4565b611233565b348015610344575f5ffd5b506101ca610353366004612704565b61123e565b348015610363575f5ffd5b50610160620f424081565b348015610379575f5ffd5b506102606103883660046123d3565b5f90815260036020526040902080546001909101546bffffffffffffffffffffffff7401000000000000000000000000000000000000000092839004811693929091041690565b6101ca6103dd3660046123d3565b6115ba565b3480156103ed575f5ffd5b5061019d6bffffffffffffffffffffffff81565b34801561040c575f5ffd5b506101ca61041b3660046123d3565b6117f4565b34801561042b575f5ffd5b5061049a61043a3660046123d3565b5f908152600360205260409020600201547f100000000000000000000000000000000000000000000000000000000000000081161515917f2000000000000000000000000000000000000000000000000000000000000000909116151590565b604080519215158352901515602083015201610175565b3480156104bc575f5ffd5b506102606104cb3660046123d3565b5f908152600360205260409020600201546bffffffffffffffffffffffff8082169260609290921c1690565b5f818152600360205260408120600201546105199060c01c64ffffffffff1690565b92915050565b5f61052b848484611912565b90505b9392505050565b5f8181526003602052604081206002810154909161055a8260c01c64ffffffffff1690565b905080158061056857508043105b156105b4578361057783611975565b6040517fbff00cc10000000000000000000000000000000000000000000000000000000081526004016105ab929190612767565b60405180910390fd5b7fd0000000000000000000000000000000000000000000000000000000000000007f3000000000000000000000000000000000000000000000000000000000000000831601610632576040517ffe501c6f000000000000000000000000000000000000000000000000000000008152600481018590526024016105ab565b604080518082018252845473ffffffffffffffffffffffffffffffffffffffff80821683526bffffffffffffffffffffffff7401000000000000000000000000000000000000000092839004811660208086019190915285518087019096526001890154808416875293909304169184019190915281519192915f911633036106dc57507f100000000000000000000000000000000000000000000000000000000000000061075c565b815173ffffffffffffffffffffffffffffffffffffffff16330361072157507f200000000000000000000000000000000000000000000000000000000000000061075c565b6040517fdfa9fe56000000000000000000000000000000000000000000000000000000008152600481018890523360248201526044016105ab565b8481161561079f576040517f9dabae07000000000000000000000000000000000000000000000000000000008152600481018890523360248201526044016105ab565b5f5f6107f185602001516bffffffffffffffffffffffff1685602001516bffffffffffffffffffffffff166bffffffffffffffffffffffff8a166bffffffffffffffffffffffff60608c901c166119bf565b915091505f7f100000000000000000000000000000000000000000000000000000000000000084146108235781610825565b825b9784179790507fd0000000000000000000000000000000000000000000000000000000000000007f30000000000000000000000000000000000000000000000000000000000000008916016108ab577f3fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff881660028a01556108a689896119f0565b6108b3565b600289018890555b60405181815233908b907fcf7d23a3cbe4e8b36ff82fd1b05b1b17373dc7804b4ebbd6e2356716ef2023729060200160405180910390a36108f43382611aa3565b50505050505050505050565b5f73ffffffffffffffffffffffffffffffffffffffff85161580610939575073ffffffffffffffffffffffffffffffffffffffff851633145b15610988576040517f068b98da00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff861660048201526024016105ab565b5f73ffffffffffffffffffffffffffffffffffffffff8416156109ab57836109ad565b335b90505f73ffffffffffffffffffffffffffffffffffffffff8616156109d257856109d4565b865b90508073ffffffffffffffffffffffffffffffffffffffff168273ffffffffffffffffffffffffffffffffffffffff1603610a53576040517f684a329e00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff831660048201526024016105ab565b67ffffffffffffffff84161580610a765750620f424067ffffffffffffffff8516115b15610ac2576040517f5a26164200000000000000000000000000000000000000000000000000000000815267ffffffffffffffff85166004820152620f424060248201526044016105ab565b6bffffffffffffffffffffffff341115610b1c576040517f7f1627030000000000000000000000000000000000000000000000000000000081523460048201526bffffffffffffffffffffffff60248201526044016105ab565b6002805460018082019092555f81815260036020908152604080832081518083018352338082526bffffffffffffffffffffffff34169185018290527401000000000000000000000000000000000000000090910281178255825180840190935273ffffffffffffffffffffffffffffffffffffffff8e81168085529390940194909452948501559195507fffffff000000000000000000000000000000000000000000000000000000000060e888901b1691851614610c3b576003820180547fffffffffffffffffffffffff00000000000000000000000000000000000000001673ffffffffffffffffffffffffffffffffffffffff86161790557f4000000000000000000000000000000000000000000000000000000000000000175b8873ffffffffffffffffffffffffffffffffffffffff168373ffffffffffffffffffffffffffffffffffffffff1614610cd3576004820180547fffffffffffffffffffffffff00000000000000000000000000000000000000001673ffffffffffffffffffffffffffffffffffffffff85161790557f8000000000000000000000000000000000000000000000000000000000000000175b600282018190556040805173ffffffffffffffffffffffffffffffffffffffff8681168252858116602083015267ffffffffffffffff8916828401529151918b1691339188917fbed0b5a8a450ba2c95d8f696bbff620ba4af57cf286e5b9641766df5b61f160c9181900360600190a43415610d865760408051348082526020820152339187917fad5b4075b97dbf75ad5c78f7afac948e4ae611c4fdf2825e2ce3c6c96925bf3b910160405180910390a35b50505050949350505050565b5f8181526003602052604081206002015461051990611975565b5f81815260036020526040812060028101548154600183015484939291610e0c916bffffffffffffffffffffffff740100000000000000000000000000000000000000009283900481169290910481169080851690606086901c166119bf565b90945092507f1000000000000000000000000000000000000000000000000000000000000000811615610e3d575f93505b7f2000000000000000000000000000000000000000000000000000000000000000811615610e69575f92505b5050915091565b5f81815260036020526040812060028101548154600183015473ffffffffffffffffffffffffffffffffffffffff9182169491169290918291907f400000000000000000000000000000000000000000000000000000000000000081168303610ed95785610ef5565b600382015473ffffffffffffffffffffffffffffffffffffffff165b93507f800000000000000000000000000000000000000000000000000000000000000081165f03610f265784610f42565b600482015473ffffffffffffffffffffffffffffffffffffffff165b925050509193509193565b5f8781526003602052604090206002810154801580610f965750610f788160c01c64ffffffffff1690565b15801590610f965750610f928160c01c64ffffffffff1690565b4310155b15610fd95788610fa582611975565b6040517f863f9acc0000000000000000000000000000000000000000000000000000000081526004016105ab929190612767565b6bffffffffffffffffffffffff881115611034576040517f7f162703000000000000000000000000000000000000000000000000000000008152600481018990526bffffffffffffffffffffffff60248201526044016105ab565b6bffffffffffffffffffffffff87111561108f576040517f7f162703000000000000000000000000000000000000000000000000000000008152600481018890526bffffffffffffffffffffffff60248201526044016105ab565b64ffffffffff4311156110db576040517f7f16270300000000000000000000000000000000000000000000000000000000815243600482015264ffffffffff60248201526044016105ab565b5f6110e78a8a8a611912565b90506111578a7f400000000000000000000000000000000000000000000000000000000000000084165f0361113357845473ffffffffffffffffffffffffffffffffffffffff1661114f565b600385015473ffffffffffffffffffffffffffffffffffffffff165b838a8a611b14565b6111c88a7f800000000000000000000000000000000000000000000000000000000000000084165f036111a457600185015473ffffffffffffffffffffffffffffffffffffffff166111c0565b600485015473ffffffffffffffffffffffffffffffffffffffff165b838888611b14565b6108f48a84848c8c611bb6565b5f6060805f5f5f60606111e6611de9565b6111ee611e19565b604080515f808252602082019092527f0f000000000000000000000000000000000000000000000000000000000000009b939a50919850469750309650945092509050565b5f61052e8383611e44565b5f858152600360205260408120600281015490916112638260c01c64ffffffffff1690565b905081158061127c5750801580159061127c5750804310155b1561128b5787610fa583611975565b8254600184015473ffffffffffffffffffffffffffffffffffffffff9182169190811690891682148015816112ec57508173ffffffffffffffffffffffffffffffffffffffff168a73ffffffffffffffffffffffffffffffffffffffff1614155b15611342576040517ff970fa88000000000000000000000000000000000000000000000000000000008152600481018c905273ffffffffffffffffffffffffffffffffffffffff8b1660248201526044016105ab565b8315801561136657503373ffffffffffffffffffffffffffffffffffffffff841614155b801561138857503373ffffffffffffffffffffffffffffffffffffffff831614155b156113c8576040517fdfa9fe56000000000000000000000000000000000000000000000000000000008152600481018c90523360248201526044016105ab565b6bffffffffffffffffffffffff891115611423576040517f7f162703000000000000000000000000000000000000000000000000000000008152600481018a90526bffffffffffffffffffffffff60248201526044016105ab565b5f81611478577f800000000000000000000000000000000000000000000000000000000000000086165f0361145857826114c3565b600487015473ffffffffffffffffffffffffffffffffffffffff166114c3565b7f400000000000000000000000000000000000000000000000000000000000000086165f036114a757836114c3565b600387015473ffffffffffffffffffffffffffffffffffffffff165b90506114db8c826114d48f8e611e44565b8c8c611b14565b5f826114e85760606114ea565b5f5b905086811c6bffffffffffffffffffffffff16808c111561152157506bffffffffffffffffffffffff811b19969096168a871b17958a5b865f0361153d5761153188611e89565b965060c087901b881797505b8789600201819055508c73ffffffffffffffffffffffffffffffffffffffff168e7f5c707f244fa53832a9cb04d20cdb2e35b33a52ea14a9b448530fa497a58d7945838a6040516115a292919091825267ffffffffffffffff16602082015260400190565b60405180910390a35050505050505050505050505050565b5f81815260036020526040902060028101548015806115e857506115e58160c01c64ffffffffff1690565b15155b1561162b57826115f782611975565b6040517f5584906a0000000000000000000000000000000000000000000000000000000081526004016105ab929190612767565b81545f9073ffffffffffffffffffffffffffffffffffffffff1633036116525750816116b8565b600183015473ffffffffffffffffffffffffffffffffffffffff16330361167d5750600182016116b8565b6040517fdfa9fe56000000000000000000000000000000000000000000000000000000008152600481018590523360248201526044016105ab565b345f036116f4576040517f043526e4000000000000000000000000000000000000000000000000000000008152600481018590526024016105ab565b80546bffffffffffffffffffffffff74010000000000000000000000000000000000000000909104811634019081111561176f576040517f7f162703000000000000000000000000000000000000000000000000000000008152600481018290526bffffffffffffffffffffffff60248201526044016105ab565b815473ffffffffffffffffffffffffffffffffffffffff16740100000000000000000000000000000000000000006bffffffffffffffffffffffff8316021782556040805134815260208101839052339187917fad5b4075b97dbf75ad5c78f7afac948e4ae611c4fdf2825e2ce3c6c96925bf3b910160405180910390a35050505050565b5f8181526003602052604090206002810154801580611822575061181f8160c01c64ffffffffff1690565b15155b1561183157826115f782611975565b815473ffffffffffffffffffffffffffffffffffffffff1633148015906118725750600182015473ffffffffffffffffffffffffffffffffffffffff163314155b156118b2576040517fdfa9fe56000000000000000000000000000000000000000000000000000000008152600481018490523360248201526044016105ab565b5f6118bc82611e89565b60c081901b8317600285015560405167ffffffffffffffff82168152909150339085907f9991d9ae61580dd0ec900d2a4dcfa7681ce44ff03bd5ec59833347248312fc029060200160405180910390a350505050565b604080517fced8acb23777c2374a55699906a084acc6ecdce216c99865a3d49007f6b6569c602082015290810184905260608101839052608081018290525f9061052b9060a0015b60405160208183030381529060405280519060200120611ee7565b5f815f0361198457505f919050565b5f6119968360c01c64ffffffffff1690565b9050805f036119a85750600192915050565b8043106119b657600361052e565b60029392505050565b5f80858501838701858111156119e0578581039350818411156119e0578193505b8382039250505094509492505050565b5f80835560018301557f4000000000000000000000000000000000000000000000000000000000000000811615611a4c576003820180547fffffffffffffffffffffffff00000000000000000000000000000000000000001690555b7f8000000000000000000000000000000000000000000000000000000000000000811615611a9f576004820180547fffffffffffffffffffffffff00000000000000000000000000000000000000001690555b5050565b805f03611aae575050565b5f5f5f5f5f85875af1905080611b0f576040517f1c43b97600000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff84166004820152602481018390526044016105ab565b505050565b5f611b20848484611f2e565b90508473ffffffffffffffffffffffffffffffffffffffff168173ffffffffffffffffffffffffffffffffffffffff1614611bae576040517fb6a2d82a0000000000000000000000000000000000000000000000000000000081526004810187905273ffffffffffffffffffffffffffffffffffffffff8087166024830152821660448201526064016105ab565b505050505050565b6bffffffffffffffffffffffff831682811115611bd1578092505b50606083901c6bffffffffffffffffffffffff1681811115611bf1578091505b604080518082018252865473ffffffffffffffffffffffffffffffffffffffff80821683526bffffffffffffffffffffffff740100000000000000000000000000000000000000009283900481166020808601918252865180880190975260018c0154938416875293909204811692850183905290519293925f928392611c7b92169089896119bf565b7f0fffff00000000000000000000000000000000000000000000000000000000008a164360c01b60608a901b8b1717177f3000000000000000000000000000000000000000000000000000000000000000811760028d0155604080518b8152602081018b9052939550919350918c917f3617f675e236d0ecbdb3bf73fa7bef4fd7700f65995c664d6ffb2b6792293587910160405180910390a25f611d23865f015185611f58565b90505f611d33865f015185611f58565b9050818015611d3f5750805b15611d5357611d4e8c8c6119f0565b611dda565b7fc0000000000000000000000000000000000000000000000000000000000000008b1681611d81575f611da3565b7f20000000000000000000000000000000000000000000000000000000000000005b83611dae575f611dd0565b7f10000000000000000000000000000000000000000000000000000000000000005b8517171760028d01555b50505050505050505050505050565b6060611e147f0000000000000000000000000000000000000000000000000000000000000000611fe3565b905090565b6060611e147f0000000000000000000000000000000000000000000000000000000000000000611fe3565b604080517f16de1b2bdff3e4a39a7207c9c2eef824da58a41fa8fffe9b132a9abbe9194a276020820152908101839052606081018290525f9061052e9060800161195a565b4360e882901c620fffff160164ffffffffff811115611ee2576040517f7f1627030000000000000000000000000000000000000000000000000000000081526004810182905264ffffffffff60248201526044016105ab565b919050565b5f610519611ef3612020565b836040517f19010000000000000000000000000000000000000000000000000000000000008152600281019290925260228201526042902090565b5f5f5f5f611f3d878787612156565b925092509250611f4d828261219d565b509095945050505050565b5f815f03611f6857506001610519565b5f5f5f5f858761c350f1905080158015611f8d5750611f8a603f61c35061277b565b5a105b15610519576040517f1c43b97600000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff84166004820152602481018390526044016105ab565b60605f611fef836122a0565b6040805160208082528183019092529192505f91906020820181803683375050509182525060208101929092525090565b5f3073ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001614801561208557507f000000000000000000000000000000000000000000000000000000000000000046145b156120af57507f000000000000000000000000000000000000000000000000000000000000000090565b611e14604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f0000000000000000000000000000000000000000000000000000000000000000918101919091527f000000000000000000000000000000000000000000000000000000000000000060608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b5f8080604184900361218a578435602086013560408701355f1a61217c898285856122e0565b955095509550505050612194565b505f915060029050825b93509350939050565b5f8260038111156121b0576121b0612495565b036121b9575050565b60018260038111156121cd576121cd612495565b03612204576040517ff645eedf00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b600282600381111561221857612218612495565b03612252576040517ffce698f7000000000000000000000000000000000000000000000000000000008152600481018290526024016105ab565b600382600381111561226657612266612495565b03611a9f576040517fd78bce0c000000000000000000000000000000000000000000000000000000008152600481018290526024016105ab565b5f60ff8216601f811115610519576040517fb3512b0c00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f80807f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a084111561231957505f915060039050826123c9565b604080515f808252602082018084528a905260ff891692820192909252606081018790526080810186905260019060a0016020604051602081039080840390855afa15801561236a573d5f5f3e3d5ffd5b50506040517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0015191505073ffffffffffffffffffffffffffffffffffffffff81166123c057505f9250600191508290506123c9565b92505f91508190505b9450945094915050565b5f602082840312156123e3575f5ffd5b5035919050565b5f5f5f606084860312156123fc575f5ffd5b505081359360208301359350604090920135919050565b803573ffffffffffffffffffffffffffffffffffffffff81168114611ee2575f5ffd5b5f5f5f5f60808587031215612449575f5ffd5b61245285612413565b935061246060208601612413565b925061246e60408601612413565b9150606085013567ffffffffffffffff8116811461248a575f5ffd5b939692955090935050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b600481106124f7577f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b9052565b6020810161051982846124c2565b5f5f83601f840112612519575f5ffd5b50813567ffffffffffffffff811115612530575f5ffd5b602083019150836020828501011115612547575f5ffd5b9250929050565b5f5f5f5f5f5f5f60a0888a031215612564575f5ffd5b873596506020880135955060408801359450606088013567ffffffffffffffff81111561258f575f5ffd5b61259b8a828b01612509565b909550935050608088013567ffffffffffffffff8111156125ba575f5ffd5b6125c68a828b01612509565b989b979a50959850939692959293505050565b5f81518084528060208401602086015e5f6020828601015260207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011685010191505092915050565b7fff000000000000000000000000000000000000000000000000000000000000008816815260e060208201525f61265f60e08301896125d9565b828103604084015261267181896125d9565b6060840188905273ffffffffffffffffffffffffffffffffffffffff8716608085015260a0840186905283810360c0850152845180825260208087019350909101905f5b818110156126d35783518352602093840193909201916001016126b5565b50909b9a5050505050505050505050565b5f5f604083850312156126f5575f5ffd5b50508035926020909101359150565b5f5f5f5f5f60808688031215612718575f5ffd5b8535945061272860208701612413565b935060408601359250606086013567ffffffffffffffff81111561274a575f5ffd5b61275688828901612509565b969995985093965092949392505050565b8281526040810161052e60208301846124c2565b5f826127ae577f4e487b71000000000000000000000000000000000000000000000000000000005f52601260045260245ffd5b50049056fea164736f6c6343000825000a",
}

// DuplexChannel is an auto generated Go binding around an Ethereum contract.
type DuplexChannel struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *DuplexChannel) GetABI() abi.ABI {
	return c.abi
}

// NewDuplexChannel creates a new instance of DuplexChannel.
func NewDuplexChannel() *DuplexChannel {
	parsed, err := DuplexChannelMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &DuplexChannel{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *DuplexChannel) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackMAXAMOUNT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd40dc870.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_AMOUNT() view returns(uint256)
func (duplexChannel *DuplexChannel) PackMAXAMOUNT() []byte {
	enc, err := duplexChannel.abi.Pack("MAX_AMOUNT")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXAMOUNT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd40dc870.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_AMOUNT() view returns(uint256)
func (duplexChannel *DuplexChannel) TryPackMAXAMOUNT() ([]byte, error) {
	return duplexChannel.abi.Pack("MAX_AMOUNT")
}

// UnpackMAXAMOUNT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd40dc870.
//
// Solidity: function MAX_AMOUNT() view returns(uint256)
func (duplexChannel *DuplexChannel) UnpackMAXAMOUNT(data []byte) (*big.Int, error) {
	out, err := duplexChannel.abi.Unpack("MAX_AMOUNT", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXFINALIZATIONBLOCKS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9c8c11b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_FINALIZATION_BLOCKS() view returns(uint64)
func (duplexChannel *DuplexChannel) PackMAXFINALIZATIONBLOCKS() []byte {
	enc, err := duplexChannel.abi.Pack("MAX_FINALIZATION_BLOCKS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXFINALIZATIONBLOCKS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9c8c11b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_FINALIZATION_BLOCKS() view returns(uint64)
func (duplexChannel *DuplexChannel) TryPackMAXFINALIZATIONBLOCKS() ([]byte, error) {
	return duplexChannel.abi.Pack("MAX_FINALIZATION_BLOCKS")
}

// UnpackMAXFINALIZATIONBLOCKS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9c8c11b.
//
// Solidity: function MAX_FINALIZATION_BLOCKS() view returns(uint64)
func (duplexChannel *DuplexChannel) UnpackMAXFINALIZATIONBLOCKS(data []byte) (uint64, error) {
	out, err := duplexChannel.abi.Unpack("MAX_FINALIZATION_BLOCKS", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackBalances is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4903b0d1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function balances(uint256 id) view returns(uint256 alice, uint256 bob)
func (duplexChannel *DuplexChannel) PackBalances(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("balances", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBalances is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4903b0d1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function balances(uint256 id) view returns(uint256 alice, uint256 bob)
func (duplexChannel *DuplexChannel) TryPackBalances(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("balances", id)
}

// BalancesOutput serves as a container for the return parameters of contract
// method Balances.
type BalancesOutput struct {
	Alice *big.Int
	Bob   *big.Int
}

// UnpackBalances is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4903b0d1.
//
// Solidity: function balances(uint256 id) view returns(uint256 alice, uint256 bob)
func (duplexChannel *DuplexChannel) UnpackBalances(data []byte) (BalancesOutput, error) {
	out, err := duplexChannel.abi.Unpack("balances", data)
	outstruct := new(BalancesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Alice = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.Bob = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x99016142.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim(uint256 id, address payer, uint256 paid, bytes sig) returns()
func (duplexChannel *DuplexChannel) PackClaim(id *big.Int, payer common.Address, paid *big.Int, sig []byte) []byte {
	enc, err := duplexChannel.abi.Pack("claim", id, payer, paid, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x99016142.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim(uint256 id, address payer, uint256 paid, bytes sig) returns()
func (duplexChannel *DuplexChannel) TryPackClaim(id *big.Int, payer common.Address, paid *big.Int, sig []byte) ([]byte, error) {
	return duplexChannel.abi.Pack("claim", id, payer, paid, sig)
}

// PackCloseDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b54cae2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function closeDigest(uint256 id, uint256 alicePaid, uint256 bobPaid) view returns(bytes32)
func (duplexChannel *DuplexChannel) PackCloseDigest(id *big.Int, alicePaid *big.Int, bobPaid *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("closeDigest", id, alicePaid, bobPaid)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCloseDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b54cae2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function closeDigest(uint256 id, uint256 alicePaid, uint256 bobPaid) view returns(bytes32)
func (duplexChannel *DuplexChannel) TryPackCloseDigest(id *big.Int, alicePaid *big.Int, bobPaid *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("closeDigest", id, alicePaid, bobPaid)
}

// UnpackCloseDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2b54cae2.
//
// Solidity: function closeDigest(uint256 id, uint256 alicePaid, uint256 bobPaid) view returns(bytes32)
func (duplexChannel *DuplexChannel) UnpackCloseDigest(data []byte) ([32]byte, error) {
	out, err := duplexChannel.abi.Unpack("closeDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackClosesAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x28c13a1c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function closesAt(uint256 id) view returns(uint64)
func (duplexChannel *DuplexChannel) PackClosesAt(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("closesAt", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClosesAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x28c13a1c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function closesAt(uint256 id) view returns(uint64)
func (duplexChannel *DuplexChannel) TryPackClosesAt(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("closesAt", id)
}

// UnpackClosesAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x28c13a1c.
//
// Solidity: function closesAt(uint256 id) view returns(uint64)
func (duplexChannel *DuplexChannel) UnpackClosesAt(data []byte) (uint64, error) {
	out, err := duplexChannel.abi.Unpack("closesAt", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackCooperativeClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x775e7701.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cooperativeClose(uint256 id, uint256 alicePaid, uint256 bobPaid, bytes aliceSig, bytes bobSig) returns()
func (duplexChannel *DuplexChannel) PackCooperativeClose(id *big.Int, alicePaid *big.Int, bobPaid *big.Int, aliceSig []byte, bobSig []byte) []byte {
	enc, err := duplexChannel.abi.Pack("cooperativeClose", id, alicePaid, bobPaid, aliceSig, bobSig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCooperativeClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x775e7701.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cooperativeClose(uint256 id, uint256 alicePaid, uint256 bobPaid, bytes aliceSig, bytes bobSig) returns()
func (duplexChannel *DuplexChannel) TryPackCooperativeClose(id *big.Int, alicePaid *big.Int, bobPaid *big.Int, aliceSig []byte, bobSig []byte) ([]byte, error) {
	return duplexChannel.abi.Pack("cooperativeClose", id, alicePaid, bobPaid, aliceSig, bobSig)
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6b55f25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(uint256 id) payable returns()
func (duplexChannel *DuplexChannel) PackDeposit(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("deposit", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6b55f25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(uint256 id) payable returns()
func (duplexChannel *DuplexChannel) TryPackDeposit(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("deposit", id)
}

// PackDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb02c43d0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposits(uint256 id) view returns(uint256 alice, uint256 bob)
func (duplexChannel *DuplexChannel) PackDeposits(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("deposits", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposits is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb02c43d0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposits(uint256 id) view returns(uint256 alice, uint256 bob)
func (duplexChannel *DuplexChannel) TryPackDeposits(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("deposits", id)
}

// DepositsOutput serves as a container for the return parameters of contract
// method Deposits.
type DepositsOutput struct {
	Alice *big.Int
	Bob   *big.Int
}

// UnpackDeposits is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb02c43d0.
//
// Solidity: function deposits(uint256 id) view returns(uint256 alice, uint256 bob)
func (duplexChannel *DuplexChannel) UnpackDeposits(data []byte) (DepositsOutput, error) {
	out, err := duplexChannel.abi.Unpack("deposits", data)
	outstruct := new(DepositsOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Alice = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.Bob = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackEip712Domain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (duplexChannel *DuplexChannel) PackEip712Domain() []byte {
	enc, err := duplexChannel.abi.Pack("eip712Domain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEip712Domain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (duplexChannel *DuplexChannel) TryPackEip712Domain() ([]byte, error) {
	return duplexChannel.abi.Pack("eip712Domain")
}

// Eip712DomainOutput serves as a container for the return parameters of contract
// method Eip712Domain.
type Eip712DomainOutput struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}

// UnpackEip712Domain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (duplexChannel *DuplexChannel) UnpackEip712Domain(data []byte) (Eip712DomainOutput, error) {
	out, err := duplexChannel.abi.Unpack("eip712Domain", data)
	outstruct := new(Eip712DomainOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Fields = *abi.ConvertType(out[0], new([1]byte)).(*[1]byte)
	outstruct.Name = *abi.ConvertType(out[1], new(string)).(*string)
	outstruct.Version = *abi.ConvertType(out[2], new(string)).(*string)
	outstruct.ChainId = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	outstruct.VerifyingContract = *abi.ConvertType(out[4], new(common.Address)).(*common.Address)
	outstruct.Salt = *abi.ConvertType(out[5], new([32]byte)).(*[32]byte)
	outstruct.Extensions = *abi.ConvertType(out[6], new([]*big.Int)).(*[]*big.Int)
	return *outstruct, nil
}

// PackFinalizationBlocks is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2e947221.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function finalizationBlocks(uint256 id) view returns(uint64)
func (duplexChannel *DuplexChannel) PackFinalizationBlocks(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("finalizationBlocks", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFinalizationBlocks is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2e947221.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function finalizationBlocks(uint256 id) view returns(uint64)
func (duplexChannel *DuplexChannel) TryPackFinalizationBlocks(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("finalizationBlocks", id)
}

// UnpackFinalizationBlocks is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2e947221.
//
// Solidity: function finalizationBlocks(uint256 id) view returns(uint64)
func (duplexChannel *DuplexChannel) UnpackFinalizationBlocks(data []byte) (uint64, error) {
	out, err := duplexChannel.abi.Unpack("finalizationBlocks", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackOpen is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x35479fa6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function open(address bob, address bobSigner, address aliceSigner, uint64 finalizationBlocks_) payable returns(uint256 id)
func (duplexChannel *DuplexChannel) PackOpen(bob common.Address, bobSigner common.Address, aliceSigner common.Address, finalizationBlocks uint64) []byte {
	enc, err := duplexChannel.abi.Pack("open", bob, bobSigner, aliceSigner, finalizationBlocks)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOpen is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x35479fa6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function open(address bob, address bobSigner, address aliceSigner, uint64 finalizationBlocks_) payable returns(uint256 id)
func (duplexChannel *DuplexChannel) TryPackOpen(bob common.Address, bobSigner common.Address, aliceSigner common.Address, finalizationBlocks uint64) ([]byte, error) {
	return duplexChannel.abi.Pack("open", bob, bobSigner, aliceSigner, finalizationBlocks)
}

// UnpackOpen is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x35479fa6.
//
// Solidity: function open(address bob, address bobSigner, address aliceSigner, uint64 finalizationBlocks_) payable returns(uint256 id)
func (duplexChannel *DuplexChannel) UnpackOpen(data []byte) (*big.Int, error) {
	out, err := duplexChannel.abi.Unpack("open", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackPaid is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xefa51cda.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function paid(uint256 id) view returns(uint256 alicePaid, uint256 bobPaid)
func (duplexChannel *DuplexChannel) PackPaid(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("paid", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPaid is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xefa51cda.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function paid(uint256 id) view returns(uint256 alicePaid, uint256 bobPaid)
func (duplexChannel *DuplexChannel) TryPackPaid(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("paid", id)
}

// PaidOutput serves as a container for the return parameters of contract
// method Paid.
type PaidOutput struct {
	AlicePaid *big.Int
	BobPaid   *big.Int
}

// UnpackPaid is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xefa51cda.
//
// Solidity: function paid(uint256 id) view returns(uint256 alicePaid, uint256 bobPaid)
func (duplexChannel *DuplexChannel) UnpackPaid(data []byte) (PaidOutput, error) {
	out, err := duplexChannel.abi.Unpack("paid", data)
	outstruct := new(PaidOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.AlicePaid = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.BobPaid = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackParties is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70651a18.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function parties(uint256 id) view returns(address alice, address bob, address aliceSigner, address bobSigner)
func (duplexChannel *DuplexChannel) PackParties(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("parties", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackParties is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x70651a18.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function parties(uint256 id) view returns(address alice, address bob, address aliceSigner, address bobSigner)
func (duplexChannel *DuplexChannel) TryPackParties(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("parties", id)
}

// PartiesOutput serves as a container for the return parameters of contract
// method Parties.
type PartiesOutput struct {
	Alice       common.Address
	Bob         common.Address
	AliceSigner common.Address
	BobSigner   common.Address
}

// UnpackParties is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x70651a18.
//
// Solidity: function parties(uint256 id) view returns(address alice, address bob, address aliceSigner, address bobSigner)
func (duplexChannel *DuplexChannel) UnpackParties(data []byte) (PartiesOutput, error) {
	out, err := duplexChannel.abi.Unpack("parties", data)
	outstruct := new(PartiesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Alice = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Bob = *abi.ConvertType(out[1], new(common.Address)).(*common.Address)
	outstruct.AliceSigner = *abi.ConvertType(out[2], new(common.Address)).(*common.Address)
	outstruct.BobSigner = *abi.ConvertType(out[3], new(common.Address)).(*common.Address)
	return *outstruct, nil
}

// PackPaymentDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x94d6805c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function paymentDigest(uint256 id, uint256 paid_) view returns(bytes32)
func (duplexChannel *DuplexChannel) PackPaymentDigest(id *big.Int, paid *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("paymentDigest", id, paid)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPaymentDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x94d6805c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function paymentDigest(uint256 id, uint256 paid_) view returns(bytes32)
func (duplexChannel *DuplexChannel) TryPackPaymentDigest(id *big.Int, paid *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("paymentDigest", id, paid)
}

// UnpackPaymentDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x94d6805c.
//
// Solidity: function paymentDigest(uint256 id, uint256 paid_) view returns(bytes32)
func (duplexChannel *DuplexChannel) UnpackPaymentDigest(data []byte) ([32]byte, error) {
	out, err := duplexChannel.abi.Unpack("paymentDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackStartClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7937fce.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function startClose(uint256 id) returns()
func (duplexChannel *DuplexChannel) PackStartClose(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("startClose", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStartClose is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd7937fce.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function startClose(uint256 id) returns()
func (duplexChannel *DuplexChannel) TryPackStartClose(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("startClose", id)
}

// PackStatus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42d21ef7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function status(uint256 id) view returns(uint8)
func (duplexChannel *DuplexChannel) PackStatus(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("status", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStatus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42d21ef7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function status(uint256 id) view returns(uint8)
func (duplexChannel *DuplexChannel) TryPackStatus(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("status", id)
}

// UnpackStatus is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x42d21ef7.
//
// Solidity: function status(uint256 id) view returns(uint8)
func (duplexChannel *DuplexChannel) UnpackStatus(data []byte) (uint8, error) {
	out, err := duplexChannel.abi.Unpack("status", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2e1a7d4d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdraw(uint256 id) returns()
func (duplexChannel *DuplexChannel) PackWithdraw(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("withdraw", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2e1a7d4d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdraw(uint256 id) returns()
func (duplexChannel *DuplexChannel) TryPackWithdraw(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("withdraw", id)
}

// PackWithdrawn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe6b43d01.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawn(uint256 id) view returns(bool alice, bool bob)
func (duplexChannel *DuplexChannel) PackWithdrawn(id *big.Int) []byte {
	enc, err := duplexChannel.abi.Pack("withdrawn", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawn is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe6b43d01.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawn(uint256 id) view returns(bool alice, bool bob)
func (duplexChannel *DuplexChannel) TryPackWithdrawn(id *big.Int) ([]byte, error) {
	return duplexChannel.abi.Pack("withdrawn", id)
}

// WithdrawnOutput serves as a container for the return parameters of contract
// method Withdrawn.
type WithdrawnOutput struct {
	Alice bool
	Bob   bool
}

// UnpackWithdrawn is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe6b43d01.
//
// Solidity: function withdrawn(uint256 id) view returns(bool alice, bool bob)
func (duplexChannel *DuplexChannel) UnpackWithdrawn(data []byte) (WithdrawnOutput, error) {
	out, err := duplexChannel.abi.Unpack("withdrawn", data)
	outstruct := new(WithdrawnOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Alice = *abi.ConvertType(out[0], new(bool)).(*bool)
	outstruct.Bob = *abi.ConvertType(out[1], new(bool)).(*bool)
	return *outstruct, nil
}

// DuplexChannelChannelOpened represents a ChannelOpened event raised by the DuplexChannel contract.
type DuplexChannelChannelOpened struct {
	Id                 *big.Int
	Alice              common.Address
	Bob                common.Address
	AliceSigner        common.Address
	BobSigner          common.Address
	FinalizationBlocks uint64
	Raw                *types.Log // Blockchain specific contextual infos
}

const DuplexChannelChannelOpenedEventName = "ChannelOpened"

// ContractEventName returns the user-defined event name.
func (DuplexChannelChannelOpened) ContractEventName() string {
	return DuplexChannelChannelOpenedEventName
}

// UnpackChannelOpenedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ChannelOpened(uint256 indexed id, address indexed alice, address indexed bob, address aliceSigner, address bobSigner, uint64 finalizationBlocks)
func (duplexChannel *DuplexChannel) UnpackChannelOpenedEvent(log *types.Log) (*DuplexChannelChannelOpened, error) {
	event := "ChannelOpened"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != duplexChannel.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DuplexChannelChannelOpened)
	if len(log.Data) > 0 {
		if err := duplexChannel.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range duplexChannel.abi.Events[event].Inputs {
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

// DuplexChannelClaimed represents a Claimed event raised by the DuplexChannel contract.
type DuplexChannelClaimed struct {
	Id       *big.Int
	Payer    common.Address
	Paid     *big.Int
	ClosesAt uint64
	Raw      *types.Log // Blockchain specific contextual infos
}

const DuplexChannelClaimedEventName = "Claimed"

// ContractEventName returns the user-defined event name.
func (DuplexChannelClaimed) ContractEventName() string {
	return DuplexChannelClaimedEventName
}

// UnpackClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimed(uint256 indexed id, address indexed payer, uint256 paid, uint64 closesAt)
func (duplexChannel *DuplexChannel) UnpackClaimedEvent(log *types.Log) (*DuplexChannelClaimed, error) {
	event := "Claimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != duplexChannel.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DuplexChannelClaimed)
	if len(log.Data) > 0 {
		if err := duplexChannel.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range duplexChannel.abi.Events[event].Inputs {
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

// DuplexChannelCloseStarted represents a CloseStarted event raised by the DuplexChannel contract.
type DuplexChannelCloseStarted struct {
	Id       *big.Int
	By       common.Address
	ClosesAt uint64
	Raw      *types.Log // Blockchain specific contextual infos
}

const DuplexChannelCloseStartedEventName = "CloseStarted"

// ContractEventName returns the user-defined event name.
func (DuplexChannelCloseStarted) ContractEventName() string {
	return DuplexChannelCloseStartedEventName
}

// UnpackCloseStartedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CloseStarted(uint256 indexed id, address indexed by, uint64 closesAt)
func (duplexChannel *DuplexChannel) UnpackCloseStartedEvent(log *types.Log) (*DuplexChannelCloseStarted, error) {
	event := "CloseStarted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != duplexChannel.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DuplexChannelCloseStarted)
	if len(log.Data) > 0 {
		if err := duplexChannel.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range duplexChannel.abi.Events[event].Inputs {
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

// DuplexChannelClosedCooperatively represents a ClosedCooperatively event raised by the DuplexChannel contract.
type DuplexChannelClosedCooperatively struct {
	Id        *big.Int
	AlicePaid *big.Int
	BobPaid   *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const DuplexChannelClosedCooperativelyEventName = "ClosedCooperatively"

// ContractEventName returns the user-defined event name.
func (DuplexChannelClosedCooperatively) ContractEventName() string {
	return DuplexChannelClosedCooperativelyEventName
}

// UnpackClosedCooperativelyEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ClosedCooperatively(uint256 indexed id, uint256 alicePaid, uint256 bobPaid)
func (duplexChannel *DuplexChannel) UnpackClosedCooperativelyEvent(log *types.Log) (*DuplexChannelClosedCooperatively, error) {
	event := "ClosedCooperatively"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != duplexChannel.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DuplexChannelClosedCooperatively)
	if len(log.Data) > 0 {
		if err := duplexChannel.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range duplexChannel.abi.Events[event].Inputs {
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

// DuplexChannelDeposited represents a Deposited event raised by the DuplexChannel contract.
type DuplexChannelDeposited struct {
	Id     *big.Int
	Party  common.Address
	Amount *big.Int
	Total  *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const DuplexChannelDepositedEventName = "Deposited"

// ContractEventName returns the user-defined event name.
func (DuplexChannelDeposited) ContractEventName() string {
	return DuplexChannelDepositedEventName
}

// UnpackDepositedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Deposited(uint256 indexed id, address indexed party, uint256 amount, uint256 total)
func (duplexChannel *DuplexChannel) UnpackDepositedEvent(log *types.Log) (*DuplexChannelDeposited, error) {
	event := "Deposited"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != duplexChannel.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DuplexChannelDeposited)
	if len(log.Data) > 0 {
		if err := duplexChannel.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range duplexChannel.abi.Events[event].Inputs {
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

// DuplexChannelEIP712DomainChanged represents a EIP712DomainChanged event raised by the DuplexChannel contract.
type DuplexChannelEIP712DomainChanged struct {
	Raw *types.Log // Blockchain specific contextual infos
}

const DuplexChannelEIP712DomainChangedEventName = "EIP712DomainChanged"

// ContractEventName returns the user-defined event name.
func (DuplexChannelEIP712DomainChanged) ContractEventName() string {
	return DuplexChannelEIP712DomainChangedEventName
}

// UnpackEIP712DomainChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EIP712DomainChanged()
func (duplexChannel *DuplexChannel) UnpackEIP712DomainChangedEvent(log *types.Log) (*DuplexChannelEIP712DomainChanged, error) {
	event := "EIP712DomainChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != duplexChannel.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DuplexChannelEIP712DomainChanged)
	if len(log.Data) > 0 {
		if err := duplexChannel.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range duplexChannel.abi.Events[event].Inputs {
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

// DuplexChannelWithdrawn represents a Withdrawn event raised by the DuplexChannel contract.
type DuplexChannelWithdrawn struct {
	Id     *big.Int
	Party  common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const DuplexChannelWithdrawnEventName = "Withdrawn"

// ContractEventName returns the user-defined event name.
func (DuplexChannelWithdrawn) ContractEventName() string {
	return DuplexChannelWithdrawnEventName
}

// UnpackWithdrawnEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Withdrawn(uint256 indexed id, address indexed party, uint256 amount)
func (duplexChannel *DuplexChannel) UnpackWithdrawnEvent(log *types.Log) (*DuplexChannelWithdrawn, error) {
	event := "Withdrawn"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != duplexChannel.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(DuplexChannelWithdrawn)
	if len(log.Data) > 0 {
		if err := duplexChannel.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range duplexChannel.abi.Events[event].Inputs {
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
func (duplexChannel *DuplexChannel) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["AlreadyWithdrawn"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackAlreadyWithdrawnError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["AmountTooLarge"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackAmountTooLargeError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["ChannelNotActive"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackChannelNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["ChannelNotClosed"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackChannelNotClosedError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["ChannelNotOpen"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackChannelNotOpenError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["ChannelSettled"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackChannelSettledError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["ECDSAInvalidSignature"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackECDSAInvalidSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["ECDSAInvalidSignatureLength"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackECDSAInvalidSignatureLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["ECDSAInvalidSignatureS"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackECDSAInvalidSignatureSError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["InvalidCounterparty"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackInvalidCounterpartyError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["InvalidFinalizationBlocks"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackInvalidFinalizationBlocksError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["InvalidPayer"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackInvalidPayerError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["InvalidShortString"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackInvalidShortStringError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["NotParty"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackNotPartyError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["SameSigner"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackSameSignerError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["StringTooLong"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackStringTooLongError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["TransferFailed"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackTransferFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["WrongSigner"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackWrongSignerError(raw[4:])
	}
	if bytes.Equal(raw[:4], duplexChannel.abi.Errors["ZeroDeposit"].ID.Bytes()[:4]) {
		return duplexChannel.UnpackZeroDepositError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// DuplexChannelAlreadyWithdrawn represents a AlreadyWithdrawn error raised by the DuplexChannel contract.
type DuplexChannelAlreadyWithdrawn struct {
	Id    *big.Int
	Party common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyWithdrawn(uint256 id, address party)
func DuplexChannelAlreadyWithdrawnErrorID() common.Hash {
	return common.HexToHash("0x9dabae07791143e15a14fdb93379c76b46ed465b97bf739b9b78bdb2dd7fa6a8")
}

// UnpackAlreadyWithdrawnError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyWithdrawn(uint256 id, address party)
func (duplexChannel *DuplexChannel) UnpackAlreadyWithdrawnError(raw []byte) (*DuplexChannelAlreadyWithdrawn, error) {
	out := new(DuplexChannelAlreadyWithdrawn)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "AlreadyWithdrawn", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelAmountTooLarge represents a AmountTooLarge error raised by the DuplexChannel contract.
type DuplexChannelAmountTooLarge struct {
	Amount *big.Int
	Max    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AmountTooLarge(uint256 amount, uint256 max)
func DuplexChannelAmountTooLargeErrorID() common.Hash {
	return common.HexToHash("0x7f162703b1fbad455ee7087f54e476f5f7b21f668d715d2aa1b9371e813d293d")
}

// UnpackAmountTooLargeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AmountTooLarge(uint256 amount, uint256 max)
func (duplexChannel *DuplexChannel) UnpackAmountTooLargeError(raw []byte) (*DuplexChannelAmountTooLarge, error) {
	out := new(DuplexChannelAmountTooLarge)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "AmountTooLarge", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelChannelNotActive represents a ChannelNotActive error raised by the DuplexChannel contract.
type DuplexChannelChannelNotActive struct {
	Id     *big.Int
	Status uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChannelNotActive(uint256 id, uint8 status)
func DuplexChannelChannelNotActiveErrorID() common.Hash {
	return common.HexToHash("0x863f9acc6eea8412ac9ec1c98009c5b691dc725c85174e9933e35168c0d74aa8")
}

// UnpackChannelNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChannelNotActive(uint256 id, uint8 status)
func (duplexChannel *DuplexChannel) UnpackChannelNotActiveError(raw []byte) (*DuplexChannelChannelNotActive, error) {
	out := new(DuplexChannelChannelNotActive)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "ChannelNotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelChannelNotClosed represents a ChannelNotClosed error raised by the DuplexChannel contract.
type DuplexChannelChannelNotClosed struct {
	Id     *big.Int
	Status uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChannelNotClosed(uint256 id, uint8 status)
func DuplexChannelChannelNotClosedErrorID() common.Hash {
	return common.HexToHash("0xbff00cc139b7169d59129073fa6f7057bcaae2988d32ce346b0afdf1d21e67fd")
}

// UnpackChannelNotClosedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChannelNotClosed(uint256 id, uint8 status)
func (duplexChannel *DuplexChannel) UnpackChannelNotClosedError(raw []byte) (*DuplexChannelChannelNotClosed, error) {
	out := new(DuplexChannelChannelNotClosed)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "ChannelNotClosed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelChannelNotOpen represents a ChannelNotOpen error raised by the DuplexChannel contract.
type DuplexChannelChannelNotOpen struct {
	Id     *big.Int
	Status uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChannelNotOpen(uint256 id, uint8 status)
func DuplexChannelChannelNotOpenErrorID() common.Hash {
	return common.HexToHash("0x5584906a6eb048207846b17b077198b525fe7f27b32dfbbb6c4b5f9fc7ddd4b5")
}

// UnpackChannelNotOpenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChannelNotOpen(uint256 id, uint8 status)
func (duplexChannel *DuplexChannel) UnpackChannelNotOpenError(raw []byte) (*DuplexChannelChannelNotOpen, error) {
	out := new(DuplexChannelChannelNotOpen)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "ChannelNotOpen", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelChannelSettled represents a ChannelSettled error raised by the DuplexChannel contract.
type DuplexChannelChannelSettled struct {
	Id *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChannelSettled(uint256 id)
func DuplexChannelChannelSettledErrorID() common.Hash {
	return common.HexToHash("0xfe501c6f860c82db0609c0e0e7571f4a08c991e3b653cb35a7f105c84caccb99")
}

// UnpackChannelSettledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChannelSettled(uint256 id)
func (duplexChannel *DuplexChannel) UnpackChannelSettledError(raw []byte) (*DuplexChannelChannelSettled, error) {
	out := new(DuplexChannelChannelSettled)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "ChannelSettled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelECDSAInvalidSignature represents a ECDSAInvalidSignature error raised by the DuplexChannel contract.
type DuplexChannelECDSAInvalidSignature struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ECDSAInvalidSignature()
func DuplexChannelECDSAInvalidSignatureErrorID() common.Hash {
	return common.HexToHash("0xf645eedf0193584640b6b90cb9477e4c95b98636c148a891d4c0a146dc46e75a")
}

// UnpackECDSAInvalidSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ECDSAInvalidSignature()
func (duplexChannel *DuplexChannel) UnpackECDSAInvalidSignatureError(raw []byte) (*DuplexChannelECDSAInvalidSignature, error) {
	out := new(DuplexChannelECDSAInvalidSignature)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "ECDSAInvalidSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelECDSAInvalidSignatureLength represents a ECDSAInvalidSignatureLength error raised by the DuplexChannel contract.
type DuplexChannelECDSAInvalidSignatureLength struct {
	Length *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ECDSAInvalidSignatureLength(uint256 length)
func DuplexChannelECDSAInvalidSignatureLengthErrorID() common.Hash {
	return common.HexToHash("0xfce698f7e8e5342cd615f641317bc45fe7e1e4a8b0a14dd1383ff8dc9c41917f")
}

// UnpackECDSAInvalidSignatureLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ECDSAInvalidSignatureLength(uint256 length)
func (duplexChannel *DuplexChannel) UnpackECDSAInvalidSignatureLengthError(raw []byte) (*DuplexChannelECDSAInvalidSignatureLength, error) {
	out := new(DuplexChannelECDSAInvalidSignatureLength)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "ECDSAInvalidSignatureLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelECDSAInvalidSignatureS represents a ECDSAInvalidSignatureS error raised by the DuplexChannel contract.
type DuplexChannelECDSAInvalidSignatureS struct {
	S [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ECDSAInvalidSignatureS(bytes32 s)
func DuplexChannelECDSAInvalidSignatureSErrorID() common.Hash {
	return common.HexToHash("0xd78bce0cccb935155ed6428d1c13e50b7f3550fd2b66b9fe266006fea4a5e1eb")
}

// UnpackECDSAInvalidSignatureSError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ECDSAInvalidSignatureS(bytes32 s)
func (duplexChannel *DuplexChannel) UnpackECDSAInvalidSignatureSError(raw []byte) (*DuplexChannelECDSAInvalidSignatureS, error) {
	out := new(DuplexChannelECDSAInvalidSignatureS)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "ECDSAInvalidSignatureS", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelInvalidCounterparty represents a InvalidCounterparty error raised by the DuplexChannel contract.
type DuplexChannelInvalidCounterparty struct {
	Bob common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidCounterparty(address bob)
func DuplexChannelInvalidCounterpartyErrorID() common.Hash {
	return common.HexToHash("0x068b98dacb7bd2b225ca98408cb04240e2e8e66179e853aea2aec46fc91e82e8")
}

// UnpackInvalidCounterpartyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidCounterparty(address bob)
func (duplexChannel *DuplexChannel) UnpackInvalidCounterpartyError(raw []byte) (*DuplexChannelInvalidCounterparty, error) {
	out := new(DuplexChannelInvalidCounterparty)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "InvalidCounterparty", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelInvalidFinalizationBlocks represents a InvalidFinalizationBlocks error raised by the DuplexChannel contract.
type DuplexChannelInvalidFinalizationBlocks struct {
	Blocks uint64
	Max    uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidFinalizationBlocks(uint64 blocks, uint64 max)
func DuplexChannelInvalidFinalizationBlocksErrorID() common.Hash {
	return common.HexToHash("0x5a2616429699206caf49b76a37808334823ba444f62aea0a0036c83e86698579")
}

// UnpackInvalidFinalizationBlocksError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidFinalizationBlocks(uint64 blocks, uint64 max)
func (duplexChannel *DuplexChannel) UnpackInvalidFinalizationBlocksError(raw []byte) (*DuplexChannelInvalidFinalizationBlocks, error) {
	out := new(DuplexChannelInvalidFinalizationBlocks)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "InvalidFinalizationBlocks", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelInvalidPayer represents a InvalidPayer error raised by the DuplexChannel contract.
type DuplexChannelInvalidPayer struct {
	Id    *big.Int
	Payer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidPayer(uint256 id, address payer)
func DuplexChannelInvalidPayerErrorID() common.Hash {
	return common.HexToHash("0xf970fa88e96fc2ac56b96f1908f4cd1ec1a605a5a36c4d8ce85689fcb246ab91")
}

// UnpackInvalidPayerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidPayer(uint256 id, address payer)
func (duplexChannel *DuplexChannel) UnpackInvalidPayerError(raw []byte) (*DuplexChannelInvalidPayer, error) {
	out := new(DuplexChannelInvalidPayer)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "InvalidPayer", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelInvalidShortString represents a InvalidShortString error raised by the DuplexChannel contract.
type DuplexChannelInvalidShortString struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidShortString()
func DuplexChannelInvalidShortStringErrorID() common.Hash {
	return common.HexToHash("0xb3512b0c6163e5f0bafab72bb631b9d58cd7a731b082f910338aa21c83d5c274")
}

// UnpackInvalidShortStringError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidShortString()
func (duplexChannel *DuplexChannel) UnpackInvalidShortStringError(raw []byte) (*DuplexChannelInvalidShortString, error) {
	out := new(DuplexChannelInvalidShortString)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "InvalidShortString", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelNotParty represents a NotParty error raised by the DuplexChannel contract.
type DuplexChannelNotParty struct {
	Id      *big.Int
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotParty(uint256 id, address account)
func DuplexChannelNotPartyErrorID() common.Hash {
	return common.HexToHash("0xdfa9fe56cd572f4a7ba5acfa3ee4b0536c732e035c53779f41f362a847c94fc0")
}

// UnpackNotPartyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotParty(uint256 id, address account)
func (duplexChannel *DuplexChannel) UnpackNotPartyError(raw []byte) (*DuplexChannelNotParty, error) {
	out := new(DuplexChannelNotParty)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "NotParty", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelSameSigner represents a SameSigner error raised by the DuplexChannel contract.
type DuplexChannelSameSigner struct {
	Signer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SameSigner(address signer)
func DuplexChannelSameSignerErrorID() common.Hash {
	return common.HexToHash("0x684a329eced21ee6c2d72bdaef91eb1248ae7b6be68e0850361db232a4782ee7")
}

// UnpackSameSignerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SameSigner(address signer)
func (duplexChannel *DuplexChannel) UnpackSameSignerError(raw []byte) (*DuplexChannelSameSigner, error) {
	out := new(DuplexChannelSameSigner)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "SameSigner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelStringTooLong represents a StringTooLong error raised by the DuplexChannel contract.
type DuplexChannelStringTooLong struct {
	Str string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StringTooLong(string str)
func DuplexChannelStringTooLongErrorID() common.Hash {
	return common.HexToHash("0x305a27a93f8e33b7392df0a0f91d6fc63847395853c45991eec52dbf24d72381")
}

// UnpackStringTooLongError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StringTooLong(string str)
func (duplexChannel *DuplexChannel) UnpackStringTooLongError(raw []byte) (*DuplexChannelStringTooLong, error) {
	out := new(DuplexChannelStringTooLong)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "StringTooLong", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelTransferFailed represents a TransferFailed error raised by the DuplexChannel contract.
type DuplexChannelTransferFailed struct {
	To     common.Address
	Amount *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TransferFailed(address to, uint256 amount)
func DuplexChannelTransferFailedErrorID() common.Hash {
	return common.HexToHash("0x1c43b9761b3fba5321ca8212bfc231945f668ccc0c446f333999eea9ce8fda81")
}

// UnpackTransferFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TransferFailed(address to, uint256 amount)
func (duplexChannel *DuplexChannel) UnpackTransferFailedError(raw []byte) (*DuplexChannelTransferFailed, error) {
	out := new(DuplexChannelTransferFailed)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "TransferFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelWrongSigner represents a WrongSigner error raised by the DuplexChannel contract.
type DuplexChannelWrongSigner struct {
	Id        *big.Int
	Expected  common.Address
	Recovered common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongSigner(uint256 id, address expected, address recovered)
func DuplexChannelWrongSignerErrorID() common.Hash {
	return common.HexToHash("0xb6a2d82a3c7cf8d22304d846cf0c99d5298828aad06a00278eaaa94cb0fabb2d")
}

// UnpackWrongSignerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongSigner(uint256 id, address expected, address recovered)
func (duplexChannel *DuplexChannel) UnpackWrongSignerError(raw []byte) (*DuplexChannelWrongSigner, error) {
	out := new(DuplexChannelWrongSigner)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "WrongSigner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// DuplexChannelZeroDeposit represents a ZeroDeposit error raised by the DuplexChannel contract.
type DuplexChannelZeroDeposit struct {
	Id *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroDeposit(uint256 id)
func DuplexChannelZeroDepositErrorID() common.Hash {
	return common.HexToHash("0x043526e4fef2b04965ae183c6c1aad20572669d33f0785f95744a6da219f1df9")
}

// UnpackZeroDepositError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroDeposit(uint256 id)
func (duplexChannel *DuplexChannel) UnpackZeroDepositError(raw []byte) (*DuplexChannelZeroDeposit, error) {
	out := new(DuplexChannelZeroDeposit)
	if err := duplexChannel.abi.UnpackIntoInterface(out, "ZeroDeposit", raw); err != nil {
		return nil, err
	}
	return out, nil
}
