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
	switch {
	case !w.online && w.netKnown:
		net = app.Span().ID("net-status").Class("net offline").Text("offline: actions disabled until the host is back")
	case !w.online:
		// Not tried yet (the prerendered page, the first second): a
		// short word, so the header keeps its height when it turns
		// to "online" (no layout shift).
		net = app.Span().ID("net-status").Class("net").Text("connecting…")
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
