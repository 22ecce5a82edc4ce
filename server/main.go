// Command server is the paychan host: one process serving the chain's
// JSON-RPC, the relay and the wallet on one origin. See server/README.md.
//
//	server [flags]                     run the host (embedded dev chain by default)
//	server [flags] deploy              deploy DuplexChannel on --rpc and print its address
//	server [flags] mine N              mine N blocks on a running host (--host)
//	server [flags] fund ADDRESS AMOUNT fund ADDRESS with AMOUNT wei on a running host
//
// main only turns SIGINT and SIGTERM into cancellation; run does the work.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal kills the process the default way
	}()
	stopProfile := cpuProfile(os.Getenv("PAYCHAN_CPUPROFILE"))
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	if err != nil {
		fmt.Fprintln(os.Stderr, "paychan:", err)
		os.Exit(1)
	}
}

// cpuProfile writes a CPU profile of the whole run to file, when it is set
// (the environment's PAYCHAN_CPUPROFILE: go run ./bench -hostprofile sets
// it for the host it starts); the function returned stops it.
func cpuProfile(file string) func() {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "paychan: CPU profile (PAYCHAN_CPUPROFILE):", err)
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}
