package relay_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/relayclient"
	"paychan/app/relayproto"
	"paychan/app/seal"
	"paychan/server/relay"
)

var Carol = mustKey("carol")

// refusals collects relayclient.Options.OnRefused reports.
type refusals struct {
	mu   sync.Mutex
	errs []error
	ch   chan struct{}
}

func newRefusals() *refusals { return &refusals{ch: make(chan struct{}, 1)} }

func (r *refusals) add(_ relayclient.Message, err error) {
	r.mu.Lock()
	r.errs = append(r.errs, err)
	r.mu.Unlock()
	select {
	case r.ch <- struct{}{}:
	default:
	}
}

func (r *refusals) wait(tb testing.TB, n int) []error {
	tb.Helper()
	deadline := time.After(60 * time.Second)
	for {
		r.mu.Lock()
		if len(r.errs) >= n {
			out := append([]error(nil), r.errs...)
			r.mu.Unlock()
			return out
		}
		r.mu.Unlock()
		select {
		case <-r.ch:
		case <-deadline:
			tb.Fatalf("refusals: fewer than %d", n)
		}
	}
}

// encodings lists the forms a secret could be stored in.
func encodings(b []byte) [][]byte {
	out := [][]byte{b}
	h := hex.EncodeToString(b)
	for _, s := range []string{h, "0x" + h, base64.StdEncoding.EncodeToString(b), base64.URLEncoding.EncodeToString(b), base64.RawStdEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b)} {
		out = append(out, []byte(s))
	}
	return out
}

