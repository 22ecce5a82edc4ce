//go:build !(js && wasm)

package initturn

// Wait does nothing outside js/wasm.
func Wait() {}
