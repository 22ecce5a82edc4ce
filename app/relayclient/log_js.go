//go:build js

package relayclient

import (
	"fmt"
	"os"
)

// defaultLogger writes to the browser's console (Go's standard error is
// console.error there), one line an event, without linking log/slog.
func defaultLogger() Logger { return consoleLogger{} }

type consoleLogger struct{}

func (consoleLogger) Debug(string, ...any) {}

func (consoleLogger) Info(msg string, args ...any) { consoleLog("INFO", msg, args) }

func (consoleLogger) Warn(msg string, args ...any) { consoleLog("WARN", msg, args) }

func (consoleLogger) Error(msg string, args ...any) { consoleLog("ERROR", msg, args) }

func consoleLog(level, msg string, args []any) {
	line := level + " " + msg
	for i := 0; i+1 < len(args); i += 2 {
		line += fmt.Sprintf(" %v=%v", args[i], args[i+1])
	}
	fmt.Fprintln(os.Stderr, line)
}

// isNilLogger: the browser build passes no logger (log/slog is not linked
// there).
func isNilLogger(Logger) bool { return false }
