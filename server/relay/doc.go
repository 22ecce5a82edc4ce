// Package relay is the host's message relay: a WebSocket endpoint where
// wallets, authenticated by signing a fresh challenge with their signer key,
// send opaque messages to other signer addresses and read their own durable
// mailbox. Mailboxes live in a Store; JetStreamStore keeps them in NATS
// JetStream, embedded in the process or external.
//
// The frame protocol is defined in package paychan/app/relayproto and
// described, with the guarantees and limits, in README.md.
package relay
