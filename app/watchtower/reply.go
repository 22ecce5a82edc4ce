package watchtower

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
	"paychan/app/wire"
)

// Version is the reply envelope version this package writes and reads.
const Version = 1

// MaxReplySize is the largest encoded reply DecodeReply accepts, in bytes.
const MaxReplySize = 4096

// Reply type names (the envelope's "type").
const (
	TypeAccepted = "watchAccepted"
	TypeRefused  = "watchRefused"
)

// Refusal codes (Refused.Code). A wallet shows Message; it may act on Code.
const (
	// CodeBadMessage: the payload is not a valid app/wire payment message.
	CodeBadMessage = "bad_message"
	// CodeWrongDomain: the payment names another chain or contract.
	CodeWrongDomain = "wrong_domain"
	// CodeUnknownChannel: no such channel on the contract.
	CodeUnknownChannel = "unknown_channel"
	// CodeChannelClosed: the channel is Closed; its totals are final.
	CodeChannelClosed = "channel_closed"
	// CodeTooLate: the channel is Closing and no block is left for a claim.
	CodeTooLate = "too_late"
	// CodeBadSignature: the signature is malformed or not by a party of
	// this channel over this total (e.g. another channel's signature).
	CodeBadSignature = "bad_signature"
	// CodeNotBeneficiary: the sender is not the party the payment pays.
	CodeNotBeneficiary = "not_beneficiary"
	// CodeTooLarge: the total exceeds the contract's maximum.
	CodeTooLarge = "too_large"
	// CodeTotalLower: a higher total is already held (Held says which).
	CodeTotalLower = "total_lower"
	// CodeTotalEqual: this total is already held: the sender IS protected
	// for it (a resent hand-off gets this answer).
	CodeTotalEqual = "total_equal"
	// CodeTotalOnChain: the channel is Closing and the chain already holds
	// at least this total (Held says how much).
	CodeTotalOnChain = "total_on_chain"
	// CodeUnfunded: the watchtower's account cannot pay for a claim.
	CodeUnfunded = "unfunded"
	// CodeLimit: the watchtower holds as many payments as it takes from
	// this sender, or in all (a new channel direction is not taken).
	CodeLimit = "limit_reached"
	// CodeAlreadyClaimed: the watchtower already submitted its one claim
	// for this channel direction (Held says which total): it claims once,
	// so a higher total is not taken; the wallet claims it itself.
	CodeAlreadyClaimed = "already_claimed"
	// CodeUnsupportedAsset: the channel holds an ERC-20 token the
	// watchtower has no price for (the worth-the-gas rule needs it; the
	// operator sets prices with PriceFlag).
	CodeUnsupportedAsset = "unsupported_asset"
)

// Answered reports whether a watchtower replies to a hand-off refused with
// code. It stays silent (no reply: a reply would be free amplification) when
// the hand-off is not an authentic one from the beneficiary of a channel on
// chain: bad_message, wrong_domain, unknown_channel, bad_signature,
// not_beneficiary and too_large. Every other outcome is answered.
func Answered(code string) bool {
	switch code {
	case CodeBadMessage, CodeWrongDomain, CodeUnknownChannel, CodeBadSignature, CodeNotBeneficiary, CodeTooLarge:
		return false
	}
	return true
}

// Reply is a watchtower's answer to a hand-off: *Accepted or *Refused.
type Reply interface {
	// RefID is the relay message id of the hand-off this reply answers.
	RefID() string
	isReply()
}

// Accepted says the watchtower stored the payment: it will claim Paid for
// the owner if the channel closes with a lower total for Payer.
type Accepted struct {
	// Ref is the relay message id of the hand-off (relayclient.Message.ID).
	Ref string
	// ID is the channel; Payer the payer's signer; Paid the total held.
	ID    channel.ID
	Payer common.Address
	Paid  *big.Int
	// Status is the channel's status at Block: Open or Closing.
	Status channel.Status
	// ClosesAt is the block at which the channel closes (0 while Open).
	ClosesAt uint64
	// Block is the head block when the payment was stored.
	Block uint64
	// ProtectedUntil is 0 while Open (protected while it stays open and
	// through any finalization period) and closesAt-1 while Closing (the
	// last block a claim can be mined in); see [ProtectedUntil].
	ProtectedUntil uint64
}

