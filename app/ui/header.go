package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// header shows the navigation and the online/offline indicator.
type header struct {
	app.Compo
	// What the bar shows, and nothing else: go-app renders a component
	// only when its fields change, so a payment or a new block does not
	// redraw the bar.
	Path     string
	Online   bool
	NetKnown bool
	DevTools bool
}

func newHeader(w *root) *header {
	return &header{Path: w.path, Online: w.online, NetKnown: w.netKnown, DevTools: w.cfg.DevTools}
}

// Render draws the bar.
func (h *header) Render() app.UI {
	link := func(id, path, text string) app.UI {
		a := app.A().ID(id).Href(path).Text(text)
		if h.Path == path {
			a = a.Class("active")
		}
		return a
	}
	net := app.Span().ID("net-status").Class("net online").Text("online")
	switch {
	case !h.Online && h.NetKnown:
		net = app.Span().ID("net-status").Class("net offline").Text("offline: actions disabled until the host is back")
	case !h.Online:
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
			app.If(h.DevTools, link("nav-dev", PathDev, "Dev")),
		),
		net,
	)
}
