//go:build js

package fetch

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"syscall/js"
)

// Do sends a request with body (nil for none; contentType if not empty)
// with the browser's fetch and reads the whole answer, at most MaxBody
// bytes. Ending ctx aborts the request.
func Do(ctx context.Context, method, url, contentType string, body []byte) (*Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fetch := js.Global().Get("fetch")
	if fetch.Type() != js.TypeFunction {
		return nil, errors.New("this browser has no fetch")
	}
	ac := js.Global().Get("AbortController").New()
	opt := js.Global().Get("Object").New()
	opt.Set("method", method)
	if contentType != "" {
		headers := js.Global().Get("Object").New()
		headers.Set("Content-Type", contentType)
		opt.Set("headers", headers)
	}
	if body != nil {
		buf := js.Global().Get("Uint8Array").New(len(body))
		js.CopyBytesToJS(buf, body)
		opt.Set("body", buf)
	}
	opt.Set("signal", ac.Get("signal"))
	opt.Set("credentials", "same-origin")
	return read(ctx, ac, fetch.Invoke(url, opt))
}

// Take returns the answer of a request the page's script started before
// the program ran, which it left in the global name as {response: a
// promise of the Response, abort: its AbortController}. ok is false if
// there is none: each is taken once. Ending ctx aborts the request.
func Take(ctx context.Context, name string) (r *Response, ok bool, err error) {
	g := js.Global().Get(name)
	if g.Type() != js.TypeObject {
		return nil, false, nil
	}
	js.Global().Set(name, js.Undefined())
	p, ac := g.Get("response"), g.Get("abort")
	if p.Type() != js.TypeObject || ac.Type() != js.TypeObject {
		return nil, false, nil
	}
	r, err = read(ctx, ac, p)
	return r, true, err
}

// read waits for the Response promise p and reads its whole body.
func read(ctx context.Context, ac, p js.Value) (*Response, error) {
	resp, err := await(ctx, ac, p)
	if err != nil {
		return nil, err
	}
	ab, err := await(ctx, ac, resp.Call("arrayBuffer"))
	if err != nil {
		return nil, fmt.Errorf("read answer: %w", err)
	}
	arr := js.Global().Get("Uint8Array").New(ab)
	n := arr.Get("length").Int()
	if n > MaxBody {
		return nil, fmt.Errorf("answer is over the %d bytes limit", MaxBody)
	}
	code := resp.Get("status").Int()
	status := strconv.Itoa(code)
	if text := resp.Get("statusText").String(); text != "" {
		status += " " + text
	}
	r := &Response{StatusCode: code, Status: status, Body: make([]byte, n)}
	js.CopyBytesToGo(r.Body, arr)
	return r, nil
}

// await waits for promise p to settle. If ctx ends first it aborts the
// request through ac and waits for the rejection, so the callbacks are
// never called after their release.
func await(ctx context.Context, ac, p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	defer ok.Release()
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "unknown error"
		if len(args) > 0 && args[0].Truthy() {
			msg = args[0].Call("toString").String()
		}
		ch <- result{err: errors.New(msg)}
		return nil
	})
	defer fail.Release()
	p.Call("then", ok, fail)
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		ac.Call("abort")
		<-ch
		return js.Undefined(), ctx.Err()
	}
}
