package channel

import (
	"encoding/json"
	"math/big"
	"reflect"
	"strconv"
)

// History is a channel's last payments (State.History), oldest first.
type History []Entry

// MarshalJSON writes h as encoding/json writes a []Entry, without its
// reflection: a state with a full history is written on every payment,
// and encoding/json calls the amounts' and times' own marshalers and
// checks each one's output, 300 of each for 100 payments (8 times slower
// in the browser than natively).
func (h History) MarshalJSON() ([]byte, error) {
	if h == nil {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 2+130*len(h))
	b = append(b, '[')
	for i, e := range h {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"dir":`...)
		b = strconv.AppendUint(b, uint64(e.Dir), 10)
		b = append(b, `,"amount":`...)
		b = appendBigJSON(b, e.Amount)
		b = append(b, `,"total":`...)
		b = appendBigJSON(b, e.Total)
		b = append(b, `,"at":"`...)
		var err error
		if b, err = e.At.AppendText(b); err != nil {
			return nil, err
		}
		b = append(b, '"')
		if e.Recovered {
			b = append(b, `,"recovered":true`...)
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// appendBigJSON appends x as (*big.Int).MarshalJSON writes it.
func appendBigJSON(b []byte, x *big.Int) []byte {
	switch {
	case x == nil:
		return append(b, "null"...)
	case x.IsInt64():
		return strconv.AppendInt(b, x.Int64(), 10) // no buffer of its own
	}
	return x.Append(b, 10)
}

// JSON returns json.Marshal(s), byte for byte, without encoding/json's
// check of the history's encoding (MarshalJSON's output is scanned again,
// which costs more than writing it): the history, the last field, is
// written after the rest.
func (s State) JSON() ([]byte, error) {
	h := s.History
	s.History = nil // omitted (omitempty), as an empty history is
	b, err := json.Marshal(s)
	if err != nil || len(h) == 0 {
		return b, err
	}
	hb, err := h.MarshalJSON()
	if err != nil {
		return nil, &json.MarshalerError{Type: reflect.TypeFor[History](), Err: err}
	}
	b = append(b[:len(b)-1], `,"history":`...)
	b = append(b, hb...)
	return append(b, '}'), nil
}