// Refused says the watchtower stored nothing, and why.
type Refused struct {
	// Ref is the relay message id of the hand-off.
	Ref string
	// Code is one of the Code constants (a decoder accepts any
	// lower_snake_case code, for forward compatibility).
	Code string
	// Message explains the refusal in plain words.
	Message string
	// ID and Paid are the hand-off's channel and total, when it could be
	// decoded (nil otherwise).
	ID   *channel.ID
	Paid *big.Int
	// Held is the total already held (total_lower, total_equal) or proven on
	// chain (total_on_chain); nil otherwise.
	Held *big.Int
}

// RefID implements Reply.
func (a *Accepted) RefID() string { return a.Ref }

// RefID implements Reply.
func (r *Refused) RefID() string { return r.Ref }
func (*Accepted) isReply()       {}
func (*Refused) isReply()        {}

// Error returns "watchtower refused (<code>): <message>".
func (r *Refused) Error() string { return "watchtower refused (" + r.Code + "): " + r.Message }

// RefusalCode returns the Code of a *Refused in err's chain, or "".
func RefusalCode(err error) string {
	var r *Refused
	if errors.As(err, &r) {
		return r.Code
	}
	return ""
}

// Decoding errors; each is wrapped with the detail.
var (
	ErrTooLarge     = errors.New("reply too large")
	ErrSyntax       = wire.ErrSyntax
	ErrVersion      = errors.New("unsupported version")
	ErrUnknownType  = errors.New("unknown reply type")
	ErrUnknownField = wire.ErrUnknownField
	ErrMissingField = errors.New("missing field")
	ErrInvalidField = wire.ErrInvalidField
)

type envelope struct {
	V    *int            `json:"v"`
	Type *string         `json:"type"`
	Body json.RawMessage `json:"body"`
}

// body is the union of both bodies; pointers tell missing from zero.
type body struct {
	Ref            *string `json:"ref,omitempty"`
	ChainID        *uint64 `json:"chainId,omitempty"`
	Contract       *string `json:"contract,omitempty"`
	Channel        *uint64 `json:"channel,omitempty"`
	Payer          *string `json:"payer,omitempty"`
	Paid           *string `json:"paid,omitempty"`
	Status         *string `json:"status,omitempty"`
	ClosesAt       *uint64 `json:"closesAt,omitempty"`
	Block          *uint64 `json:"block,omitempty"`
	ProtectedUntil *uint64 `json:"protectedUntil,omitempty"`
	Code           *string `json:"code,omitempty"`
	Message        *string `json:"message,omitempty"`
	Held           *string `json:"held,omitempty"`
}

// allFields in a fixed order, with their presence.
func (b *body) present() []struct {
	name string
	ok   bool
} {
	return []struct {
		name string
		ok   bool
	}{
		{"ref", b.Ref != nil}, {"chainId", b.ChainID != nil}, {"contract", b.Contract != nil},
		{"channel", b.Channel != nil}, {"payer", b.Payer != nil}, {"paid", b.Paid != nil},
		{"status", b.Status != nil}, {"closesAt", b.ClosesAt != nil}, {"block", b.Block != nil},
		{"protectedUntil", b.ProtectedUntil != nil}, {"code", b.Code != nil},
		{"message", b.Message != nil}, {"held", b.Held != nil},
	}
}

// Fields required and allowed per type.
var spec = map[string]struct{ required, allowed string }{
	TypeAccepted: {
		"ref chainId contract channel payer paid status closesAt block protectedUntil",
		"ref chainId contract channel payer paid status closesAt block protectedUntil",
	},
	TypeRefused: {"ref code message", "ref code message chainId contract channel paid held"},
}

var (
	maxU256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
)

// MaxMessageLen is the longest Refused.Message, in bytes.
const MaxMessageLen = 1024

