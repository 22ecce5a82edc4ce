// Package ui is the paychan wallet's user interface, written with go-app v9:
// one root component (root) that owns the node, and one component per
// screen. The wasm main and the host's web handler both call Routes, so the
// server prerenders exactly the pages the browser can navigate to.
package ui

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Page paths.
const (
	PathHome     = "/"         // key: import, create, unlock
	PathChannels = "/channels" // my channels
	PathCreate   = "/create"   // open a channel
	PathJoin     = "/join"     // join by id or invite link (?id=N)
	PathChannel  = "/channel"  // one channel (?id=N)
	PathDev      = "/devtools" // dev panel (embedded chain only; not /dev, the host's API)
)

var routesOnce sync.Once

// Routes registers every page. All paths mount the same root component, so
// navigating between pages keeps the unlocked key, the relay connection and
// the loaded channels. It is safe to call more than once.
func Routes() {
	routesOnce.Do(func() {
		for _, p := range Pages() {
			app.RouteFunc(p, func() app.Composer { return newRoot() })
		}
	})
}

// Pages returns the routed paths (the service worker caches them all).
func Pages() []string {
	return []string{PathHome, PathChannels, PathCreate, PathJoin, PathChannel, PathDev, PathPay}
}
