package wallet

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/scrypt"
)

// Sealed envelope format (JSON, version 1):
//
//	{"v":1,"kdf":"scrypt","n":16384,"r":8,"p":1,
//	 "salt":"<base64 16 bytes>","check":"<base64 32 bytes>",
//	 "nonce":"<base64 12 bytes>","ct":"<base64 AES-256-GCM ciphertext+tag>"}
//
// scrypt(passphrase, salt, N, r, p) gives 64 bytes: the first 32 are the
// AES-256-GCM key, the last 32 a MAC key. check = HMAC-SHA256(macKey,
// "paychan passphrase check v1") tells a wrong passphrase (ErrWrongPassphrase)
// apart from a modified ciphertext (ErrTampered). The header (v, kdf, n, r, p,
// salt) is the GCM additional data, so changing it is detected too. Changing
// the salt, the parameters or check itself is indistinguishable from a wrong
// passphrase, because the passphrase is the only secret.

// Default scrypt cost. N=2^14, r=8 needs 16 MiB and about 40 ms natively on
// the development machine; Go's wasm build runs it a few times slower, well
// under a second in a browser (see BenchmarkSeal and the core report).
const (
	DefaultScryptN = 1 << 14
	DefaultScryptR = 8
	DefaultScryptP = 1
)

// Limits on parameters accepted by Open, so a hostile envelope cannot make
// the wallet allocate gigabytes or spin for minutes.
const (
	maxScryptN       = 1 << 20
	maxScryptR       = 32
	maxScryptP       = 16
	maxEnvelopeBytes = 1 << 20
)

// SealVersion is the envelope version Seal writes.
const SealVersion = 1

var checkLabel = []byte("paychan passphrase check v1")

// Errors of Seal and Open.
var (
	// ErrWrongPassphrase: the passphrase does not open this envelope.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrTampered: the passphrase is right but the ciphertext, nonce or header
	// was modified.
	ErrTampered = errors.New("sealed data was modified")
	// ErrBadEnvelope: not a sealed envelope of a version and parameters we
	// accept.
	ErrBadEnvelope = errors.New("malformed sealed envelope")
	// ErrEmptyPassphrase: Seal refuses an empty passphrase.
	ErrEmptyPassphrase = errors.New("empty passphrase")
)

// ScryptParams are the cost parameters of the key derivation.
type ScryptParams struct {
	N, R, P int
}

// DefaultScrypt are the parameters Seal uses.
var DefaultScrypt = ScryptParams{N: DefaultScryptN, R: DefaultScryptR, P: DefaultScryptP}

func (p ScryptParams) validate() error {
	if p.N < 2 || p.N&(p.N-1) != 0 || p.N > maxScryptN {
		return fmt.Errorf("scrypt N=%d: want a power of two in [2, %d]", p.N, maxScryptN)
	}
	if p.R < 1 || p.R > maxScryptR {
		return fmt.Errorf("scrypt r=%d: want 1..%d", p.R, maxScryptR)
	}
	if p.P < 1 || p.P > maxScryptP {
		return fmt.Errorf("scrypt p=%d: want 1..%d", p.P, maxScryptP)
	}
	return nil
}

type envelope struct {
	V     int    `json:"v"`
	KDF   string `json:"kdf"`
	N     int    `json:"n"`
	R     int    `json:"r"`
	P     int    `json:"p"`
	Salt  []byte `json:"salt"`
	Check []byte `json:"check"`
	Nonce []byte `json:"nonce"`
	CT    []byte `json:"ct"`
}

func (e *envelope) header() []byte {
	h, _ := json.Marshal(struct {
		V    int    `json:"v"`
		KDF  string `json:"kdf"`
		N    int    `json:"n"`
		R    int    `json:"r"`
		P    int    `json:"p"`
		Salt []byte `json:"salt"`
	}{e.V, e.KDF, e.N, e.R, e.P, e.Salt})
	return h
}

