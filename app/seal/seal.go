// Package seal encrypts the messages paychan wallets exchange through the
// relay (and hand to the host's watchtower) to the recipient's secp256k1
// key, authenticated as the sender's key, so that the relay learns nothing
// but who talks to whom, when, and how much (docs/protocol.md section 6a;
// construction and reasons in docs/sealed-messages.md).
//
// A sealed message (wire version 2) is
//
//	0x02 || E (33) || S (33) || ciphertext || tag (16)
//
// where E is a fresh ephemeral public key and S the sender's static public
// key, both compressed. With e, s, r the ephemeral, sender and recipient
// private keys and R the recipient's public key:
//
//	es  = x(e·R)                                     (= x(r·E))
//	ss  = x(s·R)                                     (= x(r·S))
//	k   = HKDF-SHA256(ikm = es || ss, salt = "paychan/seal/v2",
//	                  info = 0x02 || E || S || R)
//	ciphertext || tag = ChaCha20-Poly1305(k, nonce 0, plaintext, aad)
//	aad = "paychan/seal/v2" || 0x02 || E || S || from || to || len(id) || id
//
// from and to are the sender's and recipient's addresses and id the
// relay message id. The nonce is constant because every key is used once
// (E is fresh per message). Only the holder of s or r can compute ss, so a
// message that opens under R and S was written by S's owner (or by the
// recipient itself). The plaintext is the app/wire message, which names the
// channel: it is authenticated together with from, to and id, so the relay
// cannot move a sealed message to another channel, pair of parties, or
// message id.
//
// The package does no I/O and builds with GOOS=js GOARCH=wasm.
package seal

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/hkdf"
	cryptorand "crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"golang.org/x/crypto/chacha20poly1305"
)

// Version is the first byte of a sealed message. Clear app/wire messages
// (version 1) are JSON and begin with '{'.
const Version = 2

// Sizes of a sealed message.
const (
	KeyLen       = 33 // compressed public key
	TagLen       = chacha20poly1305.Overhead
	HeaderLen    = 1 + 2*KeyLen
	Overhead     = HeaderLen + TagLen
	MaxIDLen     = 64
	MaxPlaintext = 4096 // larger than any app/wire message (wire.MaxSize)
	MaxSize      = Overhead + MaxPlaintext
)

const label = "paychan/seal/v2"

// Errors; each is wrapped with detail.
var (
	// ErrNotSealed means the bytes are not a version-2 sealed message
	// (for example a clear version-1 JSON message).
	ErrNotSealed = errors.New("not a sealed message")
	// ErrVersion means the first byte names an unknown version.
	ErrVersion = errors.New("unknown sealed message version")
	// ErrLength means the message is shorter or longer than allowed.
	ErrLength = errors.New("bad sealed message length")
	// ErrBadKey means a public key in the header is not a valid
	// compressed secp256k1 key.
	ErrBadKey = errors.New("bad public key in sealed message")
	// ErrWrongSender means the sender key in the header is not the key of
	// the address the relay says sent the message.
	ErrWrongSender = errors.New("sealed message names another sender's key")
	// ErrOpen means authentication failed: the message was altered, is not
	// for this recipient, or was not written by the claimed sender.
	ErrOpen = errors.New("sealed message does not open (altered, misdirected or forged)")
)

// Envelope is a decoded sealed message.
type Envelope struct {
	Ephemeral  *secp256k1.PublicKey
	Sender     *secp256k1.PublicKey
	Ciphertext []byte // with the tag
}

// IsSealed reports whether b starts like a sealed message (and so is not a
// clear version-1 message).
func IsSealed(b []byte) bool { return len(b) > 0 && b[0] == Version }

// Decode parses a sealed message strictly: version 2, both keys valid
// compressed secp256k1 points, a ciphertext of at least the tag and at most
// MaxPlaintext plus the tag. There is no trailing data to reject: the
// ciphertext runs to the end and the tag authenticates its length.
func Decode(b []byte) (Envelope, error) { return decode(b, true, true) }

