// Package testkit holds what many packages' tests share: a logger that writes to the test log, and [Eventually], the
// way a test waits for something (a poll with a deadline, never a fixed
// sleep). It imports only the standard library and builds for the browser
// (GOOS=js GOARCH=wasm). The host-for-tests helper, which needs the whole
// host, is in [paychan/internal/testkit/hosttest]; the seed's public test
// keys, which the development chain funds too, in
// [paychan/internal/testkit/seed].
package testkit
