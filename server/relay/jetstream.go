package relay

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Defaults of JetStreamOptions.
const (
	DefaultStreamName = "PAYCHAN_RELAY"
	// DefaultSenderQuota is how many unacknowledged messages one sender
	// may have in one recipient's mailbox.
	DefaultSenderQuota = 1_000
	// legacyMailboxMaxMessages was the per-mailbox limit of the subject
	// layout before per-sender quotas (one subject per mailbox).
	legacyMailboxMaxMessages = 10_000
	DefaultMailboxMaxAge     = 14 * 24 * time.Hour
	DefaultDuplicateWindow   = 10 * time.Minute
	// DefaultPublishTimeout bounds the wait for JetStream's confirmation
	// of a stored message (JetStreamOptions.PublishTimeout).
	DefaultPublishTimeout    = 10 * time.Second
	DefaultStorePayloadBytes = 64 << 10
	// DefaultMaxReaders is the default bound on the stream's JetStream
	// consumers (one per host since the hosts' connections share it; NATS
	// would otherwise apply its own default of 1,000 per stream, and other
	// programs may read the stream too).
	DefaultMaxReaders = 65_536
	// DefaultMaxKeys bounds the key directory (JetStreamOptions.MaxKeys).
	DefaultMaxKeys = 100_000
	// DefaultMaxBytes bounds the stream's stored messages (1 GiB).
	DefaultMaxBytes = 1 << 30
	// DefaultClusterReplicas is the default number of copies of the
	// relay's stream and the watchtower's bucket on a NATS cluster (one
	// server can be lost, or restarted, with a quorum of two left).
	DefaultClusterReplicas = 3
	// MaxReplicas is JetStream's own bound on a stream's replicas.
	MaxReplicas = 5
	// DefaultStoreHeadroom is what the embedded NATS server's JetStream
	// store may hold beyond the stream's MaxBytes (the watchtower's
	// bucket, the stream's indexes): MaxStore defaults to MaxBytes plus it.
	DefaultStoreHeadroom = 256 << 20
)

// Message headers the store adds to each JetStream message.
const (
	headerFrom = "Paychan-From"
	headerID   = "Paychan-Id"
)

