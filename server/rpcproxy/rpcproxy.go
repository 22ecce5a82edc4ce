// Package rpcproxy puts an allowlist of the JSON-RPC methods a wallet needs in
// front of an Ethereum JSON-RPC handler: the embedded chain's, or a reverse
// proxy to an external node. Anything else (admin_, debug_, personal_,
// miner_, txpool_, unknown methods) gets a JSON-RPC error without reaching the
// node; bodies are size limited and batches are checked element by element.
package rpcproxy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// DefaultMethods are the JSON-RPC methods a wallet (ethclient, bind/v2) needs.
var DefaultMethods = []string{
	"eth_chainId",
	"eth_blockNumber",
	"eth_syncing",
	"eth_getBalance",
	"eth_getCode",
	"eth_getStorageAt",
	"eth_getTransactionCount",
	"eth_call",
	"eth_estimateGas",
	"eth_gasPrice",
	"eth_maxPriorityFeePerGas",
	"eth_feeHistory",
	"eth_blobBaseFee",
	"eth_sendRawTransaction",
	"eth_getTransactionByHash",
	"eth_getTransactionReceipt",
	"eth_getBlockByNumber",
	"eth_getBlockByHash",
	"eth_getLogs",
	"eth_newFilter",
	"eth_newBlockFilter",
	"eth_getFilterChanges",
	"eth_getFilterLogs",
	"eth_uninstallFilter",
	"net_version",
	"web3_clientVersion",
}

// Limits used when Options leave them zero.
const (
	DefaultMaxBody     = 1 << 20          // bytes of one request body
	DefaultMaxBatch    = 100              // elements of one batch
	DefaultMaxResponse = 16 << 20         // bytes of an upstream batch answer we rewrite
	DefaultTimeout     = 30 * time.Second // upstream round trip (external mode)
)

// JSON-RPC 2.0 error codes.
const (
	CodeParseError     = -32700
	CodeInvalidRequest = -32600
	CodeMethodNotFound = -32601
	CodeInternalError  = -32603
)

// Options configure Filter and New.
type Options struct {
	// Methods is the allowlist; nil means DefaultMethods.
	Methods []string
	// MaxBody bounds a request body in bytes; 0 means DefaultMaxBody.
	MaxBody int64
	// MaxBatch bounds the elements of a batch; 0 means DefaultMaxBatch.
	MaxBatch int
	// Logger receives denied and failed requests; nil means slog.Default().
	Logger *slog.Logger
}

// filter is the allowlist handler.
type filter struct {
	next     http.Handler
	allowed  map[string]bool
	maxBody  int64
	maxBatch int
	log      *slog.Logger
}

// Filter returns a handler that serves only POSTed JSON-RPC requests (single
// or batch) sent as application/json (else 415) whose methods are all
// allowed by passing them to next. Denied
// batch elements are answered in place; the allowed ones still go to next.
func Filter(next http.Handler, opts Options) http.Handler {
	f := &filter{next: next, allowed: map[string]bool{}, maxBody: opts.MaxBody, maxBatch: opts.MaxBatch, log: opts.Logger}
	methods := opts.Methods
	if methods == nil {
		methods = DefaultMethods
	}
	for _, m := range methods {
		f.allowed[m] = true
	}
	if f.maxBody <= 0 {
		f.maxBody = DefaultMaxBody
	}
	if f.maxBatch <= 0 {
		f.maxBatch = DefaultMaxBatch
	}
	if f.log == nil {
		f.log = slog.Default()
	}
	return f
}

// New returns Filter in front of a reverse proxy to the JSON-RPC node at
// target (http or https URL).
func New(target string, opts Options) (http.Handler, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("rpcproxy: parse upstream URL %q: %w", target, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("rpcproxy: upstream URL %q: want http(s)://host[:port][/path]", target)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL.Scheme = u.Scheme
			r.Out.URL.Host = u.Host
			r.Out.URL.Path = u.Path
			r.Out.URL.RawPath = u.RawPath
			r.Out.URL.RawQuery = u.RawQuery
			r.Out.Host = u.Host
			// Pass on only what a JSON-RPC node needs: no cookies or
			// credentials of the host's origin leak upstream.
			r.Out.Header = http.Header{"Content-Type": {"application/json"}}
			if u.User != nil {
				pw, _ := u.User.Password()
				r.Out.SetBasicAuth(u.User.Username(), pw)
			}
		},
		Transport: &http.Transport{ResponseHeaderTimeout: DefaultTimeout, MaxIdleConnsPerHost: 16},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			logger.Warn("rpcproxy: upstream failed", "upstream", u.Redacted(), "err", err)
			writeError(w, http.StatusBadGateway, nil, CodeInternalError, "upstream JSON-RPC node unavailable")
		},
	}
	return Filter(proxy, opts), nil
}

// request is the part of a JSON-RPC request the filter reads.
type request struct {
	Version string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method"`
}

// response is a JSON-RPC error response.
type response struct {
	Version string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Error   *rpcError       `json:"error"`
}

