// Command relayd is a test-only relay daemon: it serves the relay at /relay
// on -addr with an embedded JetStream store in -data, and prints
// "relayd listening on ws://ADDR/relay" once it accepts connections. The
// relay tests start it as a subprocess to kill it with SIGKILL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"paychan/server/relay"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	data := flag.String("data", "", "JetStream data directory (required)")
	sendRate := flag.Float64("send-rate", 0, "sends per second per connection (0: the default limit)")
	flag.Parse()
	if err := run(*addr, *data, relay.Limits{SendRate: *sendRate, SendBurst: int(*sendRate), AllowClear: true /* the kill test relays clear test payloads */}); err != nil {
		fmt.Fprintln(os.Stderr, "relayd:", err)
		os.Exit(1)
	}
}

func run(addr, data string, limits relay.Limits) error {
	if data == "" {
		return errors.New("-data is required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := relay.OpenJetStream(ctx, relay.JetStreamOptions{Dir: data})
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := relay.NewServer(relay.Options{Store: st, Host: ln.Addr().String(), Limits: limits, Logger: log})
	defer srv.Close()
	mux := http.NewServeMux()
	mux.Handle("/relay", srv)
	hs := &http.Server{Handler: mux}
	fmt.Printf("relayd listening on ws://%s/relay\n", ln.Addr())
	go func() {
		<-ctx.Done()
		srv.Close()
		hs.Close()
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
