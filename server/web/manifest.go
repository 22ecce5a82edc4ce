package web

import (
	"encoding/json"
	"net/http"
)

// manifestPath is where go-app serves the web app manifest.
const manifestPath = "/manifest.webmanifest"

// pngManifest drops the icons go-app's manifest labels as SVG: the wallet
// gives go-app its PNG in the SVG icon's place (see Handler), so that
// entry would be a PNG said to be an SVG of any size. The PNGs of 192 and
// 512 pixels stay, which is what a browser needs to install the wallet.
func pngManifest(next http.Handler) http.Handler {
	return rewriteOK(next, manifestPath, func(body []byte) []byte {
		if b, err := withoutSVGIcons(body); err == nil {
			return b
		}
		return body
	})
}

// withoutSVGIcons returns the manifest m without its icons of type
// image/svg+xml, every other member as it was.
func withoutSVGIcons(m []byte) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(m, &doc); err != nil {
		return nil, err
	}
	var icons []json.RawMessage
	if err := json.Unmarshal(doc["icons"], &icons); err != nil {
		return nil, err
	}
	kept := icons[:0]
	for _, ic := range icons {
		var i struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(ic, &i) == nil && i.Type == "image/svg+xml" {
			continue
		}
		kept = append(kept, ic)
	}
	b, err := json.Marshal(kept)
	if err != nil {
		return nil, err
	}
	doc["icons"] = b
	return json.MarshalIndent(doc, "", "  ")
}
