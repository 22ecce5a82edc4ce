package ui

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/channel"
	"paychan/app/hostapi"
)

// checkChain compares the chain's mark (chainclient.ChainMark, the zero
// hash before the chain has its block 1) with the one this browser
// recorded for the contract; it runs once per connection to the host. A
// different mark means the chain was started again (a development
// chain from an empty data directory: same chain id, contract address and
// channel ids, but none of the old channels): the stored channels of the
// contract belong to the old chain, and are archived so that they are
// neither shown nor mistaken for the new chain's channels of the same id.
func (s *node) checkChain(cfg hostapi.Config, mark common.Hash) ([]channel.ID, error) {
	if mark == (common.Hash{}) {
		return nil, nil // no block 1 yet: nothing to tell chains apart by
	}
	d := channel.Domain{ChainID: cfg.ChainID, Contract: common.HexToAddress(cfg.Contract)}
	old, ok, err := s.store.ChainMark(d)
	if err != nil {
		return nil, err
	}
	var archived []channel.ID
	if ok && old != mark {
		if archived, err = s.store.ArchiveChannels(d, old); err != nil {
			return nil, err
		}
	}
	if !ok || old != mark {
		if err := s.store.SetChainMark(d, mark); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	s.marked = true
	s.mu.Unlock()
	return archived, nil
}

// recheckChain runs checkChain again now (the relay connection was
// renewed: the host may have been restarted on a new chain).
func (s *node) recheckChain(ctx context.Context) ([]channel.ID, error) {
	cfg, cl, _, _, _ := s.snapshot()
	if cl == nil {
		return nil, errOffline
	}
	s.mu.Lock()
	s.marked = false
	s.mu.Unlock()
	mark, err := cl.ChainMark(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", errOffline, err)
	}
	return s.checkChain(cfg, mark)
}