// JetStreamOptions configures OpenJetStream. Only Dir or URL is required.
type JetStreamOptions struct {
	// Dir is the data directory of the embedded NATS server, used when URL
	// is empty.
	Dir string
	// URL, when set, is an external NATS server with JetStream enabled
	// (several hosts may share it), or a comma-separated seed list of a
	// NATS cluster's servers (nats://a:4222,nats://b:4222); Dir is then
	// ignored.
	URL string
	// Replicas is how many copies of the relay's stream (and, through
	// Replicas(), of the watchtower's bucket) the NATS cluster keeps.
	// Zero means the default: 1 on the embedded server and on a server
	// that is not in a cluster, min(DefaultClusterReplicas, the servers
	// of the cluster) with URL. More than the cluster's servers is
	// refused with a clear error.
	Replicas int
	// Stream is the JetStream stream name (default DefaultStreamName).
	Stream string
	// SenderQuota is the largest number of unacknowledged messages one
	// sender may have in one recipient's mailbox; further sends from it to
	// that recipient are refused with ErrQuotaExceeded (default
	// DefaultSenderQuota). JetStream enforces it (one subject per
	// recipient and sender, discard new per subject), so it holds across
	// the connections and the hosts sharing the stream. Bytes per sender
	// and recipient are so bounded by SenderQuota messages of at most
	// MaxPayloadBytes, and all messages by MaxBytes.
	SenderQuota int64
	// MailboxMaxAge is how long an unacknowledged message is kept before it
	// expires (default DefaultMailboxMaxAge).
	MailboxMaxAge time.Duration
	// MaxPayloadBytes is the largest payload stored (default
	// DefaultStorePayloadBytes).
	MaxPayloadBytes int
	// DuplicateWindow is how long a resend of the same (sender, id) is
	// recognised and not stored twice (default DefaultDuplicateWindow).
	DuplicateWindow time.Duration
	// PublishTimeout is how long the relay waits for JetStream to confirm a
	// stored message before it tells the sender the message was not stored
	// (default DefaultPublishTimeout; the sender retries, and the duplicate
	// window recognises a resend of a message that was stored after all).
	// Without it a confirmation lost with a cluster node that was killed
	// held the connection's later replies (they go out in send order)
	// until the connection closed: the cluster test saw a wallet's sends
	// time out for five minutes.
	PublishTimeout time.Duration
	// SyncAlways makes the embedded server fsync every write, so that a
	// stored message also survives a power loss (without it, a message is
	// written to the OS before it is acknowledged: it survives a crash or
	// kill -9 of the process, and is fsynced within two minutes).
	SyncAlways bool
	// ConsumerInactiveThreshold is how long the NATS server keeps a host's
	// mailbox consumer after the host vanished without cleaning up
	// (default one minute).
	ConsumerInactiveThreshold time.Duration
	// MaxReaders bounds the JetStream consumers of the stream: one per
	// host sharing it, plus those of vanished hosts until
	// ConsumerInactiveThreshold (default DefaultMaxReaders).
	MaxReaders int
	// MaxBytes bounds the bytes of the stream's stored messages (default
	// DefaultMaxBytes). When they reach it, sends are refused with
	// ErrStoreFull until recipients acknowledge messages (discard new:
	// nothing stored is dropped).
	MaxBytes int64
	// MaxStore bounds the embedded NATS server's JetStream file store,
	// which shares the data directory's disk with the chain (default
	// MaxBytes + DefaultStoreHeadroom; ignored with URL: bound the
	// external server's store in its own configuration).
	MaxStore int64
	// MaxKeys bounds the key directory (the public keys of the addresses
	// that logged in, KeyDirectory) at about 128 bytes a key (default
	// DefaultMaxKeys); over it, new keys are kept only in memory.
	MaxKeys int
	// Logger receives the store's warnings (default slog.Default()).
	Logger *slog.Logger
}

// JetStreamStore is a Store on NATS JetStream: one stream whose subjects are
// the recipients' mailboxes, one ephemeral consumer per host whose messages
// go to the host's readers of each mailbox, backlogs read by subject, and
// message deletion on acknowledgement.
type JetStreamStore struct {
	ns      *server.Server // nil with an external server
	nc      *nats.Conn
	js      jetstream.JetStream
	legacy  nats.JetStreamContext // for push consumers (mailbox readers)
	stream  jetstream.Stream
	opts    JetStreamOptions
	hub     *hub     // the mailbox readers of this host
	prefix  string   // of the mailbox subjects
	deleter *deleter // acknowledgements in flight

	kvOnce sync.Once // opens kv, the key directory
	kv     jetstream.KeyValue
	kvErr  error

	hexes  sync.Map // common.Address -> its Hex()
	nhexes atomic.Int64
}

func (s *JetStreamStore) logf(format string, args ...any) {
	s.opts.Logger.Warn(fmt.Sprintf(format, args...))
}

var (
	_ Store         = (*JetStreamStore)(nil)
	_ AsyncAppender = (*JetStreamStore)(nil)
)

