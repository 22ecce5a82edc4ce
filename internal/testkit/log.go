package testkit

import (
	"io"
	"log/slog"
	"strings"
	"testing"
)

// Logger returns a logger that writes records at level and above to tb's
// log (shown for failed tests and with -v).
func Logger(tb testing.TB, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(Writer(tb), &slog.HandlerOptions{Level: level}))
}

// Writer returns an io.Writer that logs each write to tb, one call a write.
func Writer(tb testing.TB) io.Writer { return tbWriter{tb} }

type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Helper()
	w.tb.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
