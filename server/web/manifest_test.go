package web

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNoSVGIcon: the page's favicon and the manifest's icons are PNGs,
// never an SVG (Chromium renders an SVG icon as a document of its own on
// the page's main thread, at every first load); the manifest keeps the
// sizes a browser installs the wallet from, and its other members.
func TestNoSVGIcon(t *testing.T) {
	h := mustHandler(t, "\x00asm-v1")
	page := body(t, get(h, "/", nil))
	links := regexp.MustCompile(`<link[^>]*rel="icon"[^>]*>`).FindAllString(page, -1)
	if len(links) != 1 || !strings.Contains(links[0], `href="/web/icon-192.png"`) {
		t.Errorf("page's icon links = %q; want one, to /web/icon-192.png", links)
	}
	if strings.Contains(page, ".svg") {
		t.Errorf("page names an SVG: %s", page)
	}

	res := get(h, manifestPath, nil)
	b := body(t, res)
	if res.Header.Get("Content-Length") != strconv.Itoa(len(b)) {
		t.Errorf("manifest Content-Length = %s; body is %d bytes", res.Header.Get("Content-Length"), len(b))
	}
	var m struct {
		Name     string `json:"name"`
		StartURL string `json:"start_url"`
		Display  string `json:"display"`
		Icons    []struct {
			Src, Type, Sizes string
		} `json:"icons"`
	}
	if err := json.Unmarshal([]byte(b), &m); err != nil {
		t.Fatalf("manifest: %v: %s", err, b)
	}
	sizes := map[string]bool{}
	for _, ic := range m.Icons {
		if ic.Type != "image/png" || !strings.HasSuffix(ic.Src, ".png") {
			t.Errorf("manifest icon %+v; want PNGs only", ic)
		}
		sizes[ic.Sizes] = true
	}
	if !sizes["192x192"] || !sizes["512x512"] {
		t.Errorf("manifest icon sizes %v; want 192x192 and 512x512", sizes)
	}
	if m.Name != "paychan wallet" || m.StartURL != "/" || m.Display != "standalone" {
		t.Errorf("manifest members lost: %+v", m)
	}
}

func TestWithoutSVGIcons(t *testing.T) {
	in := `{"name":"x","icons":[{"src":"/a.svg","type":"image/svg+xml","sizes":"any"},{"src":"/b.png","type":"image/png","sizes":"192x192"}],"n":1}`
	out, err := withoutSVGIcons([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	icons := got["icons"].([]any)
	if len(icons) != 1 || icons[0].(map[string]any)["src"] != "/b.png" || got["name"] != "x" || got["n"] != float64(1) {
		t.Errorf("withoutSVGIcons = %s", out)
	}
	if _, err := withoutSVGIcons([]byte("not json")); err == nil {
		t.Error("withoutSVGIcons(not json): no error")
	}
}