// grepDir reports the files under dir that contain any encoding of secret.
func grepDir(tb testing.TB, dir string, secret []byte) []string {
	tb.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, e := range encodings(secret) {
			if bytes.Contains(b, e) {
				hits = append(hits, path+": "+string(e))
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return hits
}

// TestSealedThroughRelay: sealed clients exchange messages through a relay
// that stores only sealed ones; the store's files never hold the plaintext;
// the recipient's key survives a restart of the relay (key directory in
// the store), so a sender reaches a recipient that is offline.
func TestSealedThroughRelay(t *testing.T) {
	dir := t.TempDir()
	st := mustStore(t, dir)
	r := mustSealedRelay(t, relay.Options{Store: st})
	bobIn := newInbox()
	bob := mustSealedClient(t, r.url, Bob, relayclient.Options{Handler: bobIn.handle})
	alice := mustSealedClient(t, r.url, Alice, relayclient.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	secret := []byte("distinctive-payload-7771234567")
	if _, err := alice.Send(ctx, addrOf(Bob), secret); err != nil {
		t.Fatalf("Alice sends: %v", err)
	}
	got := bobIn.wait(t, 1)
	if !bytes.Equal(got[0].Payload, secret) || got[0].From != addrOf(Alice) {
		t.Fatalf("Bob got %q from %s; want %q from Alice", got[0].Payload, got[0].From.Hex(), secret)
	}
	bob.Close()

	// The relay restarts on the same store; Bob is offline; Alice's new
	// client looks Bob's key up in the store's directory.
	r.Close()
	r2 := mustSealedRelay(t, relay.Options{Store: st})
	alice2 := mustSealedClient(t, r2.url, Alice, relayclient.Options{})
	if _, err := alice2.Send(ctx, addrOf(Bob), secret); err != nil {
		t.Fatalf("Alice sends to offline Bob after a relay restart: %v", err)
	}
	if hits := grepDir(t, dir, secret); len(hits) > 0 {
		t.Errorf("the relay's files hold the plaintext: %q", hits)
	}
}

// TestNotSealedRefused: the relay stores no clear payload and no sealed
// one naming another sender's key.
func TestNotSealedRefused(t *testing.T) {
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir())})
	mustSealedClient(t, r.url, Bob, relayclient.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clear := mustClient(t, r.url, Alice, relayclient.Options{})
	var re *relayclient.Error
	if _, err := clear.Send(ctx, addrOf(Bob), []byte(`{"v":1}`)); !errors.As(err, &re) || re.Code != relayproto.CodeNotSealed {
		t.Errorf("clear send = %v; want not_sealed", err)
	}
	// Mallory seals a message under Carol's key but logs in as herself.
	c, b := seal.NewKey(Carol), seal.NewKey(Bob)
	forged, err := seal.Seal(nil, c, c.Agree(b.Public()), b.Public(), seal.Context{From: addrOf(Mallory), To: addrOf(Bob), ID: "x"}, []byte("hi"))
	if err != nil {
		t.Fatal(err)
	}
	mal := mustClient(t, r.url, Mallory, relayclient.Options{})
	if _, err := mal.Send(ctx, addrOf(Bob), forged); !errors.As(err, &re) || re.Code != relayproto.CodeNotSealed {
		t.Errorf("send of another sender's sealed message = %v; want not_sealed", err)
	}
}

// lyingStore is a real store whose key directory hands out Mallory's key
// for every address: a host that tries to read its users' messages.
type lyingStore struct{ *relay.JetStreamStore }

func (lyingStore) LookupKey(context.Context, common.Address) ([]byte, bool, error) {
	return crypto.CompressPubkey(&Mallory.PublicKey), true, nil
}

// TestWrongPeerKey: a relay that hands out another key than the
// recipient's is caught: Send returns ErrWrongPeerKey with a message for the
// user, and nothing is stored.
func TestWrongPeerKey(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustSealedRelay(t, relay.Options{Store: lyingStore{st}})
	alice := mustSealedClient(t, r.url, Alice, relayclient.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := alice.Send(ctx, addrOf(Bob), []byte("payment"))
	if !errors.Is(err, relayclient.ErrWrongPeerKey) {
		t.Fatalf("Send with a wrong key from the relay = %v; want ErrWrongPeerKey", err)
	}
	if msg := relayclient.UserMessage(err); msg == "" {
		t.Errorf("UserMessage(%v) is empty", err)
	} else {
		t.Logf("the user reads: %s", msg)
	}
	// Nothing reached Bob's mailbox.
	sub, err := st.Subscribe(ctx, addrOf(Bob))
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	nctx, ncancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer ncancel()
	if e, err := sub.Next(nctx); err == nil {
		t.Errorf("Bob's mailbox holds %+v", e)
	}
	// Without any key (an address that never logged in): ErrPeerKeyUnknown.
	r2 := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir())})
	alice2 := mustSealedClient(t, r2.url, Alice, relayclient.Options{})
	if _, err := alice2.Send(ctx, addrOf(Carol), []byte("x")); !errors.Is(err, relayclient.ErrPeerKeyUnknown) {
		t.Errorf("Send to an unknown key = %v; want ErrPeerKeyUnknown", err)
	}
}