// EncodeReply returns the JSON form of r:
//
//	{"v":1,"type":"watchAccepted","body":{"ref","chainId","contract","channel","payer","paid","status","closesAt","block","protectedUntil"}}
//	{"v":1,"type":"watchRefused","body":{"ref","code","message"[,"chainId","contract","channel"][,"paid"][,"held"]}}
//
// It fails on a reply DecodeReply would reject (a Refused message longer
// than MaxMessageLen is cut).
func EncodeReply(r Reply) ([]byte, error) {
	var typ string
	var b body
	str := func(s string) *string { return &s }
	u64 := func(v uint64) *uint64 { return &v }
	amt := func(v *big.Int) *string {
		if v == nil {
			return nil
		}
		return str(v.String())
	}
	setID := func(id channel.ID) {
		b.ChainID, b.Contract, b.Channel = u64(id.ChainID), str(id.Contract.Hex()), u64(id.Channel)
	}
	switch r := r.(type) {
	case *Accepted:
		typ = TypeAccepted
		b.Ref = str(r.Ref)
		setID(r.ID)
		b.Payer, b.Paid = str(r.Payer.Hex()), amt(r.Paid)
		b.Status = str(r.Status.String())
		b.ClosesAt, b.Block, b.ProtectedUntil = u64(r.ClosesAt), u64(r.Block), u64(r.ProtectedUntil)
	case *Refused:
		typ = TypeRefused
		b.Ref, b.Code = str(r.Ref), str(r.Code)
		msg := r.Message
		if len(msg) > MaxMessageLen {
			msg = strings.ToValidUTF8(msg[:MaxMessageLen-3], "") + "..."
		}
		b.Message = str(msg)
		if r.ID != nil {
			setID(*r.ID)
		}
		b.Paid, b.Held = amt(r.Paid), amt(r.Held)
	default:
		return nil, fmt.Errorf("watchtower: encode: %w: %T", ErrUnknownType, r)
	}
	raw, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("watchtower: encode %s: %w", typ, err)
	}
	v := Version
	out, err := json.Marshal(envelope{V: &v, Type: &typ, Body: raw})
	if err != nil {
		return nil, fmt.Errorf("watchtower: encode %s: %w", typ, err)
	}
	if _, err := DecodeReply(out); err != nil { // one definition of valid
		return nil, fmt.Errorf("watchtower: encode: %w", err)
	}
	return out, nil
}

// DecodeReply parses and validates one reply, strictly: at most
// MaxReplySize bytes, one JSON object, version Version, a known type, every
// required field and no field its type does not allow, and valid values.
func DecodeReply(data []byte) (Reply, error) {
	if len(data) > MaxReplySize {
		return nil, fmt.Errorf("watchtower: %w: %d bytes, limit %d", ErrTooLarge, len(data), MaxReplySize)
	}
	var env envelope
	if err := wire.DecodeStrict(data, &env); err != nil {
		return nil, fmt.Errorf("watchtower: envelope: %w", err)
	}
	if env.V == nil {
		return nil, fmt.Errorf("watchtower: %w: v", ErrMissingField)
	}
	if *env.V != Version {
		return nil, fmt.Errorf("watchtower: %w: v=%d, want %d", ErrVersion, *env.V, Version)
	}
	if env.Type == nil {
		return nil, fmt.Errorf("watchtower: %w: type", ErrMissingField)
	}
	typ := *env.Type
	sp, ok := spec[typ]
	if !ok {
		return nil, fmt.Errorf("watchtower: %w: %q", ErrUnknownType, clip(typ))
	}
	if env.Body == nil || bytes.Equal(env.Body, []byte("null")) {
		return nil, fmt.Errorf("watchtower: %s: %w: body", typ, ErrMissingField)
	}
	var b body
	if err := wire.DecodeStrict(env.Body, &b); err != nil {
		return nil, fmt.Errorf("watchtower: %s body: %w", typ, err)
	}
	r, err := b.reply(typ, sp.required, sp.allowed)
	if err != nil {
		return nil, fmt.Errorf("watchtower: %s: %w", typ, err)
	}
	return r, nil
}

