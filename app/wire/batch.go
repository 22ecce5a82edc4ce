package wire

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
)

// A run of payments on one channel travels as one message of type
// "payments" (one relay message, so one seal and one open, instead of one
// per payment):
//
//	payments  {chainId, contract, channel, payments: [{paid, sig}, ...]}
//
// with at least one entry, totals strictly increasing and positive, each
// signature a Payment signature as in a "payment" message, and the whole
// message at most MaxBatchSize bytes. It carries exactly the Payments it
// lists: the payee verifies and applies each one, in order, as if each had
// come alone (DecodeAll returns them as channel.Payment values). Decode
// refuses it (ErrBatch): only DecodeAll returns several messages.

// TypePayments is the type of a batch of payments on one channel.
const TypePayments = "payments"

// MaxBatchSize is the largest encoded "payments" message, in bytes: the
// largest plaintext a sealed relay message carries (seal.MaxPlaintext).
// Other types stay within MaxSize.
const MaxBatchSize = 4096

// ErrBatch is Decode's error for a "payments" message: use DecodeAll.
var ErrBatch = errors.New("a batch of payments (use DecodeAll)")

type batchEntry struct {
	Paid *string `json:"paid"`
	Sig  *string `json:"sig"`
}

// EncodeAll encodes msgs in order for sending to one peer: each run of two
// or more consecutive Payments on the same channel with increasing totals
// becomes as few "payments" messages as fit in MaxBatchSize, in order;
// every other message is Encode's. The payee's DecodeAll of the results, in
// order, gives back msgs.
func EncodeAll(msgs []channel.Message) ([][]byte, error) {
	var out [][]byte
	for i := 0; i < len(msgs); {
		j := i + 1
		if p, ok := msgs[i].(channel.Payment); ok {
			last := p.Paid
			for j < len(msgs) {
				q, ok := msgs[j].(channel.Payment)
				if !ok || q.ID != p.ID || q.Paid == nil || last == nil || q.Paid.Cmp(last) <= 0 {
					break
				}
				last = q.Paid
				j++
			}
		}
		if j-i == 1 {
			b, err := Encode(msgs[i])
			if err != nil {
				return nil, err
			}
			out = append(out, b)
			i = j
			continue
		}
		run := make([]channel.Payment, j-i)
		for k := range run {
			run[k] = msgs[i+k].(channel.Payment)
		}
		bs, err := encodePayments(run)
		if err != nil {
			return nil, err
		}
		out = append(out, bs...)
		i = j
	}
	return out, nil
}

// encodePayments packs payments of one channel with increasing totals into
// "payments" messages of at most MaxBatchSize bytes (a lone payment left
// for the last message goes as a "payment"). It checks each value as
// Decode does.
func encodePayments(ps []channel.Payment) ([][]byte, error) {
	id := ps[0].ID
	if id.ChainID == 0 || id.Channel == 0 || id.Contract == (common.Address{}) {
		return nil, fmt.Errorf("wire: encode %s: %w: channel %s", TypePayments, ErrInvalidField, id)
	}
	head := fmt.Appendf(nil, `{"v":%d,"type":%q,"body":{"chainId":%d,"contract":%q,"channel":%d,"payments":[`,
		Version, TypePayments, id.ChainID, id.Contract.Hex(), id.Channel)
	const tail = `]}}`
	var (
		out   [][]byte
		cur   []byte // the message being filled
		n     int    // entries in cur
		prev  channel.Payment
		entry []byte
	)
	emit := func() error {
		switch {
		case n == 1:
			b, err := Encode(prev)
			if err != nil {
				return err
			}
			out = append(out, b)
		case n > 1:
			out = append(out, append(cur, tail...))
		}
		cur, n = nil, 0
		return nil
	}
	for _, p := range ps {
		if err := checkPayment(p); err != nil {
			return nil, fmt.Errorf("wire: encode %s: %w", TypePayments, err)
		}
		entry = append(entry[:0], `{"paid":"`...)
		entry = p.Paid.Append(entry, 10)
		entry = append(entry, `","sig":"0x`...)
		entry = appendHex(entry, p.Sig[:])
		entry = append(entry, `"}`...)
		if n > 0 && len(cur)+1+len(entry)+len(tail) > MaxBatchSize {
			if err := emit(); err != nil {
				return nil, err
			}
		}
		if n == 0 {
			cur = append(make([]byte, 0, MaxBatchSize), head...)
		} else {
			cur = append(cur, ',')
		}
		cur = append(cur, entry...)
		n++
		prev = p
	}
	if err := emit(); err != nil {
		return nil, err
	}
	return out, nil
}

