// Command bench measures paychan against its goals and physical limits and
// prints one report (issue 6): native payments between two headless clients
// through a local relay with the crypto limit measured in the same run, the
// relay with K authenticated clients, the browser build's size and load
// times, browser payments, and the contract's gas table.
//
//	go run ./bench -out docs/bench.md      the full report (make bench)
//	go run ./bench -quick                  a smoke run with tiny sizes (make test)
//
// Benchmarks are not tests: nothing here asserts a time. Each figure is
// printed with the machine and the settings used.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"
)

// logger writes the benchmark's own messages to stderr.
var logger = log.New(os.Stderr, "bench: ", 0)

// settings are the command line.
type settings struct {
	quick      bool
	n          int    // native payments per direction
	nSync      int    // native payments per direction with the fsyncing file store
	k          int    // relay clients
	m          int    // messages per relay client
	sections   string // comma-separated list
	out        string // report file ("" = stdout only)
	cpuProfile string // pprof CPU profile of the native section
	hostBin    string // prebuilt host binary for the relay section
	webDir     string // built wallet (dist/web) for the load and browser sections
	browserN   int    // browser payments
	stores     string // native stores to run: all, fsync, nosync, memory
	batch      int    // native payments per save in the pipelined runs
	relayLocal bool   // relay section against an in-process relay (profilable)
	relayProf  string // pprof CPU profile of the relay section
	hostProf   string // pprof CPU profile of the host process (relay section)
	inflight   int    // sends in flight per relay client
	sealInline bool   // relay clients seal and open inside the timed window

	// Section 8 (Lighthouse).
	lighthouseDir  string // npm folder with Lighthouse (make bench-lighthouse-js)
	lighthouseJSON string // folder to keep Lighthouse's JSON reports in ("" = none)
	lighthouseRuns int    // Lighthouse runs per preset; the median run is reported
}