// TestSealedRefusedOnDelivery: tampered, truncated, replayed (under another
// id), misdirected and clear messages that reach a mailbox
// (here appended to the store directly, as a malicious relay would) are
// refused with their error and never reach the Handler; the good ones do.
func TestSealedRefusedOnDelivery(t *testing.T) {
	st := mustStore(t, t.TempDir())
	r := mustSealedRelay(t, relay.Options{Store: st})
	a, b, c := seal.NewKey(Alice), seal.NewKey(Bob), seal.NewKey(Carol)
	sealTo := func(toKey *ecdsaKey, id string, pt string) []byte {
		t.Helper()
		out, err := seal.Seal(nil, a, a.Agree(toKey.priv.Public()), toKey.priv.Public(), seal.Context{From: addrOf(Alice), To: toKey.addr, ID: id}, []byte(pt))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	bobK, carolK := &ecdsaKey{b, addrOf(Bob)}, &ecdsaKey{c, addrOf(Carol)}
	good1 := sealTo(bobK, "g1", "good 1")
	tampered := sealTo(bobK, "t", "tampered")
	tampered[len(tampered)-20] ^= 1
	truncated := sealTo(bobK, "tr", "truncated")[:seal.Overhead+2]
	misdirected := sealTo(carolK, "md", "for Carol")
	good2 := sealTo(bobK, "g2", "good 2")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i, p := range []struct {
		id      string
		payload []byte
	}{
		{"clear0", []byte(`{"v":1,"type":"sync"}`)}, // clear, before any sealed one
		{"g1", good1},
		{"t", tampered},
		{"tr", truncated},
		{"replay", good1}, // good1 again under another id
		{"md", misdirected},
		{"clear", []byte(`{"v":1,"type":"ack"}`)}, // clear: forged by the relay
		{"g2", good2},
	} {
		if _, err := st.Append(ctx, relay.Envelope{From: addrOf(Alice), To: addrOf(Bob), ID: p.id, Payload: p.payload}); err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
	}
	in, ref := newInbox(), newRefusals()
	bob := mustSealedClient(t, r.url, Bob, relayclient.Options{Handler: in.handle, OnRefused: ref.add})
	got := in.wait(t, 2)
	errs := ref.wait(t, 6)
	if len(got) != 2 || string(got[0].Payload) != "good 1" || string(got[1].Payload) != "good 2" {
		t.Errorf("the Handler got %d messages (%q ...); want good 1 and good 2", len(got), got[0].Payload)
	}
	want := []error{relayclient.ErrNotSealed, seal.ErrOpen, seal.ErrOpen, seal.ErrOpen, seal.ErrOpen, relayclient.ErrNotSealed}
	for i, w := range want {
		if !errors.Is(errs[i], w) {
			t.Errorf("refusal %d = %v; want %v", i, errs[i], w)
		}
	}
	// The refused messages were removed from the mailbox, not kept: Bob's
	// next client gets only Alice's next (sealed) message.
	bob.Close()
	alice := mustSealedClient(t, r.url, Alice, relayclient.Options{})
	if _, err := alice.Send(ctx, addrOf(Bob), []byte("after")); err != nil {
		t.Fatal(err)
	}
	in2, ref2 := newInbox(), newRefusals()
	mustSealedClient(t, r.url, Bob, relayclient.Options{Handler: in2.handle, OnRefused: ref2.add})
	// ("good 2" may come again: its acknowledgement may not have left
	// before the Close.)
	for n := 1; ; n++ {
		got := in2.wait(t, n)
		p := string(got[n-1].Payload)
		if p != "after" && p != "good 2" {
			t.Errorf("Bob's next client got %q (a refused message was kept)", p)
		}
		if p == "after" {
			break
		}
	}
	ref2.mu.Lock()
	if n := len(ref2.errs); n > 0 {
		t.Errorf("Bob's next client refused %d messages again: %v", n, ref2.errs)
	}
	ref2.mu.Unlock()
}

type ecdsaKey struct {
	priv *seal.Key
	addr common.Address
}

// TestKeyLookupLimit: an attacker enumerating the directory hits the lookup
// rate limit (Limits.LookupBurst, --relay-lookup-burst).
func TestKeyLookupLimit(t *testing.T) {
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir()), Limits: relay.Limits{LookupRate: 0.001, LookupBurst: 3}})
	mal := mustRaw(t, r.url)
	mal.login(Mallory)
	bob := addrOf(Bob)
	for i := range 4 {
		mal.writeFrame(relayproto.Frame{Type: relayproto.TypeLookup, ID: "k" + strconv.Itoa(i), Address: &bob})
	}
	for i := range 3 {
		f := mal.skipTo(relayproto.TypeError)
		if f.Code != relayproto.CodeUnknownKey || f.ID != "k"+strconv.Itoa(i) {
			t.Errorf("lookup %d: %s %s; want unknown_key", i, f.Code, f.Message)
		}
	}
	if f := mal.skipTo(relayproto.TypeError); f.Code != relayproto.CodeRateLimited {
		t.Errorf("lookup 4: %s %s; want rate_limited", f.Code, f.Message)
	}
}