// OpenJetStream starts an embedded NATS JetStream server on opts.Dir (or
// connects to opts.URL) and creates or updates the relay's stream.
func OpenJetStream(ctx context.Context, opts JetStreamOptions) (*JetStreamStore, error) {
	if opts.Stream == "" {
		opts.Stream = DefaultStreamName
	}
	if opts.SenderQuota <= 0 {
		opts.SenderQuota = DefaultSenderQuota
	}
	if opts.MailboxMaxAge <= 0 {
		opts.MailboxMaxAge = DefaultMailboxMaxAge
	}
	if opts.MaxPayloadBytes <= 0 {
		opts.MaxPayloadBytes = DefaultStorePayloadBytes
	}
	if opts.DuplicateWindow <= 0 {
		opts.DuplicateWindow = DefaultDuplicateWindow
	}
	if opts.PublishTimeout <= 0 {
		opts.PublishTimeout = DefaultPublishTimeout
	}
	if opts.ConsumerInactiveThreshold <= 0 {
		opts.ConsumerInactiveThreshold = time.Minute
	}
	if opts.MaxKeys <= 0 {
		opts.MaxKeys = DefaultMaxKeys
	}
	if opts.MaxReaders <= 0 {
		opts.MaxReaders = DefaultMaxReaders
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxStore <= 0 {
		opts.MaxStore = opts.MaxBytes + DefaultStoreHeadroom
	}
	if opts.Replicas < 0 || opts.Replicas > MaxReplicas {
		return nil, fmt.Errorf("relay: open JetStream: %d replicas: want 1 to %d (JetStream's bound)", opts.Replicas, MaxReplicas)
	}
	if opts.URL == "" && opts.Replicas > 1 {
		return nil, fmt.Errorf("relay: open JetStream: %d replicas need a NATS cluster (--nats): the embedded server keeps one copy", opts.Replicas)
	}
	if opts.MaxStore < opts.MaxBytes {
		return nil, fmt.Errorf("relay: open JetStream: MaxStore %d is below the stream's MaxBytes %d", opts.MaxStore, opts.MaxBytes)
	}
	s := &JetStreamStore{opts: opts, prefix: subjectPrefix(opts.Stream)}
	s.hub = newHub(s)
	s.deleter = newDeleter(s)
	var err error
	if opts.URL == "" {
		if opts.Dir == "" {
			return nil, errors.New("relay: open JetStream: neither Dir nor URL is set")
		}
		s.ns, err = server.NewServer(&server.Options{
			ServerName: "paychan-relay",
			DontListen: true,
			JetStream:  true,
			StoreDir:   opts.Dir,
			NoSigs:     true,
			NoLog:      true,
			SyncAlways: opts.SyncAlways,
			// The store shares the disk with the chain: bound it.
			JetStreamMaxStore: opts.MaxStore,
		})
		if err != nil {
			return nil, fmt.Errorf("relay: start embedded NATS on %s: %w", opts.Dir, err)
		}
		s.ns.Start()
		if !s.ns.ReadyForConnections(30 * time.Second) {
			s.ns.Shutdown()
			return nil, fmt.Errorf("relay: embedded NATS on %s did not start", opts.Dir)
		}
		s.nc, err = nats.Connect("", nats.InProcessServer(s.ns), nats.Name("paychan-relay"))
	} else {
		// nats.go takes a comma-separated seed list and learns the
		// cluster's other servers from them; it reconnects to any of them.
		s.nc, err = nats.Connect(opts.URL, nats.Name("paychan-relay"), nats.MaxReconnects(-1),
			nats.ReconnectWait(250*time.Millisecond), nats.RetryOnFailedConnect(false))
	}
	if err != nil {
		s.shutdownServer()
		return nil, fmt.Errorf("relay: connect to NATS %s: %w", opts.URL, err)
	}
	if s.opts.Replicas, err = s.replicas(); err != nil {
		s.Close()
		return nil, err
	}
	s.js, err = jetstream.New(s.nc, jetstream.WithPublishAsyncMaxPending(1<<14), jetstream.WithPublishAsyncTimeout(opts.PublishTimeout))
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("relay: JetStream: %w", err)
	}
	s.legacy, err = s.nc.JetStream()
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("relay: JetStream: %w", err)
	}
	perSubject, err := s.migrate(ctx)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("relay: stream %s: move messages to the per-sender layout: %w", opts.Stream, err)
	}
	s.stream, err = s.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:                 opts.Stream,
		Description:          "paychan relay mailboxes, one subject per recipient and sender",
		Subjects:             []string{subjectPrefix(opts.Stream) + ">"},
		Retention:            jetstream.LimitsPolicy,
		MaxMsgsPerSubject:    perSubject,
		MaxAge:               opts.MailboxMaxAge,
		MaxMsgSize:           int32(opts.MaxPayloadBytes + 1024),
		Discard:              jetstream.DiscardNew,
		DiscardNewPerSubject: true,
		Duplicates:           opts.DuplicateWindow,
		Storage:              jetstream.FileStorage,
		Replicas:             s.opts.Replicas,
		MaxConsumers:         opts.MaxReaders,
		MaxBytes:             opts.MaxBytes,
	})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("relay: create stream %s with %d replicas: %w", opts.Stream, s.opts.Replicas, err)
	}
	return s, nil
}

