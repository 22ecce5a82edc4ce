//go:build !js

package fetch

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func mustServer(tb testing.TB, h http.HandlerFunc) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener = l
	srv.Start()
	tb.Cleanup(srv.Close)
	return srv.URL
}

func TestDo(t *testing.T) {
	url := mustServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/missing" {
			http.Error(w, "no such page", http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(r.Method + " " + r.Header.Get("Content-Type") + " " + string(body)))
	})
	ctx := context.Background()
	for _, tt := range []struct {
		name, method, path, contentType string
		body                            []byte
		want                            Response
	}{
		{"get", http.MethodGet, "/", "", nil, Response{200, "200 OK", []byte("GET  ")}},
		{"post", http.MethodPost, "/rpc", "application/json", []byte(`{"a":1}`),
			Response{200, "200 OK", []byte(`POST application/json {"a":1}`)}},
		{"not found", http.MethodGet, "/missing", "", nil, Response{404, "404 Not Found", []byte("no such page\n")}},
	} {
		got, err := Do(ctx, tt.method, url+tt.path, tt.contentType, tt.body)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, *got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Do(cctx, http.MethodGet, url, "", nil); err == nil {
		t.Error("Do with a canceled context succeeded")
	}
}
