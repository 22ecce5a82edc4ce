package relayproto

import (
	"bytes"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

var fastSeeds = []string{
	`{"v":1,"type":"challenge","host":"localhost:8080","challenge":"0x` + strings.Repeat("5a", 32) + `"}`,
	`{"v":1,"type":"auth","challenge":"0x` + strings.Repeat("5a", 32) + `","address":"0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47","signature":"0x` + strings.Repeat("01", 64) + `1c"}`,
	`{"v":1,"type":"send","to":"0x6fd56e72373a34ba39bf4167af82e7a411bfed47","id":"m1","payload":"aGVsbG8="}`,
	`{"v":1,"type":"deliver","from":"0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47","seq":3,"id":"m1","payload":"aGVsbG8="}`,
	`{"v":1,"type":"ack","seq":18446744073709551615}`,
	`{"v":1,"type":"ack","seq":18446744073709551616}`,
	`{"v":1,"type":"ack","seq":0}`, `{"v":1,"type":"ack","seq":01}`, `{"v":1,"type":"ack","seq":-1}`,
	`{"v":1,"type":"ack","seq":1.0}`, `{"v":1,"type":"ack","seq":1e2}`, `{"v":1,"type":"ack","seq":null}`,
	`{"v":1,"type":"error","code":"bad_frame","message":"x <&> y","id":"m1"}`,
	`{"v":1,"type":"error","code":"bad_frame","message":"caf\u00e9 \"q\"","id":"m1"}`,
	`{"v":1,"type":"stored","id":"m1","seq":1,"duplicate":true}`,
	`{"v":1,"type":"stored","id":"m1","seq":1,"duplicate":false}`,
	`{"v":1,"type":"ready","address":"0X6Fd56E72373a34bA39Bf4167aF82e7A411BFED47"}`,
	`{"v":1,"type":"ready","address":"0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED4"}`,
	`{"v":1,"type":"send","to":"0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47","id":"m1","payload":"aGVsbG8"}`,
	`{"v":1,"type":"send","to":"0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47","id":"m1","payload":""}`,
	`{"v":1,"type":"send","to":"0x6Fd56E72373a34bA39Bf4167aF82e7A411BFED47","id":"m1","payload":"aGVs\nbG8="}`,
	` { "v" : 1 , "type" : "ack" , "seq" : 5 } `,
	`{"v":1,"type":"ack","seq":1}x`, `{"v":1,"TYPE":"ack","Seq":1}`, `{"v":1,"type":"ack","seq":1,"seq":2}`,
	`{"v":1,"type":"ack","seq":1,}`, `{,}`, `{"v":1 "type":"ack"}`,
	`[]`, `"x"`, `{}`, ``, `{"v":1e3}`, `{"v":1,"type":"ack","seq":1,"x":1}`, `{"v":2,"type":"ack","seq":1}`,
}

// FuzzFastDecode checks that the fast path of Decode gives the same frame
// and the same error as encoding/json for any input.
func FuzzFastDecode(f *testing.F) {
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, gerr := decode(data, 4096, true)
		want, werr := decode(data, 4096, false)
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gerr, werr) {
			t.Fatalf("Decode(%q):\nfast %+v, %v\njson %+v, %v", data, got, gerr, want, werr)
		}
	})
}

// FuzzFastEncode checks that Encode writes the bytes json.Marshal writes.
func FuzzFastEncode(f *testing.F) {
	f.Add("deliver", "h", "0x00", "m1", []byte("payload"), uint64(7), true, "code", "message <&> \u2028 \xff é", []byte{1, 2}, byte(3))
	f.Add("", "", "", "", []byte(nil), uint64(0), false, "", "", []byte(nil), byte(0))
	f.Fuzz(func(t *testing.T, typ, host, challenge, id string, payload []byte, seq uint64, dup bool, code, msg string, addr []byte, which byte) {
		var a common.Address
		copy(a[:], addr)
		fr := Frame{Type: typ, Host: host, Challenge: challenge, Signature: challenge + host, ID: id, Payload: payload, Seq: seq, Duplicate: dup, Code: code, Message: msg}
		if which&1 != 0 {
			fr.Address = &a
		}
		if which&2 != 0 {
			fr.To = &a
		}
		if which&4 != 0 {
			fr.From = &a
		}
		got, err := Encode(fr)
		if err != nil {
			t.Fatal(err)
		}
		want, err := encodeJSON(fr)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("Encode(%+v):\nfast %s\njson %s", fr, got, want)
		}
	})
}

func TestValidIDMatchesPattern(t *testing.T) {
	re := regexp.MustCompile(`^[A-Za-z0-9_.:-]{1,64}$`)
	for _, id := range []string{"", "a", "m-1", "a.b:c_d", strings.Repeat("x", 64), strings.Repeat("x", 65), "a b", "é", "a\n", "a/b", "\xff", "ABC09"} {
		if ValidID(id) != re.MatchString(id) {
			t.Errorf("ValidID(%q) = %v; the pattern says %v", id, ValidID(id), re.MatchString(id))
		}
	}
}

func BenchmarkDecodeDeliver(b *testing.B) {
	data := []byte(`{"v":1,"type":"deliver","from":"0x6fd56e72373a34ba39bf4167af82e7a411bfed47","seq":3,"id":"0a1b2c3d4e5f60718293a4b5","payload":"` + strings.Repeat("eHh4", 100) + `"}`)
	for b.Loop() {
		if _, err := Decode(data, 1<<20); err != nil {
			b.Fatal(err)
		}
	}
}
