package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/amount"
	"paychan/app/chainclient"
	"paychan/app/channel"
	"paychan/app/engine"
	"paychan/app/hostapi"
	"paychan/app/relayclient"
	"paychan/app/relayproto"
	"paychan/app/wallet"
)

// This file is the one place where the core's typed errors become
// sentences for the user (STYLE.md: user-facing text is chosen at the UI
// edge): amounts in the channel's unit, the channel by its number, no
// wrapped error chains or package names, and what to do next.

// words is what a sentence about an error needs besides the error: the
// unit amounts are written in (the channel's, see channel.Asset.Unit) and,
// when the action was on a channel, its state as the wallet knew it.
type words struct {
	Unit  amount.Unit
	State *channel.State // nil: not about one channel
}

// wordsFor returns the words for an action on st, in st's unit (native is
// the chain's coin).
func wordsFor(st channel.State, native amount.Unit) words {
	return words{Unit: st.Asset.Unit(native), State: &st}
}

// amt writes base units in the unit, "–" for nil.
func (ws words) amt(v *big.Int) string {
	if v == nil {
		return "–"
	}
	return ws.Unit.Format(v)
}

// channelNumber is the channel the error is about: from the error itself,
// else from the state; 0 when unknown.
func (ws words) channelNumber(err error) uint64 {
	var ce *channel.Error
	if errors.As(err, &ce) && ce.Channel.Channel != 0 {
		return ce.Channel.Channel
	}
	var cs *channel.CloseSignedError
	if errors.As(err, &cs) {
		return cs.Channel.Channel
	}
	if ws.State != nil {
		return ws.State.ID.Channel
	}
	return 0
}

// onChannel is " on channel N", or "" when the channel is unknown.
func onChannel(n uint64) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" on channel %d", n)
}

// channelName is "channel N", or "this channel" when it is unknown.
func channelName(n uint64) string {
	if n == 0 {
		return "this channel"
	}
	return fmt.Sprintf("channel %d", n)
}