// replicas resolves opts.Replicas against the NATS server the store is
// connected to: the embedded one and a server outside a cluster keep one
// copy; a cluster DefaultClusterReplicas, or fewer when it has fewer
// servers. An explicit number above the cluster's servers is an error.
func (s *JetStreamStore) replicas() (int, error) {
	want := s.opts.Replicas
	servers := 1
	if s.ns == nil && s.nc.ConnectedClusterName() != "" {
		servers = clusterSize(s.nc)
	}
	if want == 0 {
		return min(DefaultClusterReplicas, servers), nil
	}
	if want > servers {
		if servers == 1 && (s.ns != nil || s.nc.ConnectedClusterName() == "") {
			return 0, fmt.Errorf("relay: %d replicas: the NATS server at %s is not part of a cluster (it keeps one copy): use --nats-replicas 1 or a cluster", want, s.nc.ConnectedUrlRedacted())
		}
		return 0, fmt.Errorf("relay: %d replicas: the NATS cluster %q has %d servers (a stream cannot have more replicas than servers): use --nats-replicas %d or fewer, or add servers",
			want, s.nc.ConnectedClusterName(), servers, servers)
	}
	return want, nil
}

// clusterSize is the number of distinct servers nc knows of: those it was
// given and those the cluster announced (its client URLs).
func clusterSize(nc *nats.Conn) int {
	seen := map[string]bool{}
	for _, u := range nc.Servers() {
		seen[u] = true
	}
	return max(len(seen), 1)
}

// SingleHost implements SingleHoster: with the embedded NATS server
// (which listens to no one else) this process is the store's only user.
func (s *JetStreamStore) SingleHost() bool { return s.ns != nil }

// Replicas is the number of copies of the relay's stream; the watchtower's
// bucket on the same NATS is created with as many.
func (s *JetStreamStore) Replicas() int { return s.opts.Replicas }

// subjectPrefix is the subject prefix of the mailboxes of stream.
func subjectPrefix(stream string) string {
	return strings.ToLower(stream) + ".mbox."
}

// subject is the mailbox subject of addr: the prefix of its messages'
// subjects, subject.<sender>.
func (s *JetStreamStore) subject(addr common.Address) string {
	return s.prefix + hex.EncodeToString(addr[:])
}

// pairSubject is the subject of the messages from from in to's mailbox
// (one subject per recipient and sender, so that JetStream's per-subject
// limit is the sender's quota).
func (s *JetStreamStore) pairSubject(to, from common.Address) string {
	// Two allocations per send, not six: this runs for every message.
	b := make([]byte, 0, len(s.prefix)+2*len(to)+1+2*len(from))
	b = append(b, s.prefix...)
	b = hex.AppendEncode(b, to[:])
	b = append(b, '.')
	b = hex.AppendEncode(b, from[:])
	return string(b)
}

// mailboxOf is the mailbox subject of a message subject (subject itself
// for the legacy layout, one subject per mailbox).
func (s *JetStreamStore) mailboxOf(subject string) string {
	if i := strings.LastIndexByte(subject, '.'); i > len(s.prefix) {
		return subject[:i]
	}
	return subject
}