// decode is Decode; a key not parsed is only checked for its form
// (Envelope field nil).
func decode(b []byte, parseE, parseS bool) (Envelope, error) {
	if len(b) == 0 {
		return Envelope{}, fmt.Errorf("seal: %w: empty", ErrNotSealed)
	}
	if b[0] != Version {
		if b[0] == '{' {
			return Envelope{}, fmt.Errorf("seal: %w: a clear (version 1) JSON message", ErrNotSealed)
		}
		return Envelope{}, fmt.Errorf("seal: %w: first byte 0x%02x, want 0x%02x", ErrVersion, b[0], Version)
	}
	if len(b) < Overhead {
		return Envelope{}, fmt.Errorf("seal: %w: %d bytes, at least %d", ErrLength, len(b), Overhead)
	}
	if len(b) > MaxSize {
		return Envelope{}, fmt.Errorf("seal: %w: %d bytes, at most %d", ErrLength, len(b), MaxSize)
	}
	e, err := parseKey(b[1:1+KeyLen], parseE)
	if err != nil {
		return Envelope{}, fmt.Errorf("seal: %w: ephemeral: %v", ErrBadKey, err)
	}
	s, err := parseKey(b[1+KeyLen:HeaderLen], parseS)
	if err != nil {
		return Envelope{}, fmt.Errorf("seal: %w: sender: %v", ErrBadKey, err)
	}
	return Envelope{Ephemeral: e, Sender: s, Ciphertext: b[HeaderLen:]}, nil
}

func parseKey(b []byte, parse bool) (*secp256k1.PublicKey, error) {
	if b[0] != 0x02 && b[0] != 0x03 {
		return nil, errors.New("not a compressed key")
	}
	if !parse {
		return nil, nil
	}
	return secp256k1.ParsePubKey(b)
}

// CheckSender checks the form of a sealed message and that its sender key
// is from's, without parsing the ephemeral key (the recipient does): the
// relay's test that a send is sealed by its sender.
func CheckSender(b []byte, from common.Address) error {
	env, err := decode(b, false, true)
	if err != nil {
		return err
	}
	if got := env.SenderAddress(); got != from {
		return fmt.Errorf("seal: %w: the key of %s, from %s", ErrWrongSender, got.Hex(), from.Hex())
	}
	return nil
}

// Peer is a sender whose key the recipient already verified (its address
// is the sender's): the compressed key and the static-static secret.
type Peer struct {
	Key    []byte
	Shared Shared
}

// SenderAddress is the address of the envelope's sender key.
func (e Envelope) SenderAddress() common.Address { return Address(e.Sender) }

// Address is the Ethereum address of a public key.
func Address(k *secp256k1.PublicKey) common.Address {
	return common.BytesToAddress(crypto.Keccak256(k.SerializeUncompressed()[1:])[12:])
}

// ParsePublicKey parses a 33-byte compressed or 65-byte uncompressed key.
func ParsePublicKey(b []byte) (*secp256k1.PublicKey, error) {
	if len(b) != 33 && len(b) != 65 {
		return nil, fmt.Errorf("seal: %w: %d bytes", ErrBadKey, len(b))
	}
	k, err := secp256k1.ParsePubKey(b)
	if err != nil {
		return nil, fmt.Errorf("seal: %w: %v", ErrBadKey, err)
	}
	return k, nil
}

// Shared is the static-static secret between a party's private key and a
// peer's public key (x(s·R) = x(r·S)). It is the same for every message of
// the pair, so callers compute it once per peer.
type Shared [32]byte

// Key is a party's private key with its public key computed once.
type Key struct {
	priv *secp256k1.PrivateKey
	pub  *secp256k1.PublicKey
	comp []byte // pub, compressed
}

// NewKey wraps a go-ethereum private key.
func NewKey(k *ecdsa.PrivateKey) *Key {
	priv := secp256k1.PrivKeyFromBytes(crypto.FromECDSA(k))
	comp := crypto.CompressPubkey(&k.PublicKey)
	pub, err := secp256k1.ParsePubKey(comp)
	if err != nil {
		panic(fmt.Sprintf("seal: the key's own public key does not parse: %v", err))
	}
	return &Key{priv: priv, pub: pub, comp: comp}
}

