//go:build !js

package relayclient

import "log/slog"

// defaultLogger is slog's default logger.
func defaultLogger() Logger { return slog.Default() }