// migrate moves the messages of an existing stream's former layout (one
// subject per mailbox, prefix.<to>) to per-sender subjects
// (prefix.<to>.<from>), in order, before the per-subject limit becomes the
// sender quota (a lower per-subject limit would drop old messages). It
// first widens the stream's subjects to prefix.>, then republishes and
// deletes each old message. A crash midway may leave a message in both
// places: it is delivered twice, which the protocol allows.
//
// It returns the stream's per-subject limit: SenderQuota, or more while a
// sender has more messages stored in one mailbox (lowering the limit would
// make JetStream drop the oldest; the quota applies once the recipient
// read them and the relay restarted).
func (s *JetStreamStore) migrate(ctx context.Context) (int64, error) {
	limit := s.opts.SenderQuota
	st, err := s.js.Stream(ctx, s.opts.Stream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return limit, nil
	}
	if err != nil {
		return 0, err
	}
	cfg := st.CachedInfo().Config
	wide := s.prefix + ">"
	if len(cfg.Subjects) != 1 || cfg.Subjects[0] != wide {
		cfg.Subjects = []string{wide}
		if cfg.MaxMsgsPerSubject > 0 && cfg.MaxMsgsPerSubject < legacyMailboxMaxMessages {
			cfg.MaxMsgsPerSubject = legacyMailboxMaxMessages
		}
		if st, err = s.js.UpdateStream(ctx, cfg); err != nil {
			return 0, err
		}
	}
	info, err := st.Info(ctx, jetstream.WithSubjectFilter(s.prefix+"*"))
	if err != nil {
		return 0, err
	}
	moved := 0
	for subject := range info.State.Subjects {
		for seq := uint64(1); ; {
			m, err := st.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(subject))
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				break
			}
			if err != nil {
				return 0, err
			}
			seq = m.Sequence + 1
			from := m.Header.Get(headerFrom)
			if common.IsHexAddress(from) {
				nm := nats.NewMsg(subject + "." + hex.EncodeToString(common.HexToAddress(from).Bytes()))
				// Only the relay's headers: a Nats-Msg-Id would make the
				// copy a duplicate of the original, and not stored.
				nm.Header.Set(headerFrom, from)
				nm.Header.Set(headerID, m.Header.Get(headerID))
				nm.Data = m.Data
				if _, err := s.js.PublishMsg(ctx, nm); err != nil {
					return 0, err
				}
				moved++
			}
			if err := st.DeleteMsg(ctx, m.Sequence); err != nil {
				return 0, err
			}
		}
	}
	if moved > 0 {
		s.logf("relay: moved %d stored messages to the per-sender subjects", moved)
	}
	if cfg.MaxMsgsPerSubject > limit || cfg.MaxMsgsPerSubject <= 0 {
		info, err := st.Info(ctx, jetstream.WithSubjectFilter(s.prefix+"*.*"))
		if err != nil {
			return 0, err
		}
		for subject, n := range info.State.Subjects {
			if int64(n) > limit {
				s.logf("relay: %s holds %d messages, more than the sender quota %d: the quota applies once they are read (and the relay restarted)", subject, n, s.opts.SenderQuota)
				limit = int64(n)
			}
		}
	}
	return limit, nil
}

// hexOf returns addr.Hex() (the EIP-55 form, which costs a keccak),
// remembering it for the senders seen lately.
func (s *JetStreamStore) hexOf(addr common.Address) string {
	if h, ok := s.hexes.Load(addr); ok {
		return h.(string)
	}
	h := addr.Hex()
	if s.nhexes.Add(1) > 1<<16 {
		s.hexes.Clear()
		s.nhexes.Store(0)
	}
	s.hexes.Store(addr, h)
	return h
}