// rpcError is a JSON-RPC error object.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// ServeHTTP checks the request and passes what is allowed to next.
func (f *filter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, nil, CodeInvalidRequest, "JSON-RPC requests must be POSTed")
		return
	}
	// Only JSON: a cross-site page can send text/plain or a form without a
	// CORS preflight, never application/json (the host grants no preflight).
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, nil, CodeInvalidRequest,
			"JSON-RPC requests must be sent with Content-Type: application/json")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, f.maxBody))
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			writeError(w, http.StatusRequestEntityTooLarge, nil, CodeInvalidRequest,
				"request body larger than "+strconv.FormatInt(f.maxBody, 10)+" bytes")
			return
		}
		writeError(w, http.StatusBadRequest, nil, CodeParseError, "cannot read request body")
		return
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		f.serveBatch(w, r, body)
		return
	}
	var req request
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusOK, nil, CodeParseError, "parse error: "+err.Error())
		return
	}
	if code, msg := f.check(req); code != 0 {
		f.log.Info("rpcproxy: denied", "method", req.Method, "remote", r.RemoteAddr)
		writeError(w, http.StatusOK, req.ID, code, msg)
		return
	}
	f.forward(w, r, body)
}

// check returns a JSON-RPC error code and message for a request the filter
// refuses, or 0.
func (f *filter) check(req request) (int, string) {
	switch {
	case req.Version != "2.0":
		return CodeInvalidRequest, `invalid request: "jsonrpc" must be "2.0"`
	case req.Method == "":
		return CodeInvalidRequest, `invalid request: missing "method"`
	case !f.allowed[req.Method]:
		return CodeMethodNotFound, "method " + strconv.Quote(req.Method) + " is not available on this endpoint"
	}
	return 0, ""
}

// serveBatch answers denied elements itself and forwards the others as one
// smaller batch, then merges the answers (JSON-RPC allows any order).
func (f *filter) serveBatch(w http.ResponseWriter, r *http.Request, body []byte) {
	var elems []json.RawMessage
	if err := json.Unmarshal(body, &elems); err != nil {
		writeError(w, http.StatusOK, nil, CodeParseError, "parse error: "+err.Error())
		return
	}
	if len(elems) == 0 {
		writeError(w, http.StatusOK, nil, CodeInvalidRequest, "invalid request: empty batch")
		return
	}
	if len(elems) > f.maxBatch {
		writeError(w, http.StatusOK, nil, CodeInvalidRequest,
			"invalid request: batch of "+strconv.Itoa(len(elems))+" exceeds the limit of "+strconv.Itoa(f.maxBatch))
		return
	}
	var allowed []json.RawMessage
	var denied []response
	for _, e := range elems {
		var req request
		if err := json.Unmarshal(e, &req); err != nil {
			denied = append(denied, errorResponse(nil, CodeInvalidRequest, "invalid request: "+err.Error()))
			continue
		}
		if code, msg := f.check(req); code != 0 {
			f.log.Info("rpcproxy: denied in batch", "method", req.Method, "remote", r.RemoteAddr)
			denied = append(denied, errorResponse(req.ID, code, msg))
			continue
		}
		allowed = append(allowed, e)
	}
	if len(denied) == 0 {
		f.forward(w, r, body)
		return
	}
	answers := make([]json.RawMessage, 0, len(elems))
	if len(allowed) > 0 {
		sub, err := json.Marshal(allowed)
		if err != nil {
			writeError(w, http.StatusInternalServerError, nil, CodeInternalError, "internal error")
			return
		}
		rec := &recorder{header: http.Header{}, limit: DefaultMaxResponse}
		f.forward(rec, r, sub)
		var got []json.RawMessage
		if rec.overflow || json.Unmarshal(rec.body.Bytes(), &got) != nil {
			// The node did not answer with a batch: report each element as failed.
			for _, e := range allowed {
				var req request
				_ = json.Unmarshal(e, &req)
				denied = append(denied, errorResponse(req.ID, CodeInternalError, "upstream JSON-RPC node gave no valid answer"))
			}
		} else {
			answers = append(answers, got...)
		}
	}
	for _, d := range denied {
		b, _ := json.Marshal(d)
		answers = append(answers, b)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(answers)
}

// forward passes body to next as the request's body.
func (f *filter) forward(w http.ResponseWriter, r *http.Request, body []byte) {
	r2 := r.Clone(r.Context())
	r2.Body = io.NopCloser(bytes.NewReader(body))
	r2.ContentLength = int64(len(body))
	r2.Header.Set("Content-Type", "application/json")
	r2.Header.Del("Accept-Encoding")
	f.next.ServeHTTP(w, r2)
}

// errorResponse builds a JSON-RPC error response.
func errorResponse(id json.RawMessage, code int, msg string) response {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	return response{Version: "2.0", ID: id, Error: &rpcError{Code: code, Message: msg}}
}

// writeError writes one JSON-RPC error response with the HTTP status.
func writeError(w http.ResponseWriter, status int, id json.RawMessage, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorResponse(id, code, msg))
}

// recorder buffers a handler's answer, up to limit bytes.
type recorder struct {
	header   http.Header
	status   int
	body     bytes.Buffer
	limit    int
	overflow bool
}

// Header returns the recorded header map.
func (r *recorder) Header() http.Header { return r.header }

// WriteHeader records the status.
func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

// Write buffers p, refusing more than limit bytes.
func (r *recorder) Write(p []byte) (int, error) {
	if r.body.Len()+len(p) > r.limit {
		r.overflow = true
		return 0, errors.New("rpcproxy: upstream answer too large")
	}
	return r.body.Write(p)
}

// Allowed reports whether method is in DefaultMethods.
func Allowed(method string) bool { return slices.Contains(DefaultMethods, method) }
