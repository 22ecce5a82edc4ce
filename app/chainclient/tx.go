package chainclient

import (
	"crypto/ecdsa"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
)

// dynamicFeeTxType is the EIP-2718 type byte of an EIP-1559 transaction.
const dynamicFeeTxType = 0x02

// dynamicFeeTx is an EIP-1559 (type 2) transaction to a contract. It is
// built and signed here rather than with go-ethereum's core/types, which
// would bring KZG and BLS12-381 code into app.wasm; a test checks the
// bytes against core/types' signer.
type dynamicFeeTx struct {
	ChainID   *big.Int
	Nonce     uint64
	GasTipCap *big.Int
	GasFeeCap *big.Int
	Gas       uint64
	To        common.Address
	Value     *big.Int
	Data      []byte
}

// accessTuple is an EIP-2930 access list entry (our transactions send an
// empty list).
type accessTuple struct {
	Address     common.Address
	StorageKeys []common.Hash
}

// unsignedFields is the RLP list the signature covers.
type unsignedFields struct {
	ChainID    *big.Int
	Nonce      uint64
	GasTipCap  *big.Int
	GasFeeCap  *big.Int
	Gas        uint64
	To         common.Address
	Value      *big.Int
	Data       []byte
	AccessList []accessTuple
}

// signedFields is the RLP list of the signed transaction.
type signedFields struct {
	ChainID    *big.Int
	Nonce      uint64
	GasTipCap  *big.Int
	GasFeeCap  *big.Int
	Gas        uint64
	To         common.Address
	Value      *big.Int
	Data       []byte
	AccessList []accessTuple
	V, R, S    *big.Int
}

func (tx *dynamicFeeTx) unsigned() unsignedFields {
	value := tx.Value
	if value == nil {
		value = new(big.Int)
	}
	return unsignedFields{ChainID: tx.ChainID, Nonce: tx.Nonce, GasTipCap: tx.GasTipCap, GasFeeCap: tx.GasFeeCap,
		Gas: tx.Gas, To: tx.To, Value: value, Data: tx.Data, AccessList: []accessTuple{}}
}

// sigHash is keccak256(0x02 || rlp([chainId, nonce, tip, feeCap, gas, to,
// value, data, accessList])).
func (tx *dynamicFeeTx) sigHash() (common.Hash, error) {
	enc, err := rlp.EncodeToBytes(tx.unsigned())
	if err != nil {
		return common.Hash{}, fmt.Errorf("encode transaction: %w", err)
	}
	return crypto.Keccak256Hash([]byte{dynamicFeeTxType}, enc), nil
}

// sign returns the raw signed transaction (0x02 || rlp([..., yParity, r,
// s])), as eth_sendRawTransaction takes it, and its hash.
func (tx *dynamicFeeTx) sign(key *ecdsa.PrivateKey) (raw []byte, hash common.Hash, err error) {
	h, err := tx.sigHash()
	if err != nil {
		return nil, common.Hash{}, err
	}
	sig, err := crypto.Sign(h[:], key)
	if err != nil {
		return nil, common.Hash{}, err
	}
	u := tx.unsigned()
	enc, err := rlp.EncodeToBytes(signedFields{ChainID: u.ChainID, Nonce: u.Nonce, GasTipCap: u.GasTipCap,
		GasFeeCap: u.GasFeeCap, Gas: u.Gas, To: u.To, Value: u.Value, Data: u.Data, AccessList: u.AccessList,
		V: new(big.Int).SetUint64(uint64(sig[64])), R: new(big.Int).SetBytes(sig[:32]), S: new(big.Int).SetBytes(sig[32:64])})
	if err != nil {
		return nil, common.Hash{}, fmt.Errorf("encode signed transaction: %w", err)
	}
	raw = append([]byte{dynamicFeeTxType}, enc...)
	return raw, crypto.Keccak256Hash(raw), nil
}