// Error returns the sentence for err ("" for nil).
func (ws words) Error(err error) string {
	if err == nil {
		return ""
	}
	if s := relayclient.UserMessage(err); s != "" {
		return s
	}
	n := ws.channelNumber(err)
	var (
		over     *channel.OverdrawError
		dec      *amount.DecimalsError
		unknown  *engine.UnknownChannelError
		noChan   *engine.NoChannelError
		notParty *channel.NotPartyError
		signer   *channel.WrongSignerError
		fin      *channel.FinalizationError
		revert   *chainclient.RevertError
		token    *chainclient.TokenError
		hostErr  *hostapi.Error
		relayErr *relayclient.Error
		undeliv  *engine.UndeliveredError
		httpErr  *chainclient.HTTPError
	)
	switch {
	// Saved, but not sent yet: not a failure of the action.
	case errors.As(err, &undeliv):
		return "Saved on this device but not delivered yet: it is sent again as soon as the connection to the host is back."

	// Amounts typed by the user.
	case errors.As(err, &dec):
		if dec.Decimals == 0 {
			return fmt.Sprintf("%s has no fractions: enter a whole number.", dec.Symbol)
		}
		return fmt.Sprintf("%s has %d decimals: enter at most %d digits after the point.", dec.Symbol, dec.Decimals, dec.Decimals)
	case errors.Is(err, amount.ErrWrongUnit):
		return fmt.Sprintf("Amounts%s are in %s: enter the amount in %s.", onChannel(n), ws.Unit.Symbol, ws.Unit.Symbol)
	case errors.Is(err, amount.ErrEmpty):
		return "Enter an amount."
	case errors.Is(err, amount.ErrNegative), errors.Is(err, channel.ErrZeroAmount):
		return "Enter an amount above zero."
	case errors.Is(err, amount.ErrSyntax):
		return "That is not an amount: write a number such as 1.5."
	case errors.Is(err, amount.ErrTooManyDecimals):
		return fmt.Sprintf("Too many digits after the point: %s has %d decimals.", ws.Unit.Symbol, ws.Unit.Decimals)
	case errors.Is(err, amount.ErrTooLarge), errors.Is(err, channel.ErrTotalTooLarge), errors.Is(err, channel.ErrOutOfRange):
		return "That amount is too large."

	// The channel's rules.
	case errors.As(err, &over):
		if ws.State != nil && over.Party == ws.State.Role {
			return fmt.Sprintf("You can send at most %s%s.", ws.amt(ws.State.Balance()), onChannel(n))
		}
		if ws.State != nil {
			return fmt.Sprintf("Your peer tried to pay more than it holds%s: refused.", onChannel(n))
		}
		total := new(big.Int).Add(over.Deposit, over.Received)
		return fmt.Sprintf("That is more than the channel holds for the payer%s (deposit and received: %s in all).", onChannel(n), ws.amt(total))
	case errors.Is(err, channel.ErrCloseSigned):
		return fmt.Sprintf("You signed a close of %s: no more payments are sent or accepted in it.", channelName(n))
	case errors.Is(err, channel.ErrNotOpen):
		return fmt.Sprintf("%s is not open any more: payments and deposits are over; claim or withdraw instead.", capital(channelName(n)))
	case errors.Is(err, channel.ErrDecrease):
		return fmt.Sprintf("Your peer sent a lower total than one it already paid%s: refused (your totals are unchanged).", onChannel(n))
	case errors.As(err, &signer):
		return fmt.Sprintf("%s expects another key to sign for you: import the key you gave when it was opened.", capital(channelName(signer.Channel.Channel)))
	case errors.Is(err, channel.ErrWrongKey):
		return fmt.Sprintf("Your key is not the one that signs for you in %s: import the key you gave when it was opened.", channelName(n))
	case errors.Is(err, channel.ErrBadSignature), errors.Is(err, channel.ErrSigInvalid), errors.Is(err, channel.ErrWrongSigner),
		errors.Is(err, channel.ErrSigLength), errors.Is(err, channel.ErrSigV), errors.Is(err, channel.ErrSigHighS):
		return fmt.Sprintf("A message%s has a signature that is not your peer's: refused (your totals are unchanged).", onChannel(n))
	case errors.Is(err, channel.ErrCloseRefused):
		return fmt.Sprintf("Your peer's proposal to close %s does not match your totals: not signed. The channel stays open.", channelName(n))
	case errors.Is(err, channel.ErrNoProposal):
		return fmt.Sprintf("A close signature for %s does not match any proposal of yours: ignored.", channelName(n))
	case errors.Is(err, channel.ErrNotPeer):
		return fmt.Sprintf("A message for %s came from someone who is not your peer: ignored.", channelName(n))
	case errors.As(err, &fin):
		if fin.Blocks == 0 {
			return fmt.Sprintf("The channel's finalization period is not known yet: wait for the chain to confirm it (at least %d blocks).", fin.Min)
		}
		return fmt.Sprintf("The finalization period must be at least %d blocks (it is %d): otherwise the other side has no time to answer a stale claim.", fin.Min, fin.Blocks)
	case errors.As(err, &notParty):
		return fmt.Sprintf("You are not part of channel %d: check the number, or unlock the key you gave its creator.", notParty.Channel.Channel)
	case errors.Is(err, channel.ErrNotParty):
		return fmt.Sprintf("You are not part of %s: check the number, or unlock the key you gave its creator.", channelName(n))
	case errors.As(err, &unknown):
		return fmt.Sprintf("Channel %d is not in this wallet: join it first.", unknown.Channel)
	case errors.As(err, &noChan):
		return fmt.Sprintf("There is no channel %d on this host: check the number or the invite link.", noChan.Channel)
	case errors.Is(err, chainclient.ErrNoChannel):
		if m := channelNum().FindStringSubmatch(err.Error()); m != nil {
			return fmt.Sprintf("There is no channel %s on this host: check the number or the invite link.", m[1])
		}
		return fmt.Sprintf("There is no %s on this host: check the number or the invite link.", channelName(n))
	case errors.Is(err, channel.ErrNotFound):
		return fmt.Sprintf("%s is not in this wallet: join it first.", capital(channelName(n)))

	// Keys and passphrases.
	case errors.Is(err, wallet.ErrWrongPassphrase):
		return "Wrong passphrase: try again (letter case counts)."
	case errors.Is(err, wallet.ErrEmptyPassphrase):
		return "Enter your passphrase."
	case errors.Is(err, wallet.ErrTampered), errors.Is(err, wallet.ErrBadEnvelope):
		return "The encrypted data is damaged or not from this wallet: restore from your backup file."
	case errors.Is(err, wallet.ErrBadAddress):
		return "That is not a Qtum or 0x address: check you copied all of it."
	case errors.Is(err, wallet.ErrEmpty):
		return "Paste your private key (WIF) first."
	case errors.Is(err, wallet.ErrBadEncoding), errors.Is(err, wallet.ErrBadLength), errors.Is(err, wallet.ErrBadChecksum):
		return "That is not a WIF private key: check you copied all of it."
	case errors.Is(err, wallet.ErrUnknownNetwork):
		return "That WIF key is not for Qtum (mainnet or testnet): check you copied the right key."
	case errors.Is(err, wallet.ErrInvalidKey):
		return "That WIF does not hold a usable private key: check you copied all of it."

	// Tokens.
	case errors.As(err, &token), errors.Is(err, chainclient.ErrNotToken):
		return "That address is not a token this wallet can use: check the token's address."
	case errors.Is(err, chainclient.ErrTokenBalance):
		return fmt.Sprintf("You do not hold that much %s: enter a smaller amount.", ws.Unit.Symbol)
	case errors.Is(err, chainclient.ErrAllowance):
		return fmt.Sprintf("The channel contract may not take that much %s yet: approve it, then try again.", ws.Unit.Symbol)

	// The chain and the host.
	case errors.As(err, &revert):
		return "The contract refused it: " + plain(revert.Reason) + "."
	case errors.Is(err, errLocked):
		return "Unlock your key first."
	case errors.Is(err, errOffline), errors.Is(err, engine.ErrNoChain):
		return "The host is unreachable: try again when you are back online."
	case errors.Is(err, engine.ErrNoRelay), errors.Is(err, relayclient.ErrClosed):
		return "Not connected to the host's relay: try again in a moment."
	case errors.As(err, &relayErr):
		switch relayErr.Code {
		case relayproto.CodeRateLimited, relayproto.CodeQuotaExceeded, relayproto.CodeMailboxFull, relayproto.CodeStoreFull, relayproto.CodeUnavailable, relayproto.CodeShutdown:
			return "The host's relay is busy and did not take the message: try again in a moment."
		}
		return "The host's relay refused the message: " + plain(relayErr.Message) + "."
	case errors.As(err, &hostErr):
		return "The host refused it: " + plain(hostErr.Message) + "."
	case errors.As(err, &httpErr) && httpErr.StatusCode == 429: // Too Many Requests
		// The host's /rpc share of one network address (server README
		// "Limits"): the refresh tries again by itself.
		return "The host is answering too many requests from your network address: try again in a moment."
	case errors.As(err, &httpErr) && json.Unmarshal(httpErr.Body, &hostErr) == nil && hostErr != nil && hostErr.Message != "":
		return "The host refused it: " + plain(hostErr.Message) + "."
	case errors.Is(err, context.DeadlineExceeded):
		return "The host did not answer in time: try again."
	case errors.Is(err, context.Canceled):
		return "Stopped before it was done: try again."
	}
	return capital(plain(err.Error())) + "."
}

