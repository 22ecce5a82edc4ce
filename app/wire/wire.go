// Package wire encodes the messages paychan wallets exchange through the
// relay (channel.Payment, Ack, CloseProposal, CloseSignature, Sync) as
// versioned JSON, and decodes them strictly.
//
// Every message is an envelope {"v":1,"type":T,"body":{...}} where T is
// "payment", "ack", "closeProposal", "closeSignature" or "sync". Bodies
// name the channel by "chainId" and "channel" (JSON numbers) and "contract"
// (0x address); amounts are decimal strings of uint256 without sign or
// leading zeros; signatures are 0x-hex of 65 bytes with v 27/28 and low s:
//
//	payment         {chainId, contract, channel, paid, sig}          paid > 0
//	ack             {chainId, contract, channel, received}
//	closeProposal   {chainId, contract, channel, alicePaid, bobPaid, sig}
//	closeSignature  {chainId, contract, channel, alicePaid, bobPaid, sig}
//	sync            {chainId, contract, channel, paid, sig?, received, receivedSig?}
//
// In a sync, sig (the sender's signature over paid) is required iff paid > 0
// and absent when paid is 0. receivedSig is the receiver's own signature
// over Payment(channel, received), the proof that the sender holds that
// total: optional (syncs without it, as older wallets wrote them, still
// decode and mean "received" is only an acknowledgement), allowed only when
// received > 0. Encode writes it whenever the Sync carries one.
//
// Decode rejects messages over MaxSize, unknown versions, types and fields,
// missing fields, trailing data and any invalid value, each with its own
// error. It checks form only: whether a signature is by the right signer is
// for package channel to decide.
package wire

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
)

// Version is the envelope version this package writes and reads.
const Version = 1

// MaxSize is the largest encoded message Decode accepts, in bytes.
const MaxSize = 2048

// Message type names.
const (
	TypePayment        = "payment"
	TypeAck            = "ack"
	TypeCloseProposal  = "closeProposal"
	TypeCloseSignature = "closeSignature"
	TypeSync           = "sync"
)

// Decoding errors; each is wrapped with the detail (field name, value).
var (
	ErrTooLarge     = errors.New("message too large")
	ErrSyntax       = errors.New("malformed JSON")
	ErrVersion      = errors.New("unsupported version")
	ErrUnknownType  = errors.New("unknown message type")
	ErrUnknownField = errors.New("unknown field")
	ErrMissingField = errors.New("missing field")
	ErrInvalidField = errors.New("invalid field")
)

type envelope struct {
	V    *int            `json:"v"`
	Type *string         `json:"type"`
	Body json.RawMessage `json:"body"`
}

// body is the union of all body fields; pointers tell missing from zero.
// Each type accepts a subset (allowed below).
type body struct {
	ChainID   *uint64 `json:"chainId,omitempty"`
	Contract  *string `json:"contract,omitempty"`
	Channel   *uint64 `json:"channel,omitempty"`
	Paid      *string `json:"paid,omitempty"`
	Received  *string `json:"received,omitempty"`
	AlicePaid *string `json:"alicePaid,omitempty"`
	BobPaid   *string `json:"bobPaid,omitempty"`
	Sig       *string `json:"sig,omitempty"`
	// ReceivedSig is sync only (optional).
	ReceivedSig *string `json:"receivedSig,omitempty"`
}

// fields each type requires (sync's optional sig and receivedSig are handled
// separately).
var fields = map[string][]string{
	TypePayment:        {"chainId", "contract", "channel", "paid", "sig"},
	TypeAck:            {"chainId", "contract", "channel", "received"},
	TypeCloseProposal:  {"chainId", "contract", "channel", "alicePaid", "bobPaid", "sig"},
	TypeCloseSignature: {"chainId", "contract", "channel", "alicePaid", "bobPaid", "sig"},
	TypeSync:           {"chainId", "contract", "channel", "paid", "received"},
}

func (b *body) present() map[string]bool {
	return map[string]bool{
		"chainId": b.ChainID != nil, "contract": b.Contract != nil, "channel": b.Channel != nil,
		"paid": b.Paid != nil, "received": b.Received != nil, "alicePaid": b.AlicePaid != nil,
		"bobPaid": b.BobPaid != nil, "sig": b.Sig != nil, "receivedSig": b.ReceivedSig != nil,
	}
}

