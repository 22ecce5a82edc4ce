package wallet_test

import (
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
)

// wifWithPrefix builds a WIF with a chosen network byte and a key whose last
// byte is last (other bytes zero).
func wifWithPrefix(prefix, last byte, compressed bool) string {
	payload := make([]byte, 32)
	payload[31] = last
	if compressed {
		payload = append(payload, 0x01)
	}
	return base58.CheckEncode(payload, prefix)
}

// mangledFlag is Alice's key with compression flag 0x02 and a valid checksum.
func mangledFlag(tb testing.TB) string {
	tb.Helper()
	raw := base58.Decode(aliceWIF)
	payload := append([]byte{}, raw[1:33]...)
	payload = append(payload, 0x02)
	return base58.CheckEncode(payload, raw[0])
}
