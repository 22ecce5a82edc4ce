// Command paychan-cluster runs paychan as a cluster on this machine (`make
// cluster`): 3 nats-server processes in one JetStream cluster, the chain
// node, 2 hosts and a front giving them one origin. It prints their URLs
// and stops everything on Ctrl-C. See docs/deploy.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"paychan/server/cluster"
)

func main() {
	dir := flag.String("dir", "data-cluster", "data and logs of every process (kept between runs)")
	hosts := flag.Int("hosts", 2, "paychan hosts")
	nodes := flag.Int("nats-nodes", 3, "nats-server processes")
	replicas := flag.Int("replicas", 0, "--nats-replicas of the hosts (default: min(3, nodes))")
	front := flag.String("front", "127.0.0.1:8080", "the front's address: the origin clients open, and every host's --relay-host")
	web := flag.String("web", "dist/web", `built wallet the hosts serve ("-" for none)`)
	verbose := flag.Bool("v", false, "copy every process's log lines to stderr")
	bin := flag.String("bin", "", "folder with nats-server and paychan already built (default: build them into DIR/bin)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *dir, *bin, *hosts, *nodes, *replicas, *front, *web, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "paychan-cluster:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir, bin string, hosts, nodes, replicas int, front, web string, verbose bool) error {
	root, err := cluster.ModuleRoot()
	if err != nil {
		return err
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return err
	}
	if _, err := os.Stat(web); web != "-" && err != nil {
		fmt.Fprintf(os.Stderr, "no wallet in %s (run `make wasm`): the hosts serve the API only\n", web)
		web = "-"
	} else if web != "-" {
		web, _ = filepath.Abs(web)
	}
	bins := cluster.Binaries{NATSServer: filepath.Join(bin, "nats-server"), Paychan: filepath.Join(bin, "paychan")}
	if bin == "" {
		fmt.Fprintln(os.Stderr, "building nats-server (github.com/nats-io/nats-server/v2 as pinned in go.mod) and paychan...")
		if bins, err = cluster.Build(ctx, root, filepath.Join(dir, "bin"), os.Stderr); err != nil {
			return err
		}
	}
	opts := cluster.Options{Binaries: bins, Dir: dir, NATSNodes: nodes, Hosts: hosts, Replicas: replicas, FrontAddr: front, WebDir: web}
	if verbose {
		opts.Logs = os.Stderr
	}
	c, err := cluster.Start(ctx, opts)
	if err != nil {
		return err
	}
	fmt.Print(c.Summary())
	fmt.Println("Ctrl-C stops everything.")
	<-ctx.Done()
	fmt.Fprintln(os.Stderr, "stopping the cluster...")
	return c.Close()
}
