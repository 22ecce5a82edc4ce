package relay

import "github.com/nats-io/nats.go/jetstream"

// JetStream returns the store's JetStream handle, so that other parts of the
// host (the watchtower's KeyValue bucket) keep their state in the same
// durable store as the mailboxes. It stays valid until Close.
func (s *JetStreamStore) JetStream() jetstream.JetStream { return s.js }