// checkPayment checks what Decode checks of one payment entry.
func checkPayment(p channel.Payment) error {
	if p.Paid == nil || p.Paid.Sign() <= 0 {
		return fmt.Errorf("%w: paid: a payment total must be positive", ErrInvalidField)
	}
	if p.Paid.Cmp(maxU256) > 0 {
		return fmt.Errorf("%w: paid exceeds uint256", ErrInvalidField)
	}
	if err := p.Sig.Check(); err != nil {
		return fmt.Errorf("%w: sig: %w", ErrInvalidField, err)
	}
	return nil
}

const hexDigits = "0123456789abcdef"

func appendHex(dst, src []byte) []byte {
	for _, c := range src {
		dst = append(dst, hexDigits[c>>4], hexDigits[c&15])
	}
	return dst
}

// DecodeAll parses and validates one message as Decode does, and also a
// "payments" message (at most MaxBatchSize bytes), which it returns as its
// Payments in order.
func DecodeAll(data []byte) ([]channel.Message, error) {
	if len(data) > MaxBatchSize {
		return nil, fmt.Errorf("wire: %w: %d bytes, limit %d", ErrTooLarge, len(data), MaxBatchSize)
	}
	env, err := decodeEnvelope(data)
	if err != nil {
		return nil, err
	}
	if *env.Type != TypePayments {
		if len(data) > MaxSize {
			return nil, fmt.Errorf("wire: %w: %d bytes, limit %d", ErrTooLarge, len(data), MaxSize)
		}
		m, err := env.message()
		if err != nil {
			return nil, err
		}
		return []channel.Message{m}, nil
	}
	if env.Body == nil || bytes.Equal(env.Body, []byte("null")) {
		return nil, fmt.Errorf("wire: %s: %w: body", TypePayments, ErrMissingField)
	}
	var b batchBody
	if err := DecodeStrict(env.Body, &b); err != nil {
		return nil, fmt.Errorf("wire: %s body: %w", TypePayments, err)
	}
	msgs, err := b.messages()
	if err != nil {
		return nil, fmt.Errorf("wire: %s: %w", TypePayments, err)
	}
	return msgs, nil
}

// batchBody is the body of a "payments" message.
type batchBody struct {
	ChainID  *uint64       `json:"chainId"`
	Contract *string       `json:"contract"`
	Channel  *uint64       `json:"channel"`
	Payments *[]batchEntry `json:"payments"`
}

func (b *batchBody) messages() ([]channel.Message, error) {
	for _, f := range []struct {
		name string
		ok   bool
	}{{"chainId", b.ChainID != nil}, {"contract", b.Contract != nil}, {"channel", b.Channel != nil}, {"payments", b.Payments != nil}} {
		if !f.ok {
			return nil, fmt.Errorf("%w: %s", ErrMissingField, f.name)
		}
	}
	id, err := (&body{ChainID: b.ChainID, Contract: b.Contract, Channel: b.Channel}).id()
	if err != nil {
		return nil, err
	}
	ps := *b.Payments
	if len(ps) == 0 {
		return nil, fmt.Errorf("%w: payments: empty", ErrInvalidField)
	}
	out := make([]channel.Message, len(ps))
	var last *big.Int
	for k, e := range ps {
		name := "payments[" + strconv.Itoa(k) + "]"
		if e.Paid == nil {
			return nil, fmt.Errorf("%w: %s.paid", ErrMissingField, name)
		}
		if e.Sig == nil {
			return nil, fmt.Errorf("%w: %s.sig", ErrMissingField, name)
		}
		paid, err := amount(name+".paid", *e.Paid)
		if err != nil {
			return nil, err
		}
		if paid.Sign() == 0 {
			return nil, fmt.Errorf("%w: %s.paid: a payment total must be positive", ErrInvalidField, name)
		}
		if last != nil && paid.Cmp(last) <= 0 {
			return nil, fmt.Errorf("%w: %s.paid: totals must increase", ErrInvalidField, name)
		}
		s, err := signature(name+".sig", *e.Sig)
		if err != nil {
			return nil, err
		}
		last = paid
		out[k] = channel.Payment{ID: id, Paid: paid, Sig: s}
	}
	return out, nil
}
