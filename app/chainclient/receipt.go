package chainclient

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Backoff is the schedule of a receipt poll: the first pause after a miss,
// doubled after each further miss up to Max.
type Backoff struct {
	First, Max time.Duration
}

// LocalBackoff polls every few milliseconds at first (a local or dev node
// mines in about 10 ms), then every 100 ms; bind.WaitMined polls once a
// second.
var LocalBackoff = Backoff{First: 2 * time.Millisecond, Max: 100 * time.Millisecond}

func (b Backoff) next(d time.Duration) time.Duration {
	if d <= 0 {
		d = b.First
	} else {
		d *= 2
	}
	if d > b.Max {
		d = b.Max
	}
	if d <= 0 {
		d = time.Millisecond
	}
	return d
}

// PollReceipt is the one receipt poller of the code base. It calls get for
// hash until it returns a receipt (non-nil, no error), pausing on the
// schedule b between calls, until ctx ends. A call that fails with an error
// for which retry reports true (or with neither receipt nor error: not mined
// yet) is a miss; any other error ends the poll. retry nil retries every
// error (a node may answer "transaction indexing is in progress").
func PollReceipt[R any](ctx context.Context, hash common.Hash, b Backoff,
	get func(context.Context, common.Hash) (*R, error), retry func(error) bool) (*R, error) {
	var delay time.Duration
	for {
		rc, err := get(ctx, hash)
		if err == nil && rc != nil {
			return rc, nil
		}
		if err != nil && retry != nil && !retry(err) {
			return nil, fmt.Errorf("receipt of %s: %w", hash.Hex(), err)
		}
		delay = b.next(delay)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			if err != nil {
				return nil, fmt.Errorf("no receipt for %s: %w (last error: %v)", hash.Hex(), ctx.Err(), err)
			}
			return nil, fmt.Errorf("no receipt for %s: %w", hash.Hex(), ctx.Err())
		case <-t.C:
		}
	}
}

// WaitReceipt polls for the receipt of a transaction sent to the client's
// node every PollInterval until it is mined or ctx ends.
func (c *Client) WaitReceipt(ctx context.Context, h common.Hash) (*Receipt, error) {
	return c.wait(ctx, h)
}
