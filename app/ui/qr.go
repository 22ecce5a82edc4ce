package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/qr"
)

// qrWidth is the QR codes' width in CSS pixels, at most.
const qrWidth = 240

// qrImage draws text as a QR code (an inline SVG from app/qr, crisp at any
// size) for a phone's camera, with alt as its text alternative (the SVG's
// title, read by screen readers).
func qrImage(id, text, alt string) app.UI {
	c, err := qr.Encode(text)
	if err != nil {
		return app.P().ID(id).Class("muted").Text("This link is too long for a QR code: copy it instead.")
	}
	// About 240 pixels wide, a whole number of pixels a module (crisp
	// edges; fits a 375-pixel phone screen).
	scale := max(2, qrWidth/(c.Size+2*qr.Quiet))
	return app.Div().ID(id).Class("qr").Body(app.Raw(c.SVG(alt, scale)))
}
