package channel

import (
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
)

// EIP-712 names and type strings of docs/protocol.md section 4. They are fixed:
// the contract, ethers.js and MetaMask hash the same strings.
const (
	DomainName    = "DuplexChannel"
	DomainVersion = "1"

	DomainType  = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
	PaymentType = "Payment(uint256 channelId,uint256 paid)"
	CloseType   = "Close(uint256 channelId,uint256 alicePaid,uint256 bobPaid)"
)

// Type hashes (keccak256 of the type strings).
var (
	DomainTypeHash  = crypto.Keccak256Hash([]byte(DomainType))
	PaymentTypeHash = crypto.Keccak256Hash([]byte(PaymentType))
	CloseTypeHash   = crypto.Keccak256Hash([]byte(CloseType))

	nameHash    = crypto.Keccak256Hash([]byte(DomainName))
	versionHash = crypto.Keccak256Hash([]byte(DomainVersion))
)

// Signature errors.
var (
	// ErrSigLength: a signature is not 65 bytes.
	ErrSigLength = errors.New("signature is not 65 bytes")
	// ErrSigV: v is not 27 or 28.
	ErrSigV = errors.New("signature v is not 27 or 28")
	// ErrSigHighS: s is in the upper half of the curve order (malleable); the
	// contract rejects it, so we do too.
	ErrSigHighS = errors.New("signature s is not low")
	// ErrSigInvalid: r or s out of range, or no public key recovers.
	ErrSigInvalid = errors.New("invalid signature")
	// ErrWrongSigner: the signature is valid but by someone else.
	ErrWrongSigner = errors.New("signature by the wrong signer")
	// ErrOutOfRange: an amount or id is negative or does not fit in uint256.
	ErrOutOfRange = errors.New("value out of uint256 range")
)

// Domain is the EIP-712 domain: one contract on one chain.
type Domain struct {
	ChainID  uint64         `json:"chainId"`
	Contract common.Address `json:"contract"`
}

// Separator returns the EIP-712 domain separator.
func (d Domain) Separator() common.Hash {
	return crypto.Keccak256Hash(
		DomainTypeHash[:], nameHash[:], versionHash[:],
		word(new(big.Int).SetUint64(d.ChainID)),
		common.LeftPadBytes(d.Contract.Bytes(), 32),
	)
}

// PaymentDigest returns the EIP-712 digest of Payment(channelId, paid), the
// hash a payer signs and the contract's paymentDigest returns.
func (d Domain) PaymentDigest(channelID, paid *big.Int) (common.Hash, error) {
	if err := inRange("channelId", channelID); err != nil {
		return common.Hash{}, err
	}
	if err := inRange("paid", paid); err != nil {
		return common.Hash{}, err
	}
	return d.digest(crypto.Keccak256Hash(PaymentTypeHash[:], word(channelID), word(paid))), nil
}

// CloseDigest returns the EIP-712 digest of Close(channelId, alicePaid,
// bobPaid), the hash both parties sign for cooperativeClose.
func (d Domain) CloseDigest(channelID, alicePaid, bobPaid *big.Int) (common.Hash, error) {
	for _, v := range []struct {
		name string
		v    *big.Int
	}{{"channelId", channelID}, {"alicePaid", alicePaid}, {"bobPaid", bobPaid}} {
		if err := inRange(v.name, v.v); err != nil {
			return common.Hash{}, err
		}
	}
	return d.digest(crypto.Keccak256Hash(CloseTypeHash[:], word(channelID), word(alicePaid), word(bobPaid))), nil
}

func (d Domain) digest(structHash common.Hash) common.Hash {
	sep := d.Separator()
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, sep[:], structHash[:])
}

func inRange(name string, v *big.Int) error {
	if v == nil || v.Sign() < 0 || v.BitLen() > 256 {
		return fmt.Errorf("%s %v: %w", name, v, ErrOutOfRange)
	}
	return nil
}

func word(v *big.Int) []byte { return math.PaddedBigBytes(v, 32) }

// Signature is a 65-byte secp256k1 signature r || s || v with v 27 or 28 and
// low s: the form the contract accepts. It marshals as 0x-hex.
type Signature [65]byte

// Sign signs a digest (no prefix: EIP-712 digests are signed as they are).
// The result has low s and v 27/28.
func Sign(digest common.Hash, key *ecdsa.PrivateKey) (Signature, error) {
	raw, err := crypto.Sign(digest[:], key) // RFC 6979, low s, v in {0,1}
	if err != nil {
		return Signature{}, fmt.Errorf("sign: %w", err)
	}
	var s Signature
	copy(s[:], raw)
	s[64] += 27
	return s, nil
}

// Recover returns the address that signed digest. It rejects a bad v, a high
// s and values out of range, as the contract does.
func (s Signature) Recover(digest common.Hash) (common.Address, error) {
	if err := s.Check(); err != nil {
		return common.Address{}, err
	}
	raw := s
	raw[64] -= 27
	pub, err := crypto.SigToPub(digest[:], raw[:])
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrSigInvalid, err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// Verify checks that s is a valid signature of digest by signer.
func (s Signature) Verify(digest common.Hash, signer common.Address) error {
	got, err := s.Recover(digest)
	if err != nil {
		return err
	}
	if got != signer {
		return fmt.Errorf("%w: recovered %s, want %s", ErrWrongSigner, got.Hex(), signer.Hex())
	}
	return nil
}

// Check validates the form of s without recovering: v 27/28, 0 < r, s < n,
// s <= n/2.
func (s Signature) Check() error {
	v := s[64]
	if v != 27 && v != 28 {
		return fmt.Errorf("%w: v=%d", ErrSigV, v)
	}
	r, ss := new(big.Int).SetBytes(s[:32]), new(big.Int).SetBytes(s[32:64])
	if ss.Cmp(secp256k1halfN) > 0 {
		return ErrSigHighS
	}
	if !crypto.ValidateSignatureValues(v-27, r, ss, true) {
		return ErrSigInvalid
	}
	return nil
}

var secp256k1halfN = new(big.Int).Rsh(crypto.S256().Params().N, 1)

// IsZero reports whether s is all zero (no signature).
func (s Signature) IsZero() bool { return s == Signature{} }

// String returns the 0x-hex form.
func (s Signature) String() string { return "0x" + hex.EncodeToString(s[:]) }

// MarshalText encodes s as 0x-hex.
func (s Signature) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes 0x-hex of exactly 65 bytes. It checks the length
// only; call Check or Recover for the rest.
func (s *Signature) UnmarshalText(b []byte) error {
	sig, err := ParseSignature(string(b))
	if err != nil {
		return err
	}
	*s = sig
	return nil
}

// ParseSignature decodes 0x-hex of exactly 65 bytes (form only; see Check).
func ParseSignature(h string) (Signature, error) {
	if !strings.HasPrefix(h, "0x") {
		return Signature{}, fmt.Errorf("%w: missing 0x prefix", ErrSigInvalid)
	}
	if len(h) != 2+130 {
		return Signature{}, fmt.Errorf("%w: %d hex digits", ErrSigLength, len(h)-2)
	}
	var s Signature
	if _, err := hex.Decode(s[:], []byte(h[2:])); err != nil {
		return Signature{}, fmt.Errorf("%w: not hex", ErrSigInvalid)
	}
	return s, nil
}

// SignatureFromBytes copies a 65-byte slice into a Signature (form only).
func SignatureFromBytes(b []byte) (Signature, error) {
	if len(b) != 65 {
		return Signature{}, fmt.Errorf("%w: %d bytes", ErrSigLength, len(b))
	}
	var s Signature
	copy(s[:], b)
	return s, nil
}
