//go:build !(js && wasm)

package perfmark

// Mark does nothing outside the browser.
func Mark(name string) {}
