package relay_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"paychan/app/relayproto"
	"paychan/server/relay"
)

// TestMalformedFrames sends bad frames to a logged-in connection: each gets
// an error frame with the right code, and the connection goes on.
func TestMalformedFrames(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustRelay(t, st, relay.Limits{MaxPayloadBytes: 1 << 10})
	bob := addrOf(Bob).Hex()
	tests := []struct {
		name  string
		frame string
		code  string
		id    string
	}{
		{"not JSON", `hello`, relayproto.CodeBadFrame, ""},
		{"empty", ``, relayproto.CodeBadFrame, ""},
		{"JSON array", `[1,2]`, relayproto.CodeBadFrame, ""},
		{"truncated", `{"v":1,"type":"send"`, relayproto.CodeBadFrame, ""},
		{"trailing data", `{"v":1,"type":"ack","seq":1} {}`, relayproto.CodeBadFrame, ""},
		{"unknown field", `{"v":1,"type":"ack","seq":1,"evil":true}`, relayproto.CodeBadFrame, ""},
		{"no version", `{"type":"ack","seq":1}`, relayproto.CodeUnsupported, ""},
		{"version 2", `{"v":2,"type":"send","to":"` + bob + `","id":"v2"}`, relayproto.CodeUnsupported, "v2"},
		{"unknown type", `{"v":1,"type":"subscribe","id":"s1"}`, relayproto.CodeUnsupported, "s1"},
		{"send without to", `{"v":1,"type":"send","id":"m1","payload":"aGk="}`, relayproto.CodeBadFrame, "m1"},
		{"send without id", `{"v":1,"type":"send","to":"` + bob + `"}`, relayproto.CodeBadFrame, ""},
		{"send bad address", `{"v":1,"type":"send","to":"0x1234","id":"m2"}`, relayproto.CodeBadFrame, ""},
		{"send zero address", `{"v":1,"type":"send","to":"0x0000000000000000000000000000000000000000","id":"m3"}`, relayproto.CodeBadFrame, "m3"},
		{"send bad base64", `{"v":1,"type":"send","to":"` + bob + `","id":"m4","payload":"!!"}`, relayproto.CodeBadFrame, ""},
		{"send bad id", `{"v":1,"type":"send","to":"` + bob + `","id":"has space"}`, relayproto.CodeBadFrame, ""},
		{"send long id", `{"v":1,"type":"send","to":"` + bob + `","id":"` + strings.Repeat("a", 65) + `"}`, relayproto.CodeBadFrame, ""},
		{"send with seq", `{"v":1,"type":"send","to":"` + bob + `","id":"m5","seq":3}`, relayproto.CodeBadFrame, "m5"},
		{"payload too large", `{"v":1,"type":"send","to":"` + bob + `","id":"m6","payload":"` + strings.Repeat("QUFB", 400) + `"}`, relayproto.CodeTooLarge, "m6"},
		{"ack without seq", `{"v":1,"type":"ack"}`, relayproto.CodeBadFrame, ""},
		{"ack negative seq", `{"v":1,"type":"ack","seq":-1}`, relayproto.CodeBadFrame, ""},
		{"ack unknown seq", `{"v":1,"type":"ack","seq":99}`, relayproto.CodeUnknownSeq, ""},
		{"server frame", `{"v":1,"type":"deliver","from":"` + bob + `","seq":1}`, relayproto.CodeBadFrame, ""},
		{"second auth", `{"v":1,"type":"auth","challenge":"0x` + strings.Repeat("00", 32) + `","address":"` + bob + `","signature":"0x` + strings.Repeat("00", 65) + `"}`, relayproto.CodeBadFrame, ""},
		{"huge number", `{"v":1,"type":"ack","seq":1e400}`, relayproto.CodeBadFrame, ""},
		{"long unknown field", `{"v":1,"type":"ack","seq":1,"` + strings.Repeat("x", 1500) + `":1}`, relayproto.CodeBadFrame, ""},
		{"long unknown type", `{"v":1,"type":"` + strings.Repeat("x", 1500) + `"}`, relayproto.CodeUnsupported, ""},
	}
	c := mustRaw(t, r.url)
	c.login(Alice)
	for _, tt := range tests {
		c.writeRaw(tt.frame)
		f := c.mustRead(relayproto.TypeError)
		if f.Code != tt.code || f.ID != tt.id {
			t.Errorf("%s: frame %.60q: error %s id %q (%s); want %s id %q", tt.name, tt.frame, f.Code, f.ID, f.Message, tt.code, tt.id)
		}
		if f.Message == "" {
			t.Errorf("%s: error frame without a message", tt.name)
		}
		// The client's strict decoder accepts the error frame.
		if b, _ := relayproto.Encode(f); true {
			if _, err := relayproto.Decode(b, 1<<16); err != nil {
				t.Errorf("%s: the error frame does not decode: %v", tt.name, err)
			}
		}
		// A good frame still works in between (and resets the bad count).
		c.writeRaw(`{"v":1,"type":"send","to":"` + bob + `","id":"good","payload":""}`)
		c.mustRead(relayproto.TypeStored)
	}

	t.Run("binary message", func(t *testing.T) {
		c := mustRaw(t, r.url)
		c.login(Alice)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := c.ws.Write(ctx, websocket.MessageBinary, []byte(`{"v":1}`)); err != nil {
			t.Fatal(err)
		}
		if f := c.mustRead(relayproto.TypeError); f.Code != relayproto.CodeBadFrame {
			t.Errorf("binary message: %+v; want %s", f, relayproto.CodeBadFrame)
		}
	})

	t.Run("too many bad frames in a row", func(t *testing.T) {
		c := mustRaw(t, r.url)
		c.login(Alice)
		for range relay.DefaultLimits().MaxBadFrames {
			c.writeRaw(`nonsense`)
		}
		var last relayproto.Frame
		for {
			f, err := c.readFrame()
			if err != nil {
				if websocket.CloseStatus(err) != websocket.StatusPolicyViolation {
					t.Errorf("read err = %v; want close status %d", err, websocket.StatusPolicyViolation)
				}
				break
			}
			last = f
		}
		if last.Code != relayproto.CodeTooManyErrors {
			t.Errorf("last frame %+v; want %s", last, relayproto.CodeTooManyErrors)
		}
	})
}
