//go:build !(js && wasm)

package perfmark

// Mark does nothing outside the browser.
func Mark(name string) {}

// MarkAfter does nothing outside the browser.
func MarkAfter(name string, after ...string) {}
