// Package hosttest starts the real host (server/host: embedded dev chain,
// relay, watchtower, wallet files) for a test: one helper instead of one
// copy per package's tests.
package hosttest

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"paychan/internal/testkit"
	"paychan/server/host"
)

// StartTimeout bounds a host's start in Start.
const StartTimeout = time.Minute

// Start starts the host with cfg and closes it when the test ends. Unset
// fields get test defaults: Addr 127.0.0.1:0, DataDir a fresh tb.TempDir(),
// WebDir "-" (no wallet), Logger the test log at info level (use
// [Quiet] for a host that logs nothing).
func Start(tb testing.TB, cfg host.Config) *host.Main {
	tb.Helper()
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.DataDir == "" {
		cfg.DataDir = tb.TempDir()
	}
	if cfg.WebDir == "" {
		cfg.WebDir = "-"
	}
	if cfg.Logger == nil {
		cfg.Logger = testkit.Logger(tb, slog.LevelInfo)
	}
	m := &host.Main{Config: cfg}
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	start := time.Now()
	if err := m.Run(ctx); err != nil {
		tb.Fatalf("start the host: %v", err)
	}
	tb.Logf("host started in %s at %s", time.Since(start).Round(time.Millisecond), m.URL())
	tb.Cleanup(func() { m.Close() })
	return m
}

// Quiet is a logger that drops every record, for hosts whose logs would
// drown the test's (browser tests).
func Quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }
