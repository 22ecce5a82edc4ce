// Package relayproto defines the frames that a relay client and the relay
// server exchange over a WebSocket, their strict decoder and the text a client
// signs to log in.
//
// Every frame is one JSON object in one WebSocket text message, with a
// protocol version "v" (always [Version]) and a "type". The server opens with
// [TypeChallenge]; the client answers with [TypeAuth]; the server binds the
// connection to the recovered signer address and says [TypeReady]. After that
// the client sends [TypeSend] and [TypeAck] frames and the server sends
// [TypeStored], [TypeDeliver] and [TypeError] frames. The package does no I/O
// and builds with GOOS=js GOARCH=wasm.
package relayproto

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Version is the frame protocol version carried in every frame's "v" field.
const Version = 1

// Frame types.
const (
	TypeChallenge = "challenge" // server → client: host name and a fresh nonce
	TypeAuth      = "auth"      // client → server: address and signature of LoginText
	TypeReady     = "ready"     // server → client: the connection is bound to address
	TypeSend      = "send"      // client → server: store payload in to's mailbox
	TypeStored    = "stored"    // server → client: the send with id is durably stored
	TypeDeliver   = "deliver"   // server → client: a message from the mailbox
	TypeAck       = "ack"       // client → server: the recipient persisted seq
	TypeError     = "error"     // server → client: a request failed
	TypeLookup    = "lookup"    // client → server: the public key of address, please (id names the request)
	TypeKey       = "key"       // server → client: address's public key (payload, 33 bytes compressed), answering lookup id
)

// Error codes carried in error frames.
const (
	CodeBadFrame      = "bad_frame"            // the frame could not be decoded or is invalid
	CodeTooLarge      = "too_large"            // the frame or the payload exceeds a limit
	CodeUnsupported   = "unsupported"          // unknown protocol version or frame type
	CodeAuthFailed    = "auth_failed"          // the login signature is wrong (connection closes)
	CodeAuthTimeout   = "auth_timeout"         // no valid auth in time (connection closes)
	CodeNotAuthorized = "not_authorized"       // the frame needs a logged-in connection, or names another address
	CodeRateLimited   = "rate_limited"         // too many frames; the send was not stored, retry later
	CodeMailboxFull   = "mailbox_full"         // the recipient's mailbox is full; the send was not stored (no longer sent: see CodeQuotaExceeded)
	CodeQuotaExceeded = "quota_exceeded"       // the sender has its quota of unacknowledged messages in the recipient's mailbox; not stored
	CodeStoreFull     = "store_full"           // the relay's store is full; the send was not stored
	CodeTooManyConns  = "too_many_connections" // too many connections of one address or network address (connection closes)
	CodeUnknownSeq    = "unknown_seq"          // ack of a seq not delivered on this connection
	CodeUnavailable   = "unavailable"          // storage failed; the send was not stored, retry later
	CodeTooManyErrors = "too_many_errors"      // too many bad frames in a row (connection closes)
	CodeShutdown      = "shutdown"             // the server is closing
	CodeUnknownKey    = "unknown_key"          // lookup: the relay has never seen that address log in
	CodeNotSealed     = "not_sealed"           // send: the payload is not a sealed message (app/seal) from the sender's key; not stored
)

// KeyBytes is the length of the public key in a key frame (compressed
// secp256k1).
const KeyBytes = 33

// Default sizes.
const (
	// MaxPayloadBytes is the default largest payload a send may carry.
	MaxPayloadBytes = 64 << 10
	// MaxIDLen is the longest client message id.
	MaxIDLen = 64
	// NonceBytes is the length of a challenge nonce.
	NonceBytes = 32
)

// Frame is one protocol frame. Which fields a frame may carry depends on its
// Type (see [Frame.Validate]); the others must be absent.
type Frame struct {
	V    int    `json:"v"`
	Type string `json:"type"`

	// Host is the relay's host name (challenge).
	Host string `json:"host,omitempty"`
	// Challenge is the hex-encoded nonce, 0x-prefixed (challenge, auth).
	Challenge string `json:"challenge,omitempty"`
	// Address is the signer address that logs in (auth) or was bound (ready).
	Address *common.Address `json:"address,omitempty"`
	// Signature is the 65-byte EIP-191 signature of LoginText (auth), 0x hex.
	Signature string `json:"signature,omitempty"`

	// To is the recipient (send).
	To *common.Address `json:"to,omitempty"`
	// From is the sender (deliver).
	From *common.Address `json:"from,omitempty"`
	// ID is the client's message id (send, stored, deliver, and error when
	// the error is about a send).
	ID string `json:"id,omitempty"`
	// Payload is the opaque message, base64 in JSON (send, deliver).
	Payload []byte `json:"payload,omitempty"`
	// Seq is the message's sequence number in the relay's store: increasing
	// within a mailbox (stored, deliver, ack, and error about an ack).
	Seq uint64 `json:"seq,omitempty"`
	// Duplicate reports that a resent send was already stored (stored).
	Duplicate bool `json:"duplicate,omitempty"`

	// Code and Message describe an error (error).
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
}

