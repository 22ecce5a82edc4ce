package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"paychan/app/qr"
)

// qrImage draws text as a QR code (an inline SVG from app/qr, crisp at any
// size) for a phone's camera, with alt as its text alternative (the SVG's
// title, read by screen readers).
func qrImage(id, text, alt string) app.UI {
	c, err := qr.Encode(text)
	if err != nil {
		return app.P().ID(id).Class("muted").Text("This link is too long for a QR code: copy it instead.")
	}
	return app.Div().ID(id).Class("qr").Style("width", "min(240px, 100%)").Style("margin", "8px 0").
		Body(app.Raw(c.SVG(alt)))
}