// TestPrefetchKey: PrefetchKey looks the peer's key up once (checked like
// a send's lookup), so that the first message needs no lookup: with one
// lookup allowed, a prefetch, a second prefetch and a send to the same
// peer all succeed, and the next lookup (another peer) is refused.
func TestPrefetchKey(t *testing.T) {
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir()), Limits: relay.Limits{LookupRate: 0.0001, LookupBurst: 1}})
	bobIn := newInbox()
	mustSealedClient(t, r.url, Bob, relayclient.Options{Handler: bobIn.handle})
	alice := mustSealedClient(t, r.url, Alice, relayclient.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := range 2 {
		if err := alice.PrefetchKey(ctx, addrOf(Bob)); err != nil {
			t.Fatalf("PrefetchKey(Bob) #%d: %v", i+1, err)
		}
	}
	if _, err := alice.Send(ctx, addrOf(Bob), []byte("first payment")); err != nil {
		t.Fatalf("Send after PrefetchKey: %v", err)
	}
	if got := bobIn.wait(t, 1); string(got[0].Payload) != "first payment" {
		t.Errorf("Bob got %q", got[0].Payload)
	}
	if err := alice.PrefetchKey(ctx, addrOf(Carol)); err == nil || errors.Is(err, relayclient.ErrPeerKeyUnknown) {
		t.Errorf("a second lookup = %v; want it refused by the rate limit", err)
	}

	// A relay that hands out a wrong key is caught by the prefetch too.
	lying := mustSealedRelay(t, relay.Options{Store: lyingStore{mustStore(t, t.TempDir())}})
	alice2 := mustSealedClient(t, lying.url, Alice, relayclient.Options{})
	if err := alice2.PrefetchKey(ctx, addrOf(Bob)); !errors.Is(err, relayclient.ErrWrongPeerKey) {
		t.Errorf("PrefetchKey from a lying relay = %v; want ErrWrongPeerKey", err)
	}
}

