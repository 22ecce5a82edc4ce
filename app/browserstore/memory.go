package browserstore

import (
	"encoding/json"
	"errors"
	"sort"
	"sync"
)

// Memory returns an empty in-memory storage with TextStorage's access, as
// localStorage is in the browser: for a Store whose data must not outlive
// it (the wallet's warm-up runs the store's code on it).
func Memory() TextStorage { return &memory{m: map[string]string{}} }

type memory struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memory) Set(k string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.SetText(k, string(b))
}

func (s *memory) Get(k string, v any) error {
	t := s.GetText(k)
	if t == "" {
		return nil
	}
	return json.Unmarshal([]byte(t), v)
}

func (s *memory) GetText(k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k]
}

func (s *memory) SetText(k, v string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
	return nil
}

func (s *memory) Del(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, k)
}

func (s *memory) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}

func (s *memory) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.m)
}

// Key returns the i-th key in sorted order.
func (s *memory) Key(i int) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.m))
	for k := range s.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if i < 0 || i >= len(keys) {
		return "", errors.New("browserstore: no such key")
	}
	return keys[i], nil
}
