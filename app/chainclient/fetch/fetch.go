// Package fetch makes the wallet's HTTP requests to its host (JSON-RPC,
// /config.json, dev endpoints): with the browser's fetch under
// GOOS=js, with net/http elsewhere.
//
// Calling fetch directly keeps net/http's client out of app.wasm: its
// RoundTrip falls back to the pure Go transport when fetch is missing, so
// any use of http.Client links that transport with crypto/tls and
// crypto/x509, about 0.55 MB of brotli.
package fetch

// MaxBody bounds the body of an answer.
const MaxBody = 32 << 20

// Response is a complete HTTP answer.
type Response struct {
	StatusCode int    // e.g. 200
	Status     string // e.g. "200 OK"
	Body       []byte
}
