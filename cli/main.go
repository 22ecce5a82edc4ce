// Command paychan-cli is the headless paychan client: the same channel
// core, relay client and chain client as the browser wallet, with its state
// in a file. It is useful for scripts and for services that accept
// payments, and it drives the native benchmarks (package node).
//
// Usage:
//
//	paychan-cli [global flags] <command> [flags] [args]
//
//	key import WIF        import a WIF key (sealed with the passphrase)
//	key new               create a key and print its WIF once, for backup
//	key show              show the Qtum and signer addresses and the balances
//	                      (the chain's coin and the tokens the host lists)
//	open PEER             open a channel with PEER (0x or Qtum address)
//	                      [--peer-signer 0x…] [--deposit AMOUNT] [--blocks N]
//	                      [--token 0x…] (a channel in that ERC-20 token: the
//	                      deposit is in the token, approved first if needed)
//	join ID               add channel ID, where I am a party, to my state
//	deposit ID AMOUNT     deposit AMOUNT into channel ID (in its token, if any)
//	pay ID AMOUNT         pay AMOUNT to the peer (persisted, then relayed)
//	claim ID              submit my best received payment (starts closing)
//	close ID              cooperative close via the peer [--wait 30s]; if the
//	                      peer does not answer, close unilaterally (--wait 0:
//	                      propose and return; listen completes the close).
//	                      Once a close is signed, the channel takes no more
//	                      payments either way
//	withdraw ID           withdraw my balance of a closed channel
//	status [ID]           show my channels (refreshed from the chain)
//	listen                stay connected: receive, persist, acknowledge and
//	                      print payments [--count N] [--for DURATION]; submit
//	                      a signed close the peer did not submit
//	                      [--close-after 30s], or close alone if it never lands
//	mine N                mine N blocks (development chain only)
//
// Global flags: --host URL (default $PAYCHAN_HOST, the host remembered in the
// state file, or http://127.0.0.1:8080), --state FILE (default
// ./paychan-state.json if it exists, else ~/.paychan/state.json),
// --passphrase-env NAME (the environment variable holding the passphrase,
// default PAYCHAN_PASSPHRASE).
//
// Amounts are written in the channel's unit: the chain's coin, or the
// token's own decimals for a token channel ("20.5" tUSD; at most 6 digits
// after the point), and printed with its symbol.
//
// The state file is locked while a command runs: stop `listen` before
// running another command on the same state.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Getenv); err != nil {
		var u usageError
		if errors.As(err, &u) {
			fmt.Fprintln(os.Stderr, "paychan-cli:", err)
			fmt.Fprint(os.Stderr, usage)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "paychan-cli:", err)
		os.Exit(1)
	}
}

// usageError is a wrong command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

const usage = `usage: paychan-cli [--host URL] [--state FILE] [--passphrase-env NAME] <command> [args]
commands:
  key import WIF | key new | key show
  open PEER [--peer-signer 0x…] [--deposit AMOUNT] [--blocks N] [--token 0x…]
  join ID
  deposit ID AMOUNT
  pay ID AMOUNT
  claim ID
  close ID [--wait DURATION]
  withdraw ID
  status [ID]
  listen [--count N] [--for DURATION] [--close-after DURATION]
  mine N
`
