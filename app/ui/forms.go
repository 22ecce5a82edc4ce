package ui

import (
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Every group of fields with its action is a <form> whose action button is
// its first submit button, so Enter in a field submits it: the browser
// "clicks" that button, which runs its OnClick (a disabled button makes
// Enter do nothing). Other buttons in a form are type "button".
//
// A form submit would load the page again: go-app runs event handlers on
// its UI goroutine after the browser's event has finished, too late to
// cancel it, so one capturing listener, called synchronously, cancels the
// browser's default action of every submit on the page.
var formsOnce sync.Once

// keepFormsInPage installs that listener (once, in the browser).
func keepFormsInPage() {
	formsOnce.Do(func() {
		app.Window().Call("addEventListener", "submit", app.FuncOf(func(this app.Value, args []app.Value) any {
			args[0].Call("preventDefault")
			return nil
		}), true)
	})
}