// Public is the key's public key.
func (k *Key) Public() *secp256k1.PublicKey { return k.pub }

// Address is the key's address.
func (k *Key) Address() common.Address { return Address(k.pub) }

// Agree computes the static-static secret of k and pub.
func (k *Key) Agree(pub *secp256k1.PublicKey) Shared {
	var s Shared
	ecdh(s[:], k.priv, pub)
	return s
}

// ecdh writes x(priv·pub) to out (32 bytes). It multiplies with
// go-ethereum's secp256k1 curve: libsecp256k1 in native cgo builds (about
// ten times faster here than the pure-Go decred code, which go-ethereum
// uses itself in the browser build).
func ecdh(out []byte, priv *secp256k1.PrivateKey, pub *secp256k1.PublicKey) {
	d := priv.Key.Bytes()
	x, _ := crypto.S256().ScalarMult(pub.X(), pub.Y(), d[:])
	clear(d[:])
	x.FillBytes(out[:32])
}

// baseMult returns the compressed public key of priv, with decred's
// precomputed base-point table (as decred's own PubKey, and go-ethereum in
// the browser build): measured natively about five times faster than
// libsecp256k1's variable-base multiplication through cgo and big.Int,
// which ecdh uses (there it is the faster one).
func baseMult(priv *secp256k1.PrivateKey) []byte {
	return priv.PubKey().SerializeCompressed()
}

// Context names the parties and the relay message id; it goes into the
// AEAD's additional data.
type Context struct {
	From, To common.Address
	ID       string
}

func (c Context) aad(hdr []byte) []byte {
	a := make([]byte, 0, len(label)+len(hdr)+40+1+len(c.ID))
	a = append(a, label...)
	a = append(a, hdr...)
	a = append(a, c.From[:]...)
	a = append(a, c.To[:]...)
	a = append(a, byte(len(c.ID)))
	return append(a, c.ID...)
}

func key(es []byte, ss Shared, hdr []byte, to *secp256k1.PublicKey) ([]byte, error) {
	ikm := make([]byte, 0, 64)
	ikm = append(append(ikm, es...), ss[:]...)
	info := make([]byte, 0, len(hdr)+KeyLen)
	info = append(append(info, hdr...), to.SerializeCompressed()...)
	return hkdf.Key(sha256.New, ikm, []byte(label), string(info), chacha20poly1305.KeySize)
}

// Seal encrypts plaintext from sender (with ss = sender.Agree(to)) to the
// recipient key to. rand supplies the ephemeral key (nil: crypto/rand).
func Seal(rand io.Reader, sender *Key, ss Shared, to *secp256k1.PublicKey, c Context, plaintext []byte) ([]byte, error) {
	if err := checkSeal(c, plaintext); err != nil {
		return nil, err
	}
	e, err := NewEphemeral(rand, to)
	if err != nil {
		return nil, err
	}
	return SealWith(e, sender, ss, to, c, plaintext)
}

func checkSeal(c Context, plaintext []byte) error {
	if len(plaintext) > MaxPlaintext {
		return fmt.Errorf("seal: %w: plaintext of %d bytes, at most %d", ErrLength, len(plaintext), MaxPlaintext)
	}
	if len(c.ID) > MaxIDLen {
		return fmt.Errorf("seal: message id longer than %d", MaxIDLen)
	}
	return nil
}

// Ephemeral is the fresh ephemeral key of one sealed message, made ahead
// of the message: its public key E and its secret with the recipient, es,
// the two scalar multiplications of Seal, which do not depend on the
// message (about two thirds of sealing's time in the browser). A sender
// makes the next message's while it waits for input. It seals one message
// (SealWith), to the recipient it was made for, and its secret is erased
// then.
type Ephemeral struct {
	to   *secp256k1.PublicKey
	pub  []byte // E, compressed
	es   [32]byte
	used atomic.Bool
}

// ErrEphemeralUsed means an Ephemeral was given to SealWith again: every
// ephemeral key seals one message (the AEAD's nonce is constant).
var ErrEphemeralUsed = errors.New("seal: ephemeral key already used")