// Encode returns the JSON form of m. It fails on values Decode would reject.
func Encode(m channel.Message) ([]byte, error) {
	var typ string
	var b body
	setID := func(id channel.ID) {
		c := id.Contract.Hex()
		b.ChainID, b.Contract, b.Channel = &id.ChainID, &c, &id.Channel
	}
	amt := func(v *big.Int) *string {
		if v == nil {
			return nil
		}
		s := v.String()
		return &s
	}
	sig := func(s channel.Signature) *string {
		h := s.String()
		return &h
	}
	switch m := m.(type) {
	case channel.Payment:
		typ = TypePayment
		setID(m.ID)
		b.Paid, b.Sig = amt(m.Paid), sig(m.Sig)
	case channel.Ack:
		typ = TypeAck
		setID(m.ID)
		b.Received = amt(m.Received)
	case channel.CloseProposal:
		typ = TypeCloseProposal
		setID(m.ID)
		b.AlicePaid, b.BobPaid, b.Sig = amt(m.AlicePaid), amt(m.BobPaid), sig(m.Sig)
	case channel.CloseSignature:
		typ = TypeCloseSignature
		setID(m.ID)
		b.AlicePaid, b.BobPaid, b.Sig = amt(m.AlicePaid), amt(m.BobPaid), sig(m.Sig)
	case channel.Sync:
		typ = TypeSync
		setID(m.ID)
		b.Paid, b.Received = amt(m.Paid), amt(m.Received)
		if m.Paid != nil && m.Paid.Sign() > 0 {
			b.Sig = sig(m.Sig)
		}
		if m.Received != nil && m.Received.Sign() > 0 && !m.ReceivedSig.IsZero() {
			b.ReceivedSig = sig(m.ReceivedSig)
		}
	default:
		return nil, fmt.Errorf("wire: encode: %w: %T", ErrUnknownType, m)
	}
	raw, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("wire: encode %s: %w", typ, err)
	}
	v := Version
	out, err := json.Marshal(envelope{V: &v, Type: &typ, Body: raw})
	if err != nil {
		return nil, fmt.Errorf("wire: encode %s: %w", typ, err)
	}
	// Validate by decoding: one definition of what is valid.
	if _, err := Decode(out); err != nil {
		return nil, fmt.Errorf("wire: encode: %w", err)
	}
	return out, nil
}

// Decode parses and validates one message. A "payments" message is
// refused with ErrBatch: DecodeAll returns its payments.
func Decode(data []byte) (channel.Message, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("wire: %w: %d bytes, limit %d", ErrTooLarge, len(data), MaxSize)
	}
	env, err := decodeEnvelope(data)
	if err != nil {
		return nil, err
	}
	if *env.Type == TypePayments {
		return nil, fmt.Errorf("wire: %s: %w", TypePayments, ErrBatch)
	}
	return env.message()
}

// decodeEnvelope parses the envelope and checks its version and that it
// names a type.
func decodeEnvelope(data []byte) (envelope, error) {
	var env envelope
	if err := DecodeStrict(data, &env); err != nil {
		return env, fmt.Errorf("wire: envelope: %w", err)
	}
	if env.V == nil {
		return env, fmt.Errorf("wire: %w: v", ErrMissingField)
	}
	if *env.V != Version {
		return env, fmt.Errorf("wire: %w: v=%d, want %d", ErrVersion, *env.V, Version)
	}
	if env.Type == nil {
		return env, fmt.Errorf("wire: %w: type", ErrMissingField)
	}
	return env, nil
}

// message decodes the body of a single message.
func (env envelope) message() (channel.Message, error) {
	typ := *env.Type
	want, ok := fields[typ]
	if !ok {
		return nil, fmt.Errorf("wire: %w: %q", ErrUnknownType, typ)
	}
	if env.Body == nil || bytes.Equal(env.Body, []byte("null")) {
		return nil, fmt.Errorf("wire: %s: %w: body", typ, ErrMissingField)
	}
	var b body
	if err := DecodeStrict(env.Body, &b); err != nil {
		return nil, fmt.Errorf("wire: %s body: %w", typ, err)
	}
	m, err := b.message(typ, want)
	if err != nil {
		return nil, fmt.Errorf("wire: %s: %w", typ, err)
	}
	return m, nil
}

// DecodeStrict decodes exactly one JSON object into v, rejecting unknown
// fields and trailing data, with errors that wrap ErrUnknownField,
// ErrInvalidField or ErrSyntax. Other strict codecs of the project (the
// watchtower's replies) share it.
func DecodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return fmt.Errorf("%w: %s", ErrUnknownField, f)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "" {
			return fmt.Errorf("%w: want a JSON object, got %s", ErrSyntax, te.Value)
		}
		if errors.As(err, &te) {
			return fmt.Errorf("%w: %s: %v", ErrInvalidField, te.Field, err)
		}
		return fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if rest := bytes.TrimSpace(data[dec.InputOffset():]); len(rest) > 0 {
		return fmt.Errorf("%w: data after the JSON object", ErrSyntax)
	}
	return nil
}