// Append implements Store.
func (s *JetStreamStore) Append(ctx context.Context, e Envelope) (Stored, error) {
	m, opts, err := s.message(e)
	if err != nil {
		return Stored{}, err
	}
	ack, err := s.js.PublishMsg(ctx, m, opts...)
	if err != nil {
		return Stored{}, s.appendErr(e, err)
	}
	return Stored{Seq: ack.Sequence, Duplicate: ack.Duplicate}, nil
}

// AppendAsync implements AsyncAppender with JetStream's asynchronous
// publish: the relay keeps many sends in flight on the one NATS connection
// instead of one round trip each.
func (s *JetStreamStore) AppendAsync(e Envelope) (func(ctx context.Context) (Stored, error), error) {
	m, opts, err := s.message(e)
	if err != nil {
		return nil, err
	}
	f, err := s.js.PublishMsgAsync(m, opts...)
	if err != nil {
		return nil, s.appendErr(e, err)
	}
	return func(ctx context.Context) (Stored, error) {
		select {
		case ack := <-f.Ok():
			return Stored{Seq: ack.Sequence, Duplicate: ack.Duplicate}, nil
		case err := <-f.Err():
			return Stored{}, s.appendErr(e, err)
		case <-ctx.Done():
			return Stored{}, ctx.Err()
		}
	}, nil
}

// message builds the JetStream message and publish options of e.
func (s *JetStreamStore) message(e Envelope) (*nats.Msg, []jetstream.PublishOpt, error) {
	if len(e.Payload) > s.opts.MaxPayloadBytes {
		return nil, nil, fmt.Errorf("append %d bytes: %w", len(e.Payload), ErrTooLarge)
	}
	m := nats.NewMsg(s.pairSubject(e.To, e.From))
	from := s.hexOf(e.From)
	m.Header.Set(headerFrom, from)
	m.Header.Set(headerID, e.ID)
	m.Data = e.Payload
	opts := []jetstream.PublishOpt{jetstream.WithExpectStream(s.opts.Stream)}
	if e.ID != "" {
		opts = append(opts, jetstream.WithMsgID(from+"/"+e.ID))
	}
	return m, opts, nil
}

// appendErr maps a publish error.
func (s *JetStreamStore) appendErr(e Envelope, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "maximum messages per subject"):
		return fmt.Errorf("append to %s (%s has %d unacknowledged messages there): %w", e.To.Hex(), e.From.Hex(), s.opts.SenderQuota, ErrQuotaExceeded)
	case strings.Contains(msg, "maximum bytes exceeded"), strings.Contains(msg, "insufficient resources"), strings.Contains(msg, "resource limits exceeded"):
		return fmt.Errorf("append to %s (the stream holds its limit of %d bytes): %w", e.To.Hex(), s.opts.MaxBytes, ErrStoreFull)
	}
	return fmt.Errorf("append to %s: %w", e.To.Hex(), err)
}

// Subscribe implements Store. The host reads new messages through one
// ordered push consumer over all mailboxes and hands each to the readers of
// its mailbox (see mailboxes.go and README.md, "Storage"); a new reader
// first reads its mailbox's backlog from the stream by subject, from the
// oldest message, then the messages handed to it.
func (s *JetStreamStore) Subscribe(ctx context.Context, to common.Address) (Subscription, error) {
	r := &jsSubscription{s: s, to: to, subject: s.subject(to), notify: make(chan struct{}, 1)}
	if err := s.hub.add(ctx, r); err != nil {
		return nil, fmt.Errorf("subscribe to mailbox %s: %w", to.Hex(), err)
	}
	return r, nil
}

// Close closes the NATS connection and, when embedded, shuts the NATS
// server down (flushing its files).
func (s *JetStreamStore) Close() error {
	s.hub.close()
	s.deleter.close()
	if s.nc != nil {
		s.nc.Close()
	}
	s.shutdownServer()
	return nil
}

func (s *JetStreamStore) shutdownServer() {
	if s.ns != nil {
		s.ns.Shutdown()
		s.ns.WaitForShutdown()
	}
}