func (b *body) reply(typ, required, allowed string) (Reply, error) {
	have := map[string]bool{}
	for _, f := range b.present() {
		have[f.name] = f.ok
	}
	for _, f := range strings.Fields(required) {
		if !have[f] {
			return nil, fmt.Errorf("%w: %s", ErrMissingField, f)
		}
	}
	ok := map[string]bool{}
	for _, f := range strings.Fields(allowed) {
		ok[f] = true
	}
	for _, f := range b.present() {
		if f.ok && !ok[f.name] {
			return nil, fmt.Errorf("%w: %s (not part of %s)", ErrUnknownField, f.name, typ)
		}
	}
	if !wire.IsRef(*b.Ref) {
		return nil, fmt.Errorf("%w: ref: want up to 64 characters of A-Z a-z 0-9 _ . : -", ErrInvalidField)
	}
	if typ == TypeAccepted {
		id, err := b.id()
		if err != nil {
			return nil, err
		}
		payer, err := address("payer", *b.Payer)
		if err != nil {
			return nil, err
		}
		paid, err := amount("paid", *b.Paid)
		if err != nil {
			return nil, err
		}
		if paid.Sign() == 0 {
			return nil, fmt.Errorf("%w: paid: a held total is positive", ErrInvalidField)
		}
		var st channel.Status
		switch *b.Status {
		case "open":
			st = channel.Open
			if *b.ClosesAt != 0 || *b.ProtectedUntil != 0 {
				return nil, fmt.Errorf("%w: closesAt and protectedUntil are 0 while open", ErrInvalidField)
			}
		case "closing":
			st = channel.Closing
			if *b.ClosesAt == 0 || *b.ProtectedUntil != *b.ClosesAt-1 || *b.Block >= *b.ClosesAt {
				return nil, fmt.Errorf("%w: while closing, block < closesAt and protectedUntil = closesAt-1", ErrInvalidField)
			}
		default:
			return nil, fmt.Errorf("%w: status %q: want open or closing", ErrInvalidField, clip(*b.Status))
		}
		return &Accepted{Ref: *b.Ref, ID: id, Payer: payer, Paid: paid, Status: st,
			ClosesAt: *b.ClosesAt, Block: *b.Block, ProtectedUntil: *b.ProtectedUntil}, nil
	}
	// Refused.
	if !wire.IsCode(*b.Code) {
		return nil, fmt.Errorf("%w: code %q: want lower_snake_case, up to 32 characters", ErrInvalidField, clip(*b.Code))
	}
	if len(*b.Message) == 0 || len(*b.Message) > MaxMessageLen {
		return nil, fmt.Errorf("%w: message: want 1 to %d bytes", ErrInvalidField, MaxMessageLen)
	}
	r := &Refused{Ref: *b.Ref, Code: *b.Code, Message: *b.Message}
	idParts := 0
	for _, p := range []bool{b.ChainID != nil, b.Contract != nil, b.Channel != nil} {
		if p {
			idParts++
		}
	}
	switch idParts {
	case 0:
	case 3:
		id, err := b.id()
		if err != nil {
			return nil, err
		}
		r.ID = &id
	default:
		return nil, fmt.Errorf("%w: chainId, contract and channel come together", ErrMissingField)
	}
	var err error
	if b.Paid != nil {
		if r.Paid, err = amount("paid", *b.Paid); err != nil {
			return nil, err
		}
	}
	if b.Held != nil {
		if r.Held, err = amount("held", *b.Held); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (b *body) id() (channel.ID, error) {
	if *b.ChainID == 0 {
		return channel.ID{}, fmt.Errorf("%w: chainId must be positive", ErrInvalidField)
	}
	if *b.Channel == 0 {
		return channel.ID{}, fmt.Errorf("%w: channel ids start at 1", ErrInvalidField)
	}
	c, err := address("contract", *b.Contract)
	if err != nil {
		return channel.ID{}, err
	}
	return channel.ID{Domain: channel.Domain{ChainID: *b.ChainID, Contract: c}, Channel: *b.Channel}, nil
}

// address parses a non-zero 0x address; mixed case must be EIP-55.
func address(name, s string) (common.Address, error) {
	if !wire.IsAddress(s) {
		return common.Address{}, fmt.Errorf("%w: %s %q: want 0x and 40 hex digits", ErrInvalidField, name, clip(s))
	}
	a := common.HexToAddress(s)
	if h := s[2:]; h != strings.ToLower(h) && h != strings.ToUpper(h) && a.Hex() != s {
		return common.Address{}, fmt.Errorf("%w: %s %q: wrong EIP-55 checksum", ErrInvalidField, name, s)
	}
	if a == (common.Address{}) {
		return common.Address{}, fmt.Errorf("%w: %s is the zero address", ErrInvalidField, name)
	}
	return a, nil
}

func amount(name, s string) (*big.Int, error) {
	if !wire.IsAmount(s) {
		return nil, fmt.Errorf("%w: %s %q: want a decimal integer without sign or leading zeros", ErrInvalidField, name, clip(s))
	}
	v, _ := new(big.Int).SetString(s, 10)
	if v.Cmp(maxU256) > 0 {
		return nil, fmt.Errorf("%w: %s exceeds uint256", ErrInvalidField, name)
	}
	return v, nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