func deriveKeys(passphrase, salt []byte, p ScryptParams) (aead cipher.AEAD, check []byte, err error) {
	dk, err := scrypt.Key(passphrase, salt, p.N, p.R, p.P, 64)
	if err != nil {
		return nil, nil, fmt.Errorf("scrypt: %w", err)
	}
	block, err := aes.NewCipher(dk[:32])
	if err != nil {
		return nil, nil, err
	}
	aead, err = cipher.NewGCM(block)
	if err != nil {
		return nil, nil, err
	}
	mac := hmac.New(sha256.New, dk[32:])
	mac.Write(checkLabel)
	return aead, mac.Sum(nil), nil
}

// Seal encrypts plaintext (a key, a backup, any bytes) under passphrase with
// the default parameters and returns a self-describing JSON envelope. random
// is the source of salt and nonce (crypto/rand.Reader in production).
func Seal(plaintext, passphrase []byte, random io.Reader) ([]byte, error) {
	return SealWith(plaintext, passphrase, DefaultScrypt, random)
}

// SealWith is Seal with explicit scrypt parameters (tests use cheap ones).
func SealWith(plaintext, passphrase []byte, p ScryptParams, random io.Reader) ([]byte, error) {
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("seal: %w", ErrEmptyPassphrase)
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	e := envelope{V: SealVersion, KDF: "scrypt", N: p.N, R: p.R, P: p.P, Salt: make([]byte, 16), Nonce: make([]byte, 12)}
	if _, err := io.ReadFull(random, e.Salt); err != nil {
		return nil, fmt.Errorf("seal: salt: %w", err)
	}
	if _, err := io.ReadFull(random, e.Nonce); err != nil {
		return nil, fmt.Errorf("seal: nonce: %w", err)
	}
	aead, check, err := deriveKeys(passphrase, e.Salt, p)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	e.Check = check
	e.CT = aead.Seal(nil, e.Nonce, plaintext, e.header())
	out, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return out, nil
}

// Open decrypts an envelope made by Seal. It returns ErrWrongPassphrase,
// ErrTampered or ErrBadEnvelope (wrapped) on failure.
func Open(sealed, passphrase []byte) ([]byte, error) {
	if len(sealed) > maxEnvelopeBytes {
		return nil, fmt.Errorf("open: %w: %d bytes", ErrBadEnvelope, len(sealed))
	}
	var e envelope
	dec := json.NewDecoder(bytes.NewReader(sealed))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return nil, fmt.Errorf("open: %w: %v", ErrBadEnvelope, err)
	}
	if rest := bytes.TrimSpace(sealed[dec.InputOffset():]); len(rest) > 0 {
		return nil, fmt.Errorf("open: %w: trailing data", ErrBadEnvelope)
	}
	switch {
	case e.V != SealVersion:
		return nil, fmt.Errorf("open: %w: version %d, want %d", ErrBadEnvelope, e.V, SealVersion)
	case e.KDF != "scrypt":
		return nil, fmt.Errorf("open: %w: kdf %q, want scrypt", ErrBadEnvelope, e.KDF)
	case len(e.Salt) < 16:
		return nil, fmt.Errorf("open: %w: salt of %d bytes", ErrBadEnvelope, len(e.Salt))
	case len(e.Check) != sha256.Size:
		return nil, fmt.Errorf("open: %w: check of %d bytes", ErrBadEnvelope, len(e.Check))
	case len(e.Nonce) != 12:
		return nil, fmt.Errorf("open: %w: nonce of %d bytes", ErrBadEnvelope, len(e.Nonce))
	case len(e.CT) < 16:
		return nil, fmt.Errorf("open: %w: ciphertext of %d bytes", ErrBadEnvelope, len(e.CT))
	}
	p := ScryptParams{N: e.N, R: e.R, P: e.P}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("open: %w: %v", ErrBadEnvelope, err)
	}
	aead, check, err := deriveKeys(passphrase, e.Salt, p)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	if !hmac.Equal(check, e.Check) {
		return nil, fmt.Errorf("open: %w", ErrWrongPassphrase)
	}
	pt, err := aead.Open(nil, e.Nonce, e.CT, e.header())
	if err != nil {
		return nil, fmt.Errorf("open: %w", ErrTampered)
	}
	return pt, nil
}
