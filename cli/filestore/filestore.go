// Package filestore is the headless client's channel.Store: one JSON file
// holding the sealed key, the account's public addresses and every channel
// state.
//
// Every save rewrites the whole file atomically: the new content goes to a
// temporary file in the same directory, which is fsynced, renamed over the
// state file, and the directory is fsynced. So when SaveChannel returns the
// state survives a crash of the process or of the machine, which is what
// channel.Book relies on to send a payment (or acknowledge one) only after
// it is persisted. A crash in the middle leaves either the old or the new
// file, never a torn one.
//
// A Store holds an exclusive advisory lock (flock) on "<file>.lock" while
// it is open, so two processes never overwrite each other's states; the
// second one gets ErrLocked.
package filestore

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"syscall"

	"paychan/app/channel"
)

var _ channel.Store = (*Store)(nil)

// ErrLocked is returned by Open when another process has the state file open.
var ErrLocked = errors.New("the state file is in use by another paychan-cli process")

// Version is the file format version Store writes.
const Version = 1

// Account is the public part of the stored key, readable without the
// passphrase.
type Account struct {
	Qtum   string `json:"qtum"`
	Signer string `json:"signer"`
}

// file is the JSON document on disk.
type file struct {
	Version  int                      `json:"version"`
	Host     string                   `json:"host,omitempty"`
	Account  *Account                 `json:"account,omitempty"`
	Keys     []byte                   `json:"keys,omitempty"` // sealed (wallet.Seal), base64 in JSON
	Channels map[string]channel.State `json:"channels"`
}

// Options configures Open.
type Options struct {
	// NoSync skips the fsyncs: the file is still replaced atomically (safe
	// against a crash of the process) but a power loss may lose the last
	// saves. Only for measurements; the client always syncs.
	NoSync bool
}

// Store is a channel.Store in one JSON file. It is safe for concurrent use.
type Store struct {
	path string
	opts Options
	lock *os.File

	mu  sync.Mutex
	doc file
}

// Open opens (or creates on the first save) the state file at path and
// locks it for this process.
func Open(path string, opts Options) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("filestore: create directory of %s: %w", path, err)
	}
	lock, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("filestore: open lock of %s: %w", path, err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("filestore: %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("filestore: lock %s: %w", path, err)
	}
	s := &Store{path: path, opts: opts, lock: lock, doc: file{Version: Version, Channels: map[string]channel.State{}}}
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		s.Close()
		return nil, fmt.Errorf("filestore: read %s: %w", path, err)
	default:
		if err := json.Unmarshal(b, &s.doc); err != nil {
			s.Close()
			return nil, fmt.Errorf("filestore: %s is not a paychan state file: %w", path, err)
		}
		if s.doc.Version != Version {
			s.Close()
			return nil, fmt.Errorf("filestore: %s has version %d, this client reads %d", path, s.doc.Version, Version)
		}
		if s.doc.Channels == nil {
			s.doc.Channels = map[string]channel.State{}
		}
	}
	return s, nil
}

// Path returns the state file's path.
func (s *Store) Path() string { return s.path }

// Close releases the lock. Saves are already durable.
func (s *Store) Close() error {
	if s.lock == nil {
		return nil
	}
	err := s.lock.Close() // closing the descriptor drops the flock
	s.lock = nil
	return err
}

// LoadChannel implements channel.Store.
func (s *Store) LoadChannel(id channel.ID) (channel.State, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.doc.Channels[id.String()]
	if !ok {
		return channel.State{}, fmt.Errorf("load channel %s: %w", id, channel.ErrNotFound)
	}
	return st, nil
}

// SaveChannel implements channel.Store: the state is on disk when it
// returns nil. On an error the previous state stays current.
func (s *Store) SaveChannel(st channel.State) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := st.ID.String()
	old, had := s.doc.Channels[key]
	s.doc.Channels[key] = st
	if err := s.write(); err != nil {
		if had {
			s.doc.Channels[key] = old
		} else {
			delete(s.doc.Channels, key)
		}
		return fmt.Errorf("save channel %s: %w", st.ID, err)
	}
	return nil
}

// ListChannels implements channel.Store (sorted by chain, contract, number).
func (s *Store) ListChannels() ([]channel.ID, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]channel.ID, 0, len(s.doc.Channels))
	for _, st := range s.doc.Channels {
		ids = append(ids, st.ID)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := ids[i], ids[j]
		if a.ChainID != b.ChainID {
			return a.ChainID < b.ChainID
		}
		if a.Contract != b.Contract {
			return a.Contract.Hex() < b.Contract.Hex()
		}
		return a.Channel < b.Channel
	})
	return ids, nil
}

// LoadKeys implements channel.Store.
func (s *Store) LoadKeys() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.doc.Keys == nil {
		return nil, fmt.Errorf("load keys: %w", channel.ErrNotFound)
	}
	return append([]byte(nil), s.doc.Keys...), nil
}

// SaveKeys implements channel.Store.
func (s *Store) SaveKeys(sealed []byte) error {
	return s.update(func(d *file) { d.Keys = append([]byte(nil), sealed...) })
}

// Account returns the stored key's public addresses, or nil.
func (s *Store) Account() *Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.doc.Account == nil {
		return nil
	}
	a := *s.doc.Account
	return &a
}

// SetKey stores a sealed key together with its public addresses, replacing
// any previous key.
func (s *Store) SetKey(sealed []byte, a Account) error {
	return s.update(func(d *file) {
		d.Keys = append([]byte(nil), sealed...)
		d.Account = &a
	})
}

// Host returns the host URL remembered in the file ("" if none).
func (s *Store) Host() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.doc.Host
}

// SetHost remembers the host URL.
func (s *Store) SetHost(url string) error {
	return s.update(func(d *file) { d.Host = url })
}

// update applies f to a copy of the document and writes it.
func (s *Store) update(f func(*file)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.doc
	n.Channels = s.doc.Channels // channels are not changed by f
	f(&n)
	old := s.doc
	s.doc = n
	if err := s.write(); err != nil {
		s.doc = old
		return fmt.Errorf("filestore: %w", err)
	}
	return nil
}

// write replaces the file with the document: temp file, fsync, rename,
// fsync of the directory. Called with mu held.
func (s *Store) write() error {
	b, err := json.Marshal(&s.doc)
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	dir := filepath.Dir(s.path)
	tmp, err := os.CreateTemp(dir, filepath.Base(s.path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if _, err := tmp.Write(b); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if !s.opts.NoSync {
		if err := tmp.Sync(); err != nil {
			return fmt.Errorf("sync state: %w", err)
		}
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	if err := os.Rename(name, s.path); err != nil {
		return fmt.Errorf("replace state: %w", err)
	}
	ok = true
	if !s.opts.NoSync {
		d, err := os.Open(dir)
		if err != nil {
			return fmt.Errorf("sync state directory: %w", err)
		}
		defer d.Close()
		if err := d.Sync(); err != nil {
			return fmt.Errorf("sync state directory: %w", err)
		}
	}
	return nil
}
