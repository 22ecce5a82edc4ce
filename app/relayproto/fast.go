package relayproto

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
)

// Fast paths of Encode and Decode for the frames as Encode writes them: no
// reflection and few allocations. Each produces exactly what encoding/json
// would (Encode: the same bytes; Decode: the same Frame), and hands anything
// it does not fully understand (escapes, non-ASCII text, case-folded or
// repeated keys, null, unusual numbers) to encoding/json, so the wire format
// and the strict decoder's answers are unchanged (FuzzFastDecode and
// FuzzFastEncode compare the two).

// appendFrame appends the JSON encoding of f, as json.Marshal writes it:
// the fields in Frame's order, the empty ones left out (omitempty).
func appendFrame(b []byte, f *Frame) []byte {
	b = append(b, `{"v":`...)
	b = strconv.AppendInt(b, int64(f.V), 10)
	b = appendField(b, `,"type":`, f.Type, true)
	b = appendField(b, `,"host":`, f.Host, false)
	b = appendField(b, `,"challenge":`, f.Challenge, false)
	b = appendAddressField(b, `,"address":`, f.Address)
	b = appendField(b, `,"signature":`, f.Signature, false)
	b = appendAddressField(b, `,"to":`, f.To)
	b = appendAddressField(b, `,"from":`, f.From)
	b = appendField(b, `,"id":`, f.ID, false)
	if len(f.Payload) != 0 {
		b = append(b, `,"payload":"`...)
		b = base64.StdEncoding.AppendEncode(b, f.Payload)
		b = append(b, '"')
	}
	if f.Seq != 0 {
		b = append(b, `,"seq":`...)
		b = strconv.AppendUint(b, f.Seq, 10)
	}
	if f.Duplicate {
		b = append(b, `,"duplicate":true`...)
	}
	b = appendField(b, `,"code":`, f.Code, false)
	b = appendField(b, `,"message":`, f.Message, false)
	return append(b, '}')
}

// appendField appends key and the string v, unless v is empty and not
// always.
func appendField(b []byte, key, v string, always bool) []byte {
	if v == "" && !always {
		return b
	}
	return appendString(append(b, key...), v)
}

// appendAddressField appends key and a, unless a is nil.
func appendAddressField(b []byte, key string, a *common.Address) []byte {
	if a == nil {
		return b
	}
	return appendAddress(append(b, key...), a)
}

// plain reports whether c stands for itself in a JSON string as
// encoding/json writes it (printable ASCII, not escaped, not HTML-escaped).
func plain(c byte) bool {
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
}

func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if !plain(s[i]) {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendAddress writes a as common.Address's MarshalText does: 0x and
// lowercase hex.
func appendAddress(b []byte, a *common.Address) []byte {
	b = append(b, `"0x`...)
	b = hex.AppendEncode(b, a[:])
	return append(b, '"')
}

// Field bits, in the order of Frame's fields.
const (
	fHost = 1 << iota
	fChallenge
	fAddress
	fSignature
	fTo
	fFrom
	fID
	fPayload
	fSeq
	fDuplicate
	fCode
	fMessage
	fV
	fType
)

// fastDecode parses data into f if it is a frame in the simple form that
// Encode writes (whitespace allowed between tokens); ok is false if it is
// not, and the caller decodes it with encoding/json instead.
func fastDecode(data []byte, f *Frame) (ok bool) {
	p := parser{b: data}
	if !p.byte('{') {
		return false
	}
	var seen int
	p.ws()
	if p.peek() == '}' {
		p.i++
	} else {
		for {
			key, ok := p.str()
			if !ok || !p.byte(':') {
				return false
			}
			p.ws()
			var bit int
			switch key {
			case "v":
				bit = fV
				n, ok := p.uint(9)
				if !ok {
					return false
				}
				f.V = int(n)
			case "type":
				bit = fType
				f.Type, ok = p.strVal()
			case "host":
				bit = fHost
				f.Host, ok = p.strVal()
			case "challenge":
				bit = fChallenge
				f.Challenge, ok = p.strVal()
			case "signature":
				bit = fSignature
				f.Signature, ok = p.strVal()
			case "id":
				bit = fID
				f.ID, ok = p.strVal()
			case "code":
				bit = fCode
				f.Code, ok = p.strVal()
			case "message":
				bit = fMessage
				f.Message, ok = p.strVal()
			case "address":
				bit = fAddress
				f.Address, ok = p.addr()
			case "to":
				bit = fTo
				f.To, ok = p.addr()
			case "from":
				bit = fFrom
				f.From, ok = p.addr()
			case "payload":
				bit = fPayload
				f.Payload, ok = p.base64()
			case "seq":
				bit = fSeq
				f.Seq, ok = p.uint(19)
			case "duplicate":
				bit = fDuplicate
				f.Duplicate, ok = p.bool()
			default:
				return false
			}
			if !ok || seen&bit != 0 {
				return false
			}
			seen |= bit
			p.ws()
			if p.peek() == ',' {
				p.i++
				p.ws()
				continue
			}
			if !p.byte('}') {
				return false
			}
			break
		}
	}
	p.ws()
	return p.i == len(p.b)
}

type parser struct {
	b []byte
	i int
}

func (p *parser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) peek() byte {
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// byte skips whitespace and then c.
func (p *parser) byte(c byte) bool {
	p.ws()
	if p.peek() != c {
		return false
	}
	p.i++
	return true
}

// raw returns the bytes of a string of printable ASCII without escapes.
func (p *parser) raw() ([]byte, bool) {
	if p.peek() != '"' {
		return nil, false
	}
	start := p.i + 1
	for j := start; j < len(p.b); j++ {
		c := p.b[j]
		if c == '"' {
			p.i = j + 1
			return p.b[start:j], true
		}
		if c < 0x20 || c >= 0x7f || c == '\\' {
			return nil, false
		}
	}
	return nil, false
}

func (p *parser) str() (string, bool) {
	b, ok := p.raw()
	return string(b), ok
}

func (p *parser) strVal() (string, bool) { return p.str() }

func (p *parser) addr() (*common.Address, bool) {
	b, ok := p.raw()
	if !ok || len(b) != 42 || b[0] != '0' || b[1] != 'x' {
		return nil, false
	}
	var a common.Address
	if _, err := hex.Decode(a[:], b[2:]); err != nil {
		return nil, false
	}
	return &a, true
}

func (p *parser) base64() ([]byte, bool) {
	b, ok := p.raw()
	if !ok {
		return nil, false
	}
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=') {
			return nil, false
		}
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(b)))
	n, err := base64.StdEncoding.Decode(out, b)
	if err != nil {
		return nil, false
	}
	return out[:n], true
}

// uint parses a JSON integer of at most digits digits (no sign, fraction
// or exponent; no leading zero).
func (p *parser) uint(digits int) (uint64, bool) {
	start := p.i
	var n uint64
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		n = n*10 + uint64(p.b[p.i]-'0')
		p.i++
	}
	l := p.i - start
	if l == 0 || l > digits || l > 1 && p.b[start] == '0' {
		return 0, false
	}
	if c := p.peek(); c == '.' || c == 'e' || c == 'E' {
		return 0, false
	}
	return n, true
}

func (p *parser) bool() (bool, bool) {
	rest := p.b[p.i:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		p.i += 4
		return true, true
	case len(rest) >= 5 && string(rest[:5]) == "false":
		p.i += 5
		return false, true
	}
	return false, false
}
