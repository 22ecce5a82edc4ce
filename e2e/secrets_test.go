//go:build browser

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"paychan/app/wallet"
)

// checkNoSecrets fails if the WIF or the raw private key appears in any
// request or WebSocket frame u's page sent, or in its localStorage.
func checkNoSecrets(t *testing.T, u *user, tr *traffic, wif string) {
	t.Helper()
	k, err := wallet.ParseWIF(wif)
	if err != nil {
		t.Fatal(err)
	}
	// The key's hex without leading zeros: found in the padded and the
	// unpadded form alike (Bob's key starts with a zero byte).
	priv := strings.TrimLeft(common.Bytes2Hex(crypto.FromECDSA(k.PrivateKey())), "0")
	secrets := []string{wif, priv}
	tr.mu.Lock()
	sent := append([]string(nil), tr.sent...)
	tr.mu.Unlock()
	if len(sent) < 10 {
		t.Errorf("%s: only %d requests captured; the capture is not working", u.name, len(sent))
	}
	ws := 0
	for _, s := range sent {
		if strings.HasPrefix(s, "WS ") {
			ws++
		}
		for _, secret := range secrets {
			if strings.Contains(strings.ToLower(s), strings.ToLower(secret)) {
				t.Errorf("%s's key was sent to the host: %.200s", u.name, s)
			}
		}
	}
	if ws == 0 {
		t.Errorf("%s: no WebSocket frame captured", u.name)
	}
	storage, err := chromedp.Run(u.ctx, chromedp.Evaluate[string](`JSON.stringify(localStorage)`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(storage, "paychan/keys") {
		t.Errorf("%s: no sealed key in localStorage: %.300s", u.name, storage)
	}
	for _, secret := range secrets {
		if strings.Contains(strings.ToLower(storage), strings.ToLower(secret)) {
			t.Errorf("%s's key is in localStorage in clear", u.name)
		}
	}
	t.Logf("%s: %d requests and frames checked (%d WebSocket frames), localStorage %d bytes, no key", u.name, len(sent), ws, len(storage))
}
