//go:build !js

package fetch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
)

// client sends the requests of native builds.
var client = new(http.Client)

// Do sends a request with body (nil for none; contentType if not empty)
// and reads the whole answer, at most MaxBody bytes.
func Do(ctx context.Context, method, url, contentType string, body []byte) (*Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("read answer: %w", err)
	}
	if len(data) > MaxBody {
		return nil, fmt.Errorf("answer is over the %d bytes limit", MaxBody)
	}
	return &Response{StatusCode: resp.StatusCode, Status: resp.Status, Body: data}, nil
}

// Take is the browser's (see fetch_js.go): natively no page's script
// starts a request, so there is none to take.
func Take(ctx context.Context, name string) (*Response, bool, error) { return nil, false, nil }