// channelRefs matches a channel named by its full ID ("1337/0x80be…d662/2").
var channelRefs = lazyRegexp(`\b\d+/0x[0-9a-fA-F]{40}/(\d+)\b`)

// channelNum finds "channel 999" in an error's text.
var channelNum = lazyRegexp(`\bchannel (\d+)\b`)

// pkgPrefix matches the package or step prefixes of a wrapped error chain
// ("chainclient: ", "parse WIF: ", "relay: ").
var pkgPrefix = lazyRegexp(`^(?:[a-z][a-zA-Z0-9 ]{0,24}: )+`)

// lazyRegexp compiles expr at its first use, not at package init: the
// inits run on the page's main thread as the wallet starts, and these are
// needed only once an error is shown.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// plain turns an unknown error's text into one clause: the channel by
// number, without package prefixes. Only the last part of a wrapped chain
// says what happened; the leading ones say where.
func plain(s string) string {
	s = channelRefs().ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, "channel channel", "channel")
	if t := pkgPrefix().ReplaceAllString(s, ""); t != "" {
		s = t
	}
	return strings.TrimSuffix(strings.TrimSpace(s), ".")
}

// capital upper-cases the first letter.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// wordsUnit is the chain's native coin as the host configures it.
func (w *root) wordsUnit() amount.Unit {
	return amount.Unit{Symbol: w.cfg.Symbol, Decimals: w.decimals()}
}

