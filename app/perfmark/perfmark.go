// Package perfmark records when a payment passes each stage in the wallet
// (click, save, send, receive, ...), for the browser benchmark (make bench)
// to read. In the browser each Mark sets one property of the JavaScript
// object window.paychanTiming to performance.timeOrigin + performance.now()
// in milliseconds, the clock the benchmark's own timestamps use; the
// object keeps only the first time of each name since it was last emptied
// (the benchmark empties it before each payment), so it never grows and a
// later message (the peer's acknowledgement, say) does not overwrite the
// payment's times. A mark costs a few calls into JavaScript and changes
// nothing else. Outside the browser Mark does nothing.
package perfmark

// Stage names, in the order a payment passes them.
const (
	Click   = "click"   // payer: the Pay button's handler runs
	Save0   = "save0"   // either side: a channel state is about to be saved
	Save1   = "save1"   // either side: the save returned
	Send0   = "send0"   // payer: the payment goes to the relay client
	Sealed  = "sealed"  // payer: the relay client sealed a message to send
	Wire    = "wire"    // payer: the relay client wrote a send frame to its WebSocket
	Sent    = "sent"    // payer: the relay stored it
	Frame   = "frame"   // payee: the relay client read a deliver frame from its WebSocket
	Recv    = "recv"    // payee: the relay client handed the message over (opened)
	Applied = "applied" // payee: verified and saved; the render is asked for
	UI      = "ui"      // payee: the UI goroutine runs the update (then go-app renders at its next frame)
	Live    = "live"    // payee: the new amounts are written into the page's text nodes (shown once the Go code yields)
	Render  = "render"  // payee: go-app's next frame has rendered the update (the history and the rest)
	Warm    = "warm"    // either side: the crypto warm-up finished
)
