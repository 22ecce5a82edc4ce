package ui

import (
	"fmt"
	"html"
	"math/big"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/channel"
)

// renderedText finds the element with id in page (go-app's HTML) and
// returns the text after its last child tag, unescaped (its last text
// node), and its title attribute.
func renderedText(tb testing.TB, page, id string) (text, title string, hasTitle bool) {
	tb.Helper()
	at := strings.Index(page, ` id="`+id+`"`)
	if at < 0 {
		tb.Fatalf("no #%s in the rendered channel screen", id)
	}
	open := strings.LastIndex(page[:at], "<")
	tag := page[open+1:]
	tag = tag[:strings.IndexAny(tag, " >")]
	end := at + strings.Index(page[at:], ">")
	attrs := page[open:end]
	if i := strings.Index(attrs, ` title="`); i >= 0 {
		v := attrs[i+len(` title="`):]
		title, hasTitle = html.UnescapeString(v[:strings.Index(v, `"`)]), true
	}
	body := page[end+1:]
	body = body[:strings.Index(body, "</"+tag+">")]
	if i := strings.LastIndex(body, ">"); i >= 0 {
		body = body[i+1:]
	}
	return html.UnescapeString(strings.TrimSpace(body)), title, hasTitle
}

// TestLiveTextsMatchRender: what showLive writes into the page for a
// payment is exactly what the channel screen's Render writes for the same
// state (text and title of each element), so go-app's render after it
// finds the same texts: for both roles, ETH and a token, amounts cut to 6
// places (with the exact one as title) and an empty channel.
func TestLiveTextsMatchRender(t *testing.T) {
	alice := common.HexToAddress("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
	bob := common.HexToAddress(bobSigner)
	tok := channel.Asset{Token: common.HexToAddress("0x00000000000000000000000000000000000000aa"), Symbol: "tUSD", Decimals: 6}
	wei := func(s string) *big.Int {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok {
			t.Fatalf("bad number %q", s)
		}
		return v
	}
	for _, c := range []struct {
		name                        string
		role                        channel.Role
		asset                       channel.Asset
		aliceDep, bobDep, sent, got *big.Int
	}{
		{"bob received", channel.Bob, channel.Asset{}, eth(10), eth(0), eth(0), wei("30000000000000000")},
		{"alice paid and received", channel.Alice, channel.Asset{}, eth(50), eth(30), eth(5), eth(6)},
		{"cut to 6 places", channel.Bob, channel.Asset{}, eth(10), wei("1000000000000000001"), wei("123456789"), wei("9999999999999999")},
		{"empty", channel.Alice, channel.Asset{}, eth(0), eth(0), eth(0), eth(0)},
		{"token", channel.Alice, tok, big.NewInt(80_000_000), big.NewInt(30_000_001), big.NewInt(1_234_567), big.NewInt(20_000_000)},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, err := channel.NewState(channel.ID{Channel: 7}, c.role, channel.Party{Account: alice, Signer: alice}, channel.Party{Account: bob, Signer: bob})
			if err != nil {
				t.Fatal(err)
			}
			st.Asset = tok
			if c.asset == (channel.Asset{}) {
				st.Asset = channel.Asset{}
			}
			st.AliceDeposit, st.BobDeposit, st.Sent, st.Received = c.aliceDep, c.bobDep, c.sent, c.got
			w := &root{states: []channel.State{st}, path: PathChannel}
			w.cfg.Symbol, w.cfg.Decimals = "ETH", 18
			s := newChannelScreen(w, "7")
			disp := app.NewClientTester(s)
			defer disp.Close()
			disp.Consume()
			page := app.HTMLString(s)
			texts := liveTexts(st, w.unitOf(st), claimLabel(st, w))
			if len(texts) == 0 {
				t.Fatal("no live texts")
			}
			for _, lt := range texts {
				text, title, hasTitle := renderedText(t, page, lt.id)
				if text != strings.TrimSpace(lt.text) {
					t.Errorf("#%s: live text %q; the render writes %q", lt.id, lt.text, text)
				}
				if lt.titled && (title != lt.title || hasTitle != (lt.title != "")) {
					t.Errorf("#%s: live title %q; the render writes %q (present %v)", lt.id, lt.title, title, hasTitle)
				}
			}
			if c.name == "cut to 6 places" {
				if _, title, _ := renderedText(t, page, "sent"); title == "" {
					t.Errorf("#sent has no title; the case should cut the amount: %s", fmt.Sprint(st.Sent))
				}
			}
		})
	}
}