func (b *body) message(typ string, want []string) (channel.Message, error) {
	have := b.present()
	wantSet := map[string]bool{}
	for _, f := range want {
		wantSet[f] = true
		if !have[f] {
			return nil, fmt.Errorf("%w: %s", ErrMissingField, f)
		}
	}
	if typ == TypeSync {
		wantSet["sig"], wantSet["receivedSig"] = true, true
	}
	for _, f := range []string{"chainId", "contract", "channel", "paid", "received", "alicePaid", "bobPaid", "sig", "receivedSig"} {
		if have[f] && !wantSet[f] {
			return nil, fmt.Errorf("%w: %s (not part of %s)", ErrUnknownField, f, typ)
		}
	}
	id, err := b.id()
	if err != nil {
		return nil, err
	}
	switch typ {
	case TypePayment:
		paid, err := amount("paid", *b.Paid)
		if err != nil {
			return nil, err
		}
		if paid.Sign() == 0 {
			return nil, fmt.Errorf("%w: paid: a payment total must be positive", ErrInvalidField)
		}
		s, err := signature("sig", *b.Sig)
		if err != nil {
			return nil, err
		}
		return channel.Payment{ID: id, Paid: paid, Sig: s}, nil
	case TypeAck:
		r, err := amount("received", *b.Received)
		if err != nil {
			return nil, err
		}
		return channel.Ack{ID: id, Received: r}, nil
	case TypeCloseProposal, TypeCloseSignature:
		a, err := amount("alicePaid", *b.AlicePaid)
		if err != nil {
			return nil, err
		}
		bb, err := amount("bobPaid", *b.BobPaid)
		if err != nil {
			return nil, err
		}
		s, err := signature("sig", *b.Sig)
		if err != nil {
			return nil, err
		}
		if typ == TypeCloseProposal {
			return channel.CloseProposal{ID: id, AlicePaid: a, BobPaid: bb, Sig: s}, nil
		}
		return channel.CloseSignature{ID: id, AlicePaid: a, BobPaid: bb, Sig: s}, nil
	default: // TypeSync
		paid, err := amount("paid", *b.Paid)
		if err != nil {
			return nil, err
		}
		r, err := amount("received", *b.Received)
		if err != nil {
			return nil, err
		}
		var s channel.Signature
		switch {
		case paid.Sign() > 0 && b.Sig == nil:
			return nil, fmt.Errorf("%w: sig (required when paid > 0)", ErrMissingField)
		case paid.Sign() == 0 && b.Sig != nil:
			return nil, fmt.Errorf("%w: sig (must be absent when paid is 0)", ErrInvalidField)
		case b.Sig != nil:
			if s, err = signature("sig", *b.Sig); err != nil {
				return nil, err
			}
		}
		var rs channel.Signature
		switch {
		case r.Sign() == 0 && b.ReceivedSig != nil:
			return nil, fmt.Errorf("%w: receivedSig (must be absent when received is 0)", ErrInvalidField)
		case b.ReceivedSig != nil:
			if rs, err = signature("receivedSig", *b.ReceivedSig); err != nil {
				return nil, err
			}
		}
		return channel.Sync{ID: id, Paid: paid, Sig: s, Received: r, ReceivedSig: rs}, nil
	}
}

var (
	maxU256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
)

func (b *body) id() (channel.ID, error) {
	if *b.ChainID == 0 {
		return channel.ID{}, fmt.Errorf("%w: chainId must be positive", ErrInvalidField)
	}
	if *b.Channel == 0 {
		return channel.ID{}, fmt.Errorf("%w: channel ids start at 1", ErrInvalidField)
	}
	c := *b.Contract
	if !IsAddress(c) {
		return channel.ID{}, fmt.Errorf("%w: contract %q: want 0x and 40 hex digits", ErrInvalidField, clip(c))
	}
	a := common.HexToAddress(c)
	h := c[2:]
	if h != strings.ToLower(h) && h != strings.ToUpper(h) && a.Hex() != c {
		return channel.ID{}, fmt.Errorf("%w: contract %q: wrong EIP-55 checksum", ErrInvalidField, c)
	}
	if a == (common.Address{}) {
		return channel.ID{}, fmt.Errorf("%w: contract is the zero address", ErrInvalidField)
	}
	return channel.ID{Domain: channel.Domain{ChainID: *b.ChainID, Contract: a}, Channel: *b.Channel}, nil
}

func amount(name, s string) (*big.Int, error) {
	if !IsAmount(s) {
		return nil, fmt.Errorf("%w: %s %q: want a decimal integer without sign or leading zeros", ErrInvalidField, name, clip(s))
	}
	v, _ := new(big.Int).SetString(s, 10)
	if v.Cmp(maxU256) > 0 {
		return nil, fmt.Errorf("%w: %s exceeds uint256", ErrInvalidField, name)
	}
	return v, nil
}

func signature(name, s string) (channel.Signature, error) {
	if !strings.HasPrefix(s, "0x") || len(s) != 132 {
		return channel.Signature{}, fmt.Errorf("%w: %s: want 0x and 130 hex digits", ErrInvalidField, name)
	}
	var sig channel.Signature
	if _, err := hex.Decode(sig[:], []byte(s[2:])); err != nil {
		return channel.Signature{}, fmt.Errorf("%w: %s: not hex", ErrInvalidField, name)
	}
	if err := sig.Check(); err != nil {
		return channel.Signature{}, fmt.Errorf("%w: %s: %w", ErrInvalidField, name, err)
	}
	return sig, nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