// Error is a decoding or validation failure with the error code the server
// reports for it.
type Error struct {
	Code string
	Msg  string
	// ID and Seq are copied from the frame when it could be read, so that the
	// error frame can point at the request it refuses.
	ID  string
	Seq uint64
}

func (e *Error) Error() string { return e.Code + ": " + e.Msg }

func errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// ValidID reports whether id is a valid client message id: 1 to 64 characters
// from A-Z a-z 0-9 and "_.:-".
func ValidID(id string) bool {
	if len(id) == 0 || len(id) > MaxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == ':' || c == '-') {
			return false
		}
	}
	return true
}

// safeID returns id if it is a valid id, else "".
func safeID(id string) string {
	if ValidID(id) {
		return id
	}
	return ""
}

// jsonDecode decodes data with encoding/json, strictly.
func jsonDecode(data []byte) (*Frame, error) {
	f := new(Frame)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(f); err != nil {
		return nil, errorf(CodeBadFrame, "invalid JSON frame: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errorf(CodeBadFrame, "trailing data after the JSON frame")
	}
	return f, nil
}

// Decode parses one frame from data, strictly: data must be at most maxBytes
// long, hold exactly one JSON object with no unknown fields, carry version
// [Version] and pass [Frame.Validate]. Errors are of type *[Error].
func Decode(data []byte, maxBytes int) (Frame, error) {
	return decode(data, maxBytes, true)
}

// decode is Decode, with or without the fast path.
func decode(data []byte, maxBytes int, fast bool) (Frame, error) {
	var f Frame
	if len(data) > maxBytes {
		return f, errorf(CodeTooLarge, "frame of %d bytes exceeds the limit of %d", len(data), maxBytes)
	}
	if !fast || !fastDecode(data, &f) {
		// In its own function, so that only this path's frame escapes to
		// the heap (encoding/json keeps a pointer to it).
		jf, err := jsonDecode(data)
		if err != nil {
			return Frame{}, err
		}
		f = *jf
	}
	if len(f.Payload) == 0 {
		// "payload":"" and an absent payload are the same frame: Encode
		// omits an empty payload, so keep one form (nil) after decoding.
		f.Payload = nil
	}
	if f.V != Version {
		return f, &Error{Code: CodeUnsupported, Msg: "unsupported protocol version " + strconv.Itoa(f.V) + " (want " + strconv.Itoa(Version) + ")", ID: safeID(f.ID), Seq: f.Seq}
	}
	if err := f.Validate(); err != nil {
		return f, err
	}
	return f, nil
}

// Encode returns the JSON encoding of f, setting its version.
func Encode(f Frame) ([]byte, error) {
	f.V = Version
	return appendFrame(make([]byte, 0, 96+len(f.Message)+len(f.Host)+len(f.ID)+len(f.Payload)*4/3), &f), nil
}

// encodeJSON is Encode with encoding/json (the reference for appendFrame).
func encodeJSON(f Frame) ([]byte, error) {
	f.V = Version
	b, err := json.Marshal(f)
	if err != nil {
		return nil, fmt.Errorf("encode %s frame: %w", f.Type, err)
	}
	return b, nil
}

// fieldNames names the optional fields by bit, in Frame's order.
var fieldNames = [...]string{"host", "challenge", "address", "signature", "to", "from", "id", "payload", "seq", "duplicate", "code", "message"}

// fieldSpec is which optional fields a frame type must carry (required, in
// the order they are reported when missing) and may carry (allowed, a
// superset).
type fieldSpec struct {
	required []int // bits
	allowed  int
}

// fields lists the fieldSpec of each frame type.
var fields = map[string]fieldSpec{
	TypeChallenge: {[]int{fHost, fChallenge}, fHost | fChallenge},
	TypeAuth:      {[]int{fChallenge, fAddress, fSignature}, fChallenge | fAddress | fSignature},
	TypeReady:     {[]int{fAddress}, fAddress},
	TypeSend:      {[]int{fTo, fID}, fTo | fID | fPayload},
	TypeStored:    {[]int{fID, fSeq}, fID | fSeq | fDuplicate},
	TypeDeliver:   {[]int{fFrom, fSeq}, fFrom | fSeq | fID | fPayload},
	TypeAck:       {[]int{fSeq}, fSeq},
	TypeError:     {[]int{fCode, fMessage}, fCode | fMessage | fID | fSeq},
	TypeLookup:    {[]int{fID, fAddress}, fID | fAddress},
	TypeKey:       {[]int{fID, fAddress, fPayload}, fID | fAddress | fPayload},
}

// fieldName is the JSON name of an optional field's bit.
func fieldName(bit int) string {
	for i, n := range fieldNames {
		if bit == 1<<i {
			return n
		}
	}
	return ""
}

// present returns the bits of the optional fields f carries.
func (f *Frame) present() int {
	var p int
	add := func(ok bool, bit int) {
		if ok {
			p |= bit
		}
	}
	add(f.Host != "", fHost)
	add(f.Challenge != "", fChallenge)
	add(f.Address != nil, fAddress)
	add(f.Signature != "", fSignature)
	add(f.To != nil, fTo)
	add(f.From != nil, fFrom)
	add(f.ID != "", fID)
	add(f.Payload != nil, fPayload)
	add(f.Seq != 0, fSeq)
	add(f.Duplicate, fDuplicate)
	add(f.Code != "", fCode)
	add(f.Message != "", fMessage)
	return p
}

// Validate checks that f has a known type, carries every field its type
// requires and no field its type does not allow, and that the fields are well
// formed. Errors are of type *[Error].
func (f *Frame) Validate() error {
	spec, ok := fields[f.Type]
	if !ok {
		return &Error{Code: CodeUnsupported, Msg: fmt.Sprintf("unknown frame type %.64q", f.Type), ID: safeID(f.ID), Seq: f.Seq}
	}
	bad := func(format string, args ...any) error {
		e := errorf(CodeBadFrame, "%s frame: "+format, append([]any{f.Type}, args...)...)
		e.ID, e.Seq = safeID(f.ID), f.Seq
		return e
	}
	have := f.present()
	if extra := have &^ spec.allowed; extra != 0 {
		return bad("field %q is not allowed", fieldName(extra&-extra))
	}
	for _, bit := range spec.required {
		if have&bit == 0 {
			return bad("field %q is required", fieldName(bit))
		}
	}
	if f.ID != "" && !ValidID(f.ID) {
		return bad("id must be 1-64 characters of A-Z a-z 0-9 _ . : -")
	}
	if f.Challenge != "" {
		if _, err := ParseNonce(f.Challenge); err != nil {
			return bad("%v", err)
		}
	}
	if f.Signature != "" {
		if _, err := ParseSignature(f.Signature); err != nil {
			return bad("%v", err)
		}
	}
	for _, a := range []*common.Address{f.Address, f.To, f.From} {
		if a != nil && *a == (common.Address{}) {
			return bad("the zero address is not a valid address")
		}
	}
	if f.Type == TypeKey && (len(f.Payload) != KeyBytes || f.Payload[0] != 2 && f.Payload[0] != 3) {
		return bad("payload must be a %d-byte compressed public key", KeyBytes)
	}
	if len(f.Host) > 253 {
		return bad("host name too long")
	}
	if len(f.Code) > 64 || len(f.Message) > 1024 {
		return bad("error code or message too long")
	}
	return nil
}

// ParseNonce decodes a 0x-prefixed hex challenge of [NonceBytes] bytes.
func ParseNonce(s string) ([]byte, error) {
	b, err := decodeHex(s)
	if err != nil || len(b) != NonceBytes {
		return nil, fmt.Errorf("challenge must be 0x followed by %d hex bytes", NonceBytes)
	}
	return b, nil
}

// ParseSignature decodes a 0x-prefixed hex 65-byte signature [R || S || V]
// with V in {0, 1, 27, 28}, returning it with V normalised to 0 or 1.
func ParseSignature(s string) ([]byte, error) {
	b, err := decodeHex(s)
	if err != nil || len(b) != crypto.SignatureLength {
		return nil, fmt.Errorf("signature must be 0x followed by %d hex bytes", crypto.SignatureLength)
	}
	switch b[64] {
	case 0, 1:
	case 27, 28:
		b[64] -= 27
	default:
		return nil, fmt.Errorf("signature recovery id %d is not 0, 1, 27 or 28", b[64])
	}
	return b, nil
}

func decodeHex(s string) ([]byte, error) {
	if !strings.HasPrefix(s, "0x") {
		return nil, errors.New("missing 0x prefix")
	}
	return hex.DecodeString(s[2:])
}

// LoginText is the text a client signs (EIP-191 personal_sign) to log in to
// host with the challenge nonce (0x hex as in the challenge frame):
//
//	paychan relay login
//	host: <host>
//	challenge: 0x<64 hex digits>
func LoginText(host, challenge string) string {
	return "paychan relay login\nhost: " + host + "\nchallenge: " + challenge
}

// TextHash returns the EIP-191 personal_sign hash of text:
// keccak256("\x19Ethereum Signed Message:\n" + len(text) + text).
func TextHash(text []byte) []byte {
	prefix := "\x19Ethereum Signed Message:\n" + strconv.Itoa(len(text))
	return crypto.Keccak256([]byte(prefix), text)
}

// RecoverLogin returns the address that signed LoginText(host, challenge)
// with sig (0x hex, see [ParseSignature]).
func RecoverLogin(host, challenge, sig string) (common.Address, error) {
	addr, _, err := RecoverLoginKey(host, challenge, sig)
	return addr, err
}

// RecoverLoginKey is RecoverLogin that also returns the signer's public
// key, compressed ([KeyBytes]): the key a relay hands out in key frames.
func RecoverLoginKey(host, challenge, sig string) (common.Address, []byte, error) {
	b, err := ParseSignature(sig)
	if err != nil {
		return common.Address{}, nil, err
	}
	pub, err := crypto.SigToPub(TextHash([]byte(LoginText(host, challenge))), b)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("recover login signer: %w", err)
	}
	return crypto.PubkeyToAddress(*pub), crypto.CompressPubkey(pub), nil
}
