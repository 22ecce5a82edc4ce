//go:build !js

package relayclient

import "log/slog"

// defaultLogger is slog's default logger.
func defaultLogger() Logger { return slog.Default() }

// isNilLogger reports a nil *slog.Logger given as a Logger (a non-nil
// interface holding nil), which is taken as no logger, as before Logger
// was an interface.
func isNilLogger(l Logger) bool {
	sl, ok := l.(*slog.Logger)
	return ok && sl == nil
}