func main() {
	var s settings
	flag.BoolVar(&s.quick, "quick", false, "smoke run: tiny sizes, in-process relay, no gas or browser")
	flag.IntVar(&s.n, "n", 10_000, "native payments per direction (memory and no-fsync stores)")
	flag.IntVar(&s.nSync, "nsync", 2_000, "native payments per direction with the file stores (about 2 ms per save)")
	flag.IntVar(&s.k, "k", 1_000, "concurrent relay clients")
	flag.IntVar(&s.m, "m", 20, "messages each relay client sends")
	flag.StringVar(&s.sections, "sections", "native,relay,load,browser,gas,seal,cluster,lighthouse", "sections to run (cluster: one host vs two hosts on a 3-node NATS cluster; lighthouse: Lighthouse scores of the wallet)")
	flag.StringVar(&s.lighthouseDir, "lighthouse-dir", "bench/lighthouse", "npm folder with Lighthouse installed (make bench-lighthouse-js)")
	flag.StringVar(&s.lighthouseJSON, "lighthouse-json", "", "keep Lighthouse's JSON reports (every audit) in this folder")
	flag.IntVar(&s.lighthouseRuns, "lighthouse-runs", 3, "Lighthouse runs per preset (phone, desktop); each figure is the run with the median performance score, every run's score is shown")
	flag.StringVar(&s.out, "out", "", "also write the report (markdown) to this file")
	flag.StringVar(&s.cpuProfile, "cpuprofile", "", "write a CPU profile of the native section")
	flag.StringVar(&s.hostBin, "host-bin", "", "host binary for the relay section (default: go build ./server)")
	flag.StringVar(&s.webDir, "web", "dist/web", "built wallet for the load and browser sections")
	flag.IntVar(&s.browserN, "browser-n", 100, "browser payments")
	flag.StringVar(&s.stores, "stores", "all", "native stores: all, fsync, nosync or memory")
	flag.BoolVar(&s.relayLocal, "relay-local", false, "relay section against an in-process relay (default limits) instead of the host process, for -relayprofile")
	flag.StringVar(&s.relayProf, "relayprofile", "", "write a CPU profile of the relay section (the relay is in process with -relay-local)")
	flag.BoolVar(&s.sealInline, "relay-seal-inline", false, "relay section: seal each payload at its send and open it in the recipient's handler, inside the timed window (by default all are sealed before the window and opened and checked after it)")
	flag.IntVar(&s.inflight, "relay-inflight", 20, "sends each relay client has in flight (waiting for the relay's stored frame); 1 = one at a time")
	flag.StringVar(&s.hostProf, "hostprofile", "", "write a CPU profile of the host process of the relay section (its whole run)")
	flag.IntVar(&s.batch, "batch", 100, "native payments per save in the pipelined runs (Book.PayMany)")
	flag.Parse()
	if s.quick {
		s.n, s.nSync, s.k, s.m, s.browserN = 200, 50, 20, 5, 5
		s.sections = "native,relay,seal"
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := runBench(ctx, s); err != nil {
		// Not the log package: the embedded chain's logger (go-ethereum's
		// log.SetDefault calls slog.SetDefault) takes over the standard
		// logger and drops anything below warn, so log.Fatal would exit
		// silently.
		logger.Fatal(err)
	}
}

func runBench(ctx context.Context, s settings) error {
	r := &report{}
	r.title("paychan benchmarks")
	r.machine(s)
	want := map[string]bool{}
	for _, sec := range strings.Split(s.sections, ",") {
		want[strings.TrimSpace(sec)] = true
	}
	tmp, err := os.MkdirTemp("", "paychan-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	if want["native"] {
		if s.cpuProfile != "" {
			f, err := os.Create(s.cpuProfile)
			if err != nil {
				return err
			}
			pprof.StartCPUProfile(f)
		}
		err := benchNative(ctx, s, r, filepath.Join(tmp, "native"))
		if s.cpuProfile != "" {
			pprof.StopCPUProfile()
		}
		if err != nil {
			r.failed("1. Native payments", err)
		}
	}
	if want["browser"] {
		if err := benchBrowser(ctx, s, r, filepath.Join(tmp, "browser")); err != nil {
			r.failed("2. Browser payments", err)
		}
	}
	if want["load"] {
		if err := benchLoad(ctx, s, r, filepath.Join(tmp, "load")); err != nil {
			r.failed("3. Load", err)
		}
	}
	if want["relay"] {
		if s.relayProf != "" {
			f, err := os.Create(s.relayProf)
			if err != nil {
				return err
			}
			pprof.StartCPUProfile(f)
		}
		err := benchRelay(ctx, s, r, filepath.Join(tmp, "relay"))
		if s.relayProf != "" {
			pprof.StopCPUProfile()
		}
		if err != nil {
			r.failed("4. Relay", err)
		}
	}
	if want["seal"] {
		if err := benchSeal(ctx, s, r, filepath.Join(tmp, "seal")); err != nil {
			r.failed("6. Sealed messages", err)
		}
	}
	if want["cluster"] {
		if err := benchCluster(ctx, s, r, filepath.Join(tmp, "cluster")); err != nil {
			r.failed("7. Cluster", err)
		}
	}
	if want["lighthouse"] {
		if err := benchLighthouse(ctx, s, r, filepath.Join(tmp, "lighthouse")); err != nil {
			r.failed("8. Lighthouse", err)
		}
	}
	if want["gas"] {
		if err := benchGas(ctx, r); err != nil {
			r.failed("5. Gas", err)
		}
	}
	if !s.quick {
		r.notes()
	}
	r.line("")
	r.line("_Generated by `%s` on %s._", cmdLine(s), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	out := r.final()
	fmt.Print(out)
	if s.out != "" {
		if err := os.WriteFile(s.out, []byte(out), 0o644); err != nil {
			return err
		}
		logger.Printf("report written to %s", s.out)
	}
	if len(r.failures) > 0 {
		return fmt.Errorf("%d section(s) not measured: %s", len(r.failures), strings.Join(r.failures, "; "))
	}
	return nil
}

// cmdLine is the command that printed the report (make bench runs go run
// ./bench with its flags).
func cmdLine(s settings) string {
	if len(os.Args) < 2 {
		return "go run ./bench"
	}
	return "go run ./bench " + strings.Join(os.Args[1:], " ")
}