// wordsOn returns the words for an action on channel n: in its unit, with
// its state when the wallet holds it.
func (w *root) wordsOn(n uint64) words {
	if st, ok := w.stateOf(n); ok {
		return wordsFor(st, w.wordsUnit())
	}
	return words{Unit: w.wordsUnit()}
}

// say is the sentence for an error not about one channel.
func (w *root) say(err error) string { return words{Unit: w.wordsUnit()}.Error(err) }

// actionError is an action's error, drawn next to its form ("" draws
// nothing). role=alert has screen readers say it when it appears.
func actionError(id, text string) app.UI {
	if text == "" {
		return nil
	}
	return app.Div().Class("notice error").ID(id).Attr("role", "alert").Text(text)
}

// closeWords says what each way of closing does, costs and takes: "Close
// now" (both sign, one transaction, no waiting) and closing alone (claim
// what I received, or start closing, then wait fin blocks and withdraw).
// received is the claimable amount, written in the channel's unit ("" or
// zero: nothing to claim); fee is the chain's coin, which pays the fees.
func closeWords(fin uint64, received *big.Int, ws words, fee string) (now, alone string) {
	now = "Close now: you and your peer both sign the final balances, and one transaction pays you both at once: no waiting, but your peer must be online."
	wait := "the finalization period, which gives your peer time to answer"
	if fin > 0 {
		wait = fmt.Sprintf("%d blocks (the finalization period, which gives your peer time to answer)", fin)
	}
	if received != nil && received.Sign() > 0 {
		alone = fmt.Sprintf("Claim %s: closes alone, without your peer. One transaction proves on chain the %s your peer paid you; then you wait %s and withdraw with a second one.",
			ws.amt(received), ws.amt(received), wait)
	} else {
		alone = fmt.Sprintf("Start closing: closes alone, without your peer. One transaction starts it; then you wait %s and withdraw with a second one.", wait)
	}
	if fee != "" {
		alone += " Each transaction costs a small fee in " + fee + "."
	}
	return now, alone
}

// closeHelp draws closeWords beside the close buttons.
func (c *channelScreen) closeHelp(st channel.State) app.UI {
	w := c.W
	fin := st.FinalizationBlocks
	if ch, ok := w.chain[st.ID.Channel]; ok && ch.FinalizationBlocks > 0 {
		fin = ch.FinalizationBlocks
	}
	now, alone := closeWords(fin, st.Received, wordsFor(st, w.wordsUnit()), w.cfg.Symbol)
	return app.Div().Class("help muted").Body(
		app.If(st.Status == channel.Open, app.P().ID("close-now-help").Text(now)),
		app.P().ID("claim-help").Text(alone),
	)
}

// wifType is the WIF field's input type: hidden like a password unless the
// user asked to see it.
func wifType(show bool) string {
	if show {
		return "text"
	}
	return "password"
}

// wifToggleText names the WIF field's show/hide button by what it does.
func wifToggleText(show bool) string {
	if show {
		return "Hide key"
	}
	return "Show key"
}
