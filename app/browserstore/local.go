package browserstore

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Local returns s (go-app's ctx.LocalStorage()) with TextStorage's access
// to the text localStorage holds; outside the browser, s as it is.
func Local(s app.BrowserStorage) app.BrowserStorage {
	if !app.IsClient {
		return s
	}
	return localText{s}
}

type localText struct{ app.BrowserStorage }

var _ TextStorage = localText{}

// GetText implements TextStorage.
func (localText) GetText(k string) string {
	v := app.Window().Get("localStorage").Call("getItem", k)
	if !v.Truthy() {
		return ""
	}
	return v.String()
}

// SetText implements TextStorage. setItem throws when the storage is full:
// that is an error, not a crash.
func (localText) SetText(k, v string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("localStorage.setItem: %v", r)
		}
	}()
	app.Window().Get("localStorage").Call("setItem", k, v)
	return nil
}
