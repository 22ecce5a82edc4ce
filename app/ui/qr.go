package ui

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/qr"
)

// qrWidth is the QR codes' width in CSS pixels, at most.
const qrWidth = 240

// qrImage draws text as a QR code (an inline SVG from app/qr, crisp at any
// size) for a phone's camera, with alt as its text alternative (the SVG's
// title, read by screen readers).
func qrImage(id, text, alt string) app.UI {
	svg, ok := qrSVG(text, alt)
	if !ok {
		return app.P().ID(id).Class("muted").Text("This link is too long for a QR code: copy it instead.")
	}
	return app.Div().ID(id).Class("qr").Body(app.Raw(svg))
}

// qrMade holds the last QR codes drawn: encoding one tries every mask,
// milliseconds in WebAssembly, and the page showing it is rendered again
// on every payment and every new block. (The host prerenders pages on
// several goroutines: qrMu.)
var (
	qrMu   sync.Mutex
	qrMade []qrEntry
)

type qrEntry struct{ text, alt, svg string }

// qrKept is how many QR codes qrMade holds.
const qrKept = 4

// qrSVG is text's QR code as an SVG with alt as its title; false if text
// does not fit in a QR code.
func qrSVG(text, alt string) (string, bool) {
	qrMu.Lock()
	defer qrMu.Unlock()
	for _, e := range qrMade {
		if e.text == text && e.alt == alt {
			return e.svg, e.svg != ""
		}
	}
	svg := ""
	if c, err := qr.Encode(text); err == nil {
		// About 240 pixels wide, a whole number of pixels a module
		// (crisp edges; fits a 375-pixel phone screen).
		svg = c.SVG(alt, max(2, qrWidth/(c.Size+2*qr.Quiet)))
	}
	qrMade = append(qrMade, qrEntry{text, alt, svg})
	if len(qrMade) > qrKept {
		qrMade = qrMade[1:]
	}
	return svg, svg != ""
}
