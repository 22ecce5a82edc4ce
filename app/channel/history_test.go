package channel

import (
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"
)

// History's own encoding is byte for byte encoding/json's of the same
// []Entry (the stored format), for amounts nil, zero, negative and huge,
// times in several zones and with clock readings, and Recovered entries.
func TestHistoryJSONAsReflection(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	amount := func() *big.Int {
		switch rng.IntN(5) {
		case 0:
			return nil
		case 1:
			return new(big.Int)
		case 2:
			return big.NewInt(-rng.Int64())
		}
		v := new(big.Int).Lsh(big.NewInt(rng.Int64()), uint(rng.IntN(200)))
		return v
	}
	zones := []*time.Location{time.UTC, time.Local, time.FixedZone("", 3600+1800), time.FixedZone("X", -7*3600)}
	for round := 0; round < 200; round++ {
		var h History
		if round%17 != 0 {
			h = History{}
		}
		for i := rng.IntN(12); i > 0; i-- {
			at := time.Unix(rng.Int64N(1<<34), rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))])
			if rng.IntN(4) == 0 {
				at = time.Now()
			}
			h = append(h, Entry{Dir: Direction(rng.IntN(3)), Amount: amount(), Total: amount(), At: at, Recovered: rng.IntN(3) == 0})
		}
		want, err := json.Marshal([]Entry(h))
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("History encodes\n%s\nencoding/json encodes\n%s", got, want)
		}
		var back History
		if err := json.Unmarshal(got, &back); err != nil || len(back) != len(h) {
			t.Fatalf("decoding %s: %d entries, %v", got, len(back), err)
		}
		// A whole state: State.JSON is json.Marshal.
		s := State{Role: Bob, Sent: amount(), Received: big.NewInt(int64(round)), ClosesAt: uint64(round), History: h}
		if round%3 == 0 {
			s.Close = &CloseOffer{}
		}
		want, err = json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got, err = s.JSON(); err != nil || string(got) != string(want) {
			t.Fatalf("State.JSON = %s, %v\njson.Marshal = %s", got, err, want)
		}
	}
	if _, err := (State{History: History{{At: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}}}).JSON(); err == nil {
		t.Error("State.JSON encoded a year -1 time")
	}
	// A time encoding/json refuses is refused.
	if _, err := json.Marshal(History{{At: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}); err == nil {
		t.Error("a year 10000 time was encoded")
	}
	// In a State, an empty history is left out as before.
	b, err := json.Marshal(State{History: History{}})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["history"]; ok {
		t.Errorf("an empty history is written: %s", b)
	}
}