// TestSealAheadOfSend: a payload sealed ahead with Seal is sent by
// SendSealedAsync, in call order with SendAsync's, and opened by the
// recipient as any other; a Sealed is sent once, by its own client only.
func TestSealAheadOfSend(t *testing.T) {
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir())})
	bobIn := newInbox()
	mustSealedClient(t, r.url, Bob, relayclient.Options{Handler: bobIn.handle})
	alice := mustSealedClient(t, r.url, Alice, relayclient.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	want := []string{"first, sealed ahead", "second, sealed at the send", "third, sealed ahead"}
	first, err := alice.Seal(ctx, addrOf(Bob), []byte(want[0]))
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	third, err := alice.Seal(ctx, addrOf(Bob), []byte(want[2]))
	if err != nil {
		t.Fatalf("Seal: %v", err)
	}
	var waits []func(context.Context) (uint64, error)
	for _, send := range []func() (func(context.Context) (uint64, error), error){
		func() (func(context.Context) (uint64, error), error) { return alice.SendSealedAsync(first) },
		func() (func(context.Context) (uint64, error), error) {
			return alice.SendAsync(addrOf(Bob), []byte(want[1]))
		},
		func() (func(context.Context) (uint64, error), error) { return alice.SendSealedAsync(third) },
	} {
		w, err := send()
		if err != nil {
			t.Fatalf("send: %v", err)
		}
		waits = append(waits, w)
	}
	for i, w := range waits {
		if _, err := w(ctx); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	got := bobIn.wait(t, 3)
	for i, m := range got {
		if string(m.Payload) != want[i] || m.From != addrOf(Alice) {
			t.Errorf("Bob's message %d = %q from %s; want %q from Alice", i, m.Payload, m.From.Hex(), want[i])
		}
	}
	if _, err := alice.SendSealedAsync(first); !errors.Is(err, relayclient.ErrSealedReused) {
		t.Errorf("second SendSealedAsync of one Sealed = %v; want ErrSealedReused", err)
	}
	// Mallory cannot send Alice's sealed message as hers.
	fourth, err := alice.Seal(ctx, addrOf(Bob), []byte("fourth"))
	if err != nil {
		t.Fatal(err)
	}
	mal := mustSealedClient(t, r.url, Mallory, relayclient.Options{})
	if _, err := mal.SendSealedAsync(fourth); !errors.Is(err, relayclient.ErrSealedReused) {
		t.Errorf("another client's SendSealedAsync = %v; want ErrSealedReused", err)
	}
	if _, err := alice.SendSealedAsync(nil); !errors.Is(err, relayclient.ErrSealedReused) {
		t.Errorf("SendSealedAsync(nil) = %v; want ErrSealedReused", err)
	}
}

// TestSealAhead: a client with Options.SealAhead seals each message with
// an ephemeral key made ahead (after the key's prefetch and after each
// send), every message still under its own ephemeral key, and each opens
// at the recipient as if sealed at the send.
func TestSealAhead(t *testing.T) {
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir())})
	raw := newInbox() // Bob's payloads as delivered: sealed
	mustSealedClient(t, r.url, Bob, relayclient.Options{Handler: raw.handle, Unsealed: true})
	alice := mustSealedClient(t, r.url, Alice, relayclient.Options{SealAhead: true})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := alice.PrefetchKey(ctx, addrOf(Bob)); err != nil {
		t.Fatal(err)
	}
	const n = 6
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			time.Sleep(20 * time.Millisecond) // the next key made meanwhile
		}
		if _, err := alice.Send(ctx, addrOf(Bob), []byte(fmt.Sprintf("payment %d", i))); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	bob := seal.NewKey(Bob)
	ephemeral := map[string]bool{}
	for i, m := range raw.wait(t, n) {
		if len(m.Payload) < seal.HeaderLen || !seal.IsSealed(m.Payload) {
			t.Fatalf("message %d is not sealed: %q", i, m.Payload)
		}
		e := string(m.Payload[1 : 1+seal.KeyLen])
		if ephemeral[e] {
			t.Errorf("message %d reuses an ephemeral key", i)
		}
		ephemeral[e] = true
		pt, err := seal.Open(bob, nil, bob.Agree, seal.Context{From: addrOf(Alice), To: addrOf(Bob), ID: m.ID}, m.Payload)
		if want := fmt.Sprintf("payment %d", i); err != nil || string(pt) != want {
			t.Errorf("message %d opens to %q, %v; want %q", i, pt, err, want)
		}
	}
	// At least the sends that waited found their key made.
	if got := alice.SealedAhead(); got < n/2 {
		t.Errorf("%d of %d messages sealed with a key made ahead; want at least %d", got, n, n/2)
	}
}

// TestKnowKey: a key the host records itself (its watchtower's) is handed
// out before its owner ever logged in, so a wallet can seal to it at once.
func TestKnowKey(t *testing.T) {
	r := mustSealedRelay(t, relay.Options{Store: mustStore(t, t.TempDir())})
	r.srv.KnowKey(context.Background(), &Carol.PublicKey)
	alice := mustSealedClient(t, r.url, Alice, relayclient.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := alice.Send(ctx, addrOf(Carol), []byte("hand-off")); err != nil {
		t.Fatalf("Send to a key the host knows, before its owner logged in: %v", err)
	}
	// Carol logs in later and opens it: the key was hers.
	in := newInbox()
	mustSealedClient(t, r.url, Carol, relayclient.Options{Handler: in.handle})
	if got := in.wait(t, 1); string(got[0].Payload) != "hand-off" {
		t.Fatalf("Carol got %q; want the hand-off", got[0].Payload)
	}
}