// TestLiveTextsArg: paychanSetTexts's argument holds four fields a text,
// none of which may hold the NUL that separates them.
func TestLiveTextsArg(t *testing.T) {
	ts := []liveText{{id: "balance-mine", text: "1.5 ETH", titled: true, title: "1.500000000000000001 ETH"}, {id: "claim-submit", text: "Claim 1 ETH"}, {id: "sent", text: "0 ETH", titled: true}}
	got := strings.Split(liveTextsArg(ts), "\x00")
	want := []string{"balance-mine", "1.5 ETH", "1", "1.500000000000000001 ETH", "claim-submit", "Claim 1 ETH", "", "", "sent", "0 ETH", "1", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("fields %q; want %q", got, want)
	}
	st := channel.State{Role: channel.Alice, AliceDeposit: big.NewInt(1e18), BobDeposit: big.NewInt(0), Sent: big.NewInt(3), Received: big.NewInt(0)}
	for _, lt := range liveTexts(st, amount.Unit{Symbol: "ETH", Decimals: 18}, "Start closing") {
		if strings.ContainsRune(lt.id+lt.text+lt.title, 0) {
			t.Errorf("live text %+v holds a NUL", lt)
		}
	}
}

// TestRootWaitsForTurnBeforeMount: the root asks for the page's turn once,
// before its first render and mount (OnInit), so that go-app's engine
// start and the wallet's first mount are separate tasks on a page.
func TestRootWaitsForTurnBeforeMount(t *testing.T) {
	turns := 0
	old := partTurn
	defer func() { partTurn = old }()
	var w *root
	partTurn = func(part string) {
		if part != "start" {
			return
		}
		if w.Mounted() {
			t.Error("the turn came after the root was mounted")
		}
		turns++
	}
	w = newRoot()
	disp := app.NewClientTester(w)
	defer disp.Close()
	disp.Consume()
	if turns != 1 {
		t.Fatalf("%d turns before the mount, want 1", turns)
	}
	if !w.Mounted() {
		t.Fatal("the root is not mounted")
	}
}

// TestFirstMountTurns: during the wallet's first mount the page gets a
// turn before the root is built (TestRootWaitsForTurnBeforeMount), before
// the screen and before the notices are built, and once the
// screen is built, before the node starts (root.mountTurn); a screen opened
// later is built without one.
func TestFirstMountTurns(t *testing.T) {
	var turns []string
	old := partTurn
	defer func() { partTurn = old }()
	var w *root
	partTurn = func(part string) {
		if w.built {
			t.Errorf("turn %q after the first mount", part)
		}
		turns = append(turns, part)
	}
	w = newRoot()
	disp := app.NewClientTester(w)
	defer disp.Close()
	disp.Consume()
	if want := []string{"start", "key", "activity", "mounted"}; !slices.Equal(turns, want) {
		t.Fatalf("turns %q, want %q", turns, want)
	}
	if !w.built {
		t.Fatal("the first mount did not end")
	}
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: w, Function: func(app.Context) {
		w.path = PathChannels
		w.rev++
	}})
	disp.Consume()
	if len(turns) != 4 {
		t.Fatalf("opening the channel list took turns: %q", turns[4:])
	}
	if html := app.HTMLString(w); !strings.Contains(html, `id="channels"`) {
		t.Fatalf("the channel list is not on the page:\n%s", html)
	}
}
