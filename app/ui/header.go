package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// header shows the navigation and the online/offline indicator.
type header struct {
	app.Compo
	W   *root
	Rev int
}

func newHeader(w *root) *header { return &header{W: w, Rev: w.rev} }

// Render draws the bar.
func (h *header) Render() app.UI {
	w := h.W
	link := func(id, path, text string) app.UI {
		a := app.A().ID(id).Href(path).Text(text)
		if w.path == path {
			a = a.Class("active")
		}
		return a
	}
	net := app.Span().ID("net-status").Class("net online").Text("online")
	if !w.online {
		net = app.Span().ID("net-status").Class("net offline").Text("offline: actions disabled until the host is back")
	}
	return app.Header().Class("bar").Body(
		app.H1().Text("paychan"),
		app.Nav().Body(
			link("nav-key", PathHome, "Key"),
			link("nav-channels", PathChannels, "My channels"),
			link("nav-create", PathCreate, "Create"),
			link("nav-join", PathJoin, "Join"),
			app.If(w.cfg.DevTools, link("nav-dev", PathDev, "Dev")),
		),
		net,
	)
}