// NewEphemeral makes an ephemeral key for a message to the recipient key
// to; rand supplies it (nil: crypto/rand).
func NewEphemeral(rand io.Reader, to *secp256k1.PublicKey) (*Ephemeral, error) {
	if to == nil {
		return nil, errors.New("seal: ephemeral key: no recipient key")
	}
	if rand == nil {
		rand = cryptorand.Reader
	}
	var eb [32]byte
	if _, err := io.ReadFull(rand, eb[:]); err != nil {
		return nil, fmt.Errorf("seal: ephemeral key: %w", err)
	}
	eph := secp256k1.PrivKeyFromBytes(eb[:]) // reduced mod n
	clear(eb[:])
	if eph.Key.IsZero() {
		return nil, errors.New("seal: ephemeral key: zero")
	}
	defer eph.Zero()
	e := &Ephemeral{to: to, pub: baseMult(eph)}
	ecdh(e.es[:], eph, to)
	return e, nil
}

// For reports whether e was made for the recipient key to.
func (e *Ephemeral) For(to *secp256k1.PublicKey) bool {
	return e != nil && to != nil && e.to.IsEqual(to)
}

// SealWith is Seal with the ephemeral key e, made for to with
// NewEphemeral; it fails with ErrEphemeralUsed if e sealed a message
// before.
func SealWith(e *Ephemeral, sender *Key, ss Shared, to *secp256k1.PublicKey, c Context, plaintext []byte) ([]byte, error) {
	if err := checkSeal(c, plaintext); err != nil {
		return nil, err
	}
	if !e.For(to) {
		return nil, errors.New("seal: the ephemeral key was made for another recipient")
	}
	if !e.used.CompareAndSwap(false, true) {
		return nil, ErrEphemeralUsed
	}
	defer clear(e.es[:])
	out := make([]byte, HeaderLen, HeaderLen+len(plaintext)+TagLen)
	out[0] = Version
	copy(out[1:], e.pub)
	copy(out[1+KeyLen:], sender.comp)
	hdr := out[:HeaderLen:HeaderLen]
	k, err := key(e.es[:], ss, hdr, to)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	aead, err := chacha20poly1305.New(k)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	var nonce [chacha20poly1305.NonceSize]byte
	return aead.Seal(out, nonce[:], plaintext, c.aad(hdr)), nil
}

// Open authenticates and decrypts a sealed message b for the recipient.
// known, if not nil, is c.From's verified key: a message under that key
// uses its secret without parsing or checking the key again. Otherwise
// shared returns the static-static secret with the sender
// key the message names (after checking that key: see Context.From); Open
// checks that the sender key is From's key.
func Open(recipient *Key, known *Peer, shared func(sender *secp256k1.PublicKey) Shared, c Context, b []byte) ([]byte, error) {
	isKnown := known != nil && len(b) >= HeaderLen && bytes.Equal(b[1+KeyLen:HeaderLen], known.Key)
	env, err := decode(b, true, !isKnown)
	if err != nil {
		return nil, err
	}
	var ss Shared
	if isKnown {
		ss = known.Shared
	} else {
		if got := env.SenderAddress(); got != c.From {
			return nil, fmt.Errorf("seal: %w: the key of %s, from %s", ErrWrongSender, got.Hex(), c.From.Hex())
		}
		ss = shared(env.Sender)
	}
	hdr := b[:HeaderLen:HeaderLen]
	var es [32]byte
	ecdh(es[:], recipient.priv, env.Ephemeral)
	k, err := key(es[:], ss, hdr, recipient.pub)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	aead, err := chacha20poly1305.New(k)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	var nonce [chacha20poly1305.NonceSize]byte
	pt, err := aead.Open(nil, nonce[:], env.Ciphertext, c.aad(hdr))
	if err != nil {
		return nil, fmt.Errorf("seal: %w: from %s to %s, id %q", ErrOpen, c.From.Hex(), c.To.Hex(), c.ID)
	}
	return pt, nil
}
