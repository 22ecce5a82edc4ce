package host

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"mime"
	"net/http"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"paychan/app/hostapi"
	"paychan/server/devchain"
)

// maxDevBody bounds the body of a development tool request.
const maxDevBody = 4 << 10

// maxFund bounds one /dev/fund request: 1,000,000 ETH, what a test key holds.
var maxFund = devchain.TestFunds

// serveConfig answers GET /config.json.
func (m *Main) serveConfig(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, hostapi.CodeMethod, "use GET")
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	// The watchtower is still starting: a configuration without it would
	// tell the wallet there is none.
	if m.refuseWhileStarting(w) {
		return
	}
	writeJSON(w, http.StatusOK, m.WalletConfig())
}

// refuseWhileStarting answers 503 with Retry-After until Run is done (the
// watchtower is up) and reports whether it did.
func (m *Main) refuseWhileStarting(w http.ResponseWriter) bool {
	if m.ready.Load() {
		return false
	}
	w.Header().Set("Retry-After", "1")
	writeError(w, http.StatusServiceUnavailable, hostapi.CodeUnavailable, "the host is starting: retry in a second")
	return true
}

// serveMine answers POST /dev/mine.
func (m *Main) serveMine(w http.ResponseWriter, r *http.Request) {
	var req hostapi.MineRequest
	if !m.readDevRequest(w, r, &req) {
		return
	}
	if req.Blocks < 1 || req.Blocks > hostapi.MaxMineBlocks {
		writeError(w, http.StatusBadRequest, hostapi.CodeBadRequest,
			fmt.Sprintf("blocks must be between 1 and %d, not %d", hostapi.MaxMineBlocks, req.Blocks))
		return
	}
	start := time.Now()
	head, err := m.chain.MineContext(r.Context(), req.Blocks)
	if errors.Is(err, context.DeadlineExceeded) {
		m.log.Warn("host: mine stopped at the request deadline", "blocks", req.Blocks, "head", head, "err", err)
		writeError(w, http.StatusServiceUnavailable, hostapi.CodeUnavailable,
			fmt.Sprintf("mining stopped at head %d after the request deadline of %s (--mine-timeout): %v", head, m.Config.MineTimeout, err))
		return
	}
	if err != nil {
		m.log.Error("host: mine", "blocks", req.Blocks, "err", err)
		writeError(w, http.StatusInternalServerError, hostapi.CodeInternal, "mining failed: "+err.Error())
		return
	}
	m.log.Info("mined blocks", "blocks", req.Blocks, "head", head, "took", time.Since(start).Round(time.Millisecond))
	writeJSON(w, http.StatusOK, hostapi.MineResponse{Blocks: req.Blocks, Head: head})
}

// serveFund answers POST /dev/fund.
func (m *Main) serveFund(w http.ResponseWriter, r *http.Request) {
	var req hostapi.FundRequest
	if !m.readDevRequest(w, r, &req) {
		return
	}
	if !common.IsHexAddress(req.Address) {
		writeError(w, http.StatusBadRequest, hostapi.CodeBadRequest, fmt.Sprintf("address %q is not a 0x-prefixed 20-byte hex address", req.Address))
		return
	}
	amount, ok := new(big.Int).SetString(req.Amount, 10)
	if !ok || amount.Sign() <= 0 || amount.Cmp(maxFund) > 0 {
		writeError(w, http.StatusBadRequest, hostapi.CodeBadRequest,
			fmt.Sprintf("amount %q must be a decimal number of wei between 1 and %s", req.Amount, maxFund))
		return
	}
	addr := common.HexToAddress(req.Address)
	tx, err := m.chain.Fund(r.Context(), addr, amount)
	if err != nil {
		m.log.Error("host: fund", "address", addr.Hex(), "amount", amount, "err", err)
		writeError(w, http.StatusInternalServerError, hostapi.CodeInternal, "funding failed: "+err.Error())
		return
	}
	bal, err := m.chain.Client().BalanceAt(r.Context(), addr, nil)
	if err != nil {
		writeError(w, http.StatusInternalServerError, hostapi.CodeInternal, "read balance: "+err.Error())
		return
	}
	m.log.Info("funded address", "address", addr.Hex(), "amount", amount, "tx", tx.Hex())
	writeJSON(w, http.StatusOK, hostapi.FundResponse{Tx: tx.Hex(), Balance: bal.String()})
}

// readDevRequest checks that a development tool exists and the request is a
// small JSON POST, and decodes it into v. It answers the request itself and
// returns false when it cannot go on.
func (m *Main) readDevRequest(w http.ResponseWriter, r *http.Request, v any) bool {
	if m.chain == nil {
		writeError(w, http.StatusNotFound, hostapi.CodeNotFound, "development tools exist only on the embedded development chain")
		return false
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, hostapi.CodeMethod, "use POST")
		return false
	}
	// Requiring JSON makes a cross-site form post impossible (it would need
	// a CORS preflight, which the host never grants).
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, hostapi.CodeUnsupported, "send Content-Type: application/json")
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxDevBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			writeError(w, http.StatusRequestEntityTooLarge, hostapi.CodeTooLarge, fmt.Sprintf("request body larger than %d bytes", maxDevBody))
			return false
		}
		writeError(w, http.StatusBadRequest, hostapi.CodeBadRequest, "malformed JSON request: "+err.Error())
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		writeError(w, http.StatusBadRequest, hostapi.CodeBadRequest, "malformed JSON request: trailing data after the object")
		return false
	}
	return true
}

// writeJSON writes v as JSON with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes a hostapi.Error.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, hostapi.Error{Code: code, Message: msg})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status.
func (s *statusRecorder) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
	s.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the connection (the relay's
// WebSocket upgrade hijacks it).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequests logs every request at debug level, and server errors at warn.
func (m *Main) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		level := slog.LevelDebug
		if status >= 500 {
			level = slog.LevelWarn
		}
		m.log.Log(r.Context(), level, "http request", "method", r.Method, "path", r.URL.Path, "status", status,
			"took", time.Since(start).Round(time.Microsecond), "remote", r.RemoteAddr)
	})
}
