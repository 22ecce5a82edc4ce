package qr

import (
	"image"
	"image/color"
	"math/rand/v2"
	"strings"
	"testing"

	goqr "github.com/piglig/go-qr"
)

// reference encodes with an independent encoder (github.com/piglig/go-qr,
// test only) at the same level, mask and without boosting the level.
func reference(t *testing.T, data []byte, mask int) *goqr.QrCode {
	t.Helper()
	seg, err := goqr.MakeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	q, err := goqr.EncodeSegments([]*goqr.QrSegment{seg}, goqr.Medium, goqr.MinVersion, goqr.MaxVersion, mask, false)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func sameModules(t *testing.T, name string, got *Code, want *goqr.QrCode) {
	t.Helper()
	if got.Size != want.Size() {
		t.Fatalf("%s: size %d; want %d", name, got.Size, want.Size())
	}
	for y := 0; y < got.Size; y++ {
		for x := 0; x < got.Size; x++ {
			if got.Dark(x, y) != want.Module(x, y) {
				t.Fatalf("%s: module (%d,%d) = %v; want %v (version %d mask %d)", name, x, y, got.Dark(x, y), want.Module(x, y), got.Version, got.Mask)
			}
		}
	}
}

// TestEncodeMatchesReference: every version's symbol, each mask and the
// chosen mask, module for module against the independent encoder.
func TestEncodeMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 5))
	lengths := []int{0, 1, 14, 15, 16, 32, 60, 100, 150, 213, 214, 400, 1000, MaxBytes}
	for v := 1; v <= 40; v++ { // the longest text of each version
		lengths = append(lengths, (numDataCodewords(v)*8-4-charCountBits(v))/8)
	}
	for _, n := range lengths {
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.IntN(256))
		}
		for mask := -1; mask < 8; mask++ {
			got, err := encode(data, mask)
			if err != nil {
				t.Fatalf("encode(%d bytes, mask %d): %v", n, mask, err)
			}
			sameModules(t, "len "+itoa(n)+" mask "+itoa(mask), got, reference(t, data, mask))
			if n > 300 && mask >= 0 {
				break // long texts: the chosen mask only, the masks are covered above
			}
		}
	}
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// TestEncodeDecodes: a rendered link decodes back with the reference
// decoder (an image read like a camera would: 4 pixels a module).
func TestEncodeDecodes(t *testing.T) {
	for _, text := range []string{
		"http://127.0.0.1:8080/join?id=1",
		"https://wallet.example/pay?ch=12&amt=5.25&to=0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
		strings.Repeat("é€", 40),
	} {
		c, err := Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		const px = 4
		n := (c.Size + 2*Quiet) * px
		img := image.NewGray(image.Rect(0, 0, n, n))
		for y := 0; y < n; y++ {
			for x := 0; x < n; x++ {
				v := uint8(255)
				if c.Dark(x/px-Quiet, y/px-Quiet) {
					v = 0
				}
				img.SetGray(x, y, color.Gray{Y: v})
			}
		}
		got, err := goqr.Decode(img)
		if err != nil {
			t.Fatalf("decode %q: %v", text, err)
		}
		if got != text {
			t.Fatalf("decode = %q; want %q", got, text)
		}
	}
}

func TestEncodeTooLong(t *testing.T) {
	if _, err := Encode(strings.Repeat("a", MaxBytes)); err != nil {
		t.Fatalf("Encode(%d bytes) = %v; want nil", MaxBytes, err)
	}
	if _, err := Encode(strings.Repeat("a", MaxBytes+1)); err != ErrTooLong {
		t.Fatalf("Encode(%d bytes) = %v; want ErrTooLong", MaxBytes+1, err)
	}
}

func TestSVG(t *testing.T) {
	c, err := Encode("http://x/join?id=1")
	if err != nil {
		t.Fatal(err)
	}
	s := c.SVG(`Invite <link> & "more"`, 7)
	for _, want := range []string{`width="231" height="231" viewBox="0 0 33 33"`, `<title>Invite &lt;link&gt; &amp; &quot;more&quot;</title>`, `M4 4h7v1h-7z`} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q:\n%s", want, s)
		}
	}
}
