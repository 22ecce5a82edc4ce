// Package channel is the functional core of a paychan duplex payment channel:
// EIP-712 signing, the channel state one wallet keeps, and pure rules.
//
// The model (docs/protocol.md sections 1, 4, 5): each side signs the cumulative
// total it has paid the other, Payment(channelId, paid). Totals only grow, so
// the newest signature supersedes all older ones, a resent payment is
// harmless and order does not matter. A side's balance is own deposit +
// received - paid. Closing submits the best total held from the peer (claim)
// or both sides sign Close(channelId, alicePaid, bobPaid) together.
//
// Every rule is a pure function of State and an input returning the new
// State, the Effects to carry out (messages to send, transactions to submit)
// or a typed error carrying the channel id; nothing here reads a clock, the
// network or storage. Book is the thin imperative shell that loads from a
// Store, applies a rule, saves, and only then hands back the effects, so a
// wallet never sends or acknowledges a total it has not persisted.
package channel
