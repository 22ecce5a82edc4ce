// Package cluster runs paychan as a cluster on one machine: a NATS
// JetStream cluster of real nats-server processes (built from the
// nats-server module pinned in go.mod) with routes on loopback and a data
// folder each, one chain node (`paychan chain`) with DuplexChannel deployed
// once (`paychan deploy`), N hosts sharing them (--nats seed list, --rpc,
// --contract, one --relay-host and one --watchtower-key), and a front: a
// TCP load balancer giving the hosts one origin. `make cluster` runs it
// (server/cluster/paychan-cluster); the cluster tests use it to kill and
// restart pieces. docs/deploy.md describes the same on several machines.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"paychan/internal/ports"
	"paychan/server/deploy"
	"paychan/server/devchain"
	"paychan/server/watchtower"
)

// Binaries are the programs a cluster runs.
type Binaries struct {
	NATSServer string // nats-server, built from github.com/nats-io/nats-server/v2
	Paychan    string // the host command (./server)
}

// Build builds nats-server and paychan into dir, from the module at
// moduleDir (the repository root, where go.mod pins nats-server). A binary
// that exists is rebuilt (go's build cache makes that cheap).
func Build(ctx context.Context, moduleDir, dir string, logs io.Writer) (Binaries, error) {
	b := Binaries{NATSServer: filepath.Join(dir, "nats-server"), Paychan: filepath.Join(dir, "paychan")}
	for _, t := range []struct{ out, pkg string }{{b.NATSServer, "github.com/nats-io/nats-server/v2"}, {b.Paychan, "./server"}} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", t.out, t.pkg)
		cmd.Dir = moduleDir
		cmd.Stdout, cmd.Stderr = logs, logs
		if err := cmd.Run(); err != nil {
			return b, fmt.Errorf("cluster: go build %s: %w", t.pkg, err)
		}
	}
	return b, nil
}

// ModuleRoot is the folder of the go.mod of the current module.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("cluster: go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("cluster: not inside the paychan module")
	}
	return filepath.Dir(mod), nil
}

// Options configures Start.
type Options struct {
	Binaries
	// Dir holds every process's data and logs (nats1..., chain, host1...,
	// watchtower.key, logs/). A second Start on the same Dir goes on with
	// the same chain, contract, mailboxes and watchtower identity.
	Dir string
	// NATSNodes is the number of nats-server processes (default 3; 1 runs
	// one standalone node, no cluster routes).
	NATSNodes int
	// Hosts is the number of paychan hosts (default 2).
	Hosts int
	// Replicas is passed as --nats-replicas (0: the host's default, 3 on
	// 3 nodes).
	Replicas int
	// FrontAddr is the front's address, also every host's --relay-host
	// (default 127.0.0.1:0, a free port).
	FrontAddr string
	// WebDir is the built wallet the hosts serve ("-" or empty: none).
	WebDir string
	// HostArgs are further flags of every host.
	HostArgs []string
	// Logs receives every process's output, each line prefixed with its
	// name (nil: only the files in Dir/logs).
	Logs io.Writer
	// WatchtowerFunds is what the chain's faucet gives the shared
	// watchtower account when it holds less (default 1,000 ETH).
	WatchtowerFunds *big.Int
}

// Cluster is a running cluster.
type Cluster struct {
	opts       Options
	NATS       []*Proc
	NATSURLs   []string // client URLs, nats://127.0.0.1:PORT
	Chain      *Proc
	Contract   common.Address
	Hosts      []*Proc
	Front      *Front
	Watchtower common.Address
}

// Start starts the NATS cluster, the chain node (deploying the contract on
// first start), the hosts and the front, and returns once every host
// serves. On error everything started is stopped.
func Start(ctx context.Context, opts Options) (c *Cluster, err error) {
	if opts.NATSNodes <= 0 {
		opts.NATSNodes = 3
	}
	if opts.Hosts <= 0 {
		opts.Hosts = 2
	}
	if opts.FrontAddr == "" {
		opts.FrontAddr = "127.0.0.1:0"
	}
	if opts.WebDir == "" {
		opts.WebDir = "-"
	}
	if opts.WatchtowerFunds == nil {
		opts.WatchtowerFunds = new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))
	}
	if err := os.MkdirAll(filepath.Join(opts.Dir, "logs"), 0o700); err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	c = &Cluster{opts: opts}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()

	// NATS: client and route ports picked once, so that a restarted node
	// comes back where its peers and clients look for it; all in one pick,
	// so that no two are the same.
	natsPorts, err := ports.Free(2 * opts.NATSNodes)
	if err != nil {
		return c, fmt.Errorf("cluster: %w", err)
	}
	clientPorts, routePorts := natsPorts[:opts.NATSNodes], natsPorts[opts.NATSNodes:]
	var routes []string
	for _, p := range routePorts {
		routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", p))
	}
	for i := range opts.NATSNodes {
		name := fmt.Sprintf("nats%d", i+1)
		args := []string{"--name", name, "--addr", "127.0.0.1", "--port", fmt.Sprint(clientPorts[i]),
			"--jetstream", "--store_dir", filepath.Join(opts.Dir, name)}
		if opts.NATSNodes > 1 {
			// A lone node with routes to itself waits for JetStream peers
			// that never come: one node runs standalone.
			args = append(args, "--cluster_name", "paychan", "--cluster", fmt.Sprintf("nats://127.0.0.1:%d", routePorts[i]),
				"--routes", strings.Join(routes, ","))
		}
		p := &Proc{Name: name, Bin: opts.NATSServer, logPath: filepath.Join(opts.Dir, "logs", name+".log"), logs: opts.Logs, Args: args}
		c.NATS = append(c.NATS, p)
		c.NATSURLs = append(c.NATSURLs, fmt.Sprintf("nats://127.0.0.1:%d", clientPorts[i]))
		if err := p.start(ctx, 0); err != nil {
			return c, err
		}
	}
	// A fresh JetStream cluster elects its meta leader only once every
	// node has come up: a node that could not start is an error now, not
	// two minutes of "JetStream system temporarily unavailable".
	for i, p := range c.NATS {
		if err := p.waitListening(ctx, fmt.Sprintf("127.0.0.1:%d", clientPorts[i]), 30*time.Second); err != nil {
			return c, err
		}
	}
	if err := c.WaitJetStream(ctx, 2*time.Minute); err != nil {
		return c, err
	}

	// The chain node, and the contract deployed once.
	c.Chain = &Proc{Name: "chain", Bin: opts.Paychan, Ready: "paychan chain running at ", logs: opts.Logs,
		logPath: filepath.Join(opts.Dir, "logs", "chain.log"),
		Args:    []string{"chain", "--addr", "127.0.0.1:0", "--data", filepath.Join(opts.Dir, "chain")}}
	if err := c.Chain.start(ctx, 2*time.Minute); err != nil {
		return c, err
	}
	// The chain's port is fixed from now on (a restart keeps it).
	c.Chain.Args[2] = strings.TrimPrefix(c.Chain.URL, "http://")
	if err := c.deploy(ctx); err != nil {
		return c, err
	}
	if err := c.fundWatchtower(ctx); err != nil {
		return c, err
	}

	// The front first (the hosts are named after it), then the hosts.
	hostPorts, err := ports.Free(opts.Hosts)
	if err != nil {
		return c, fmt.Errorf("cluster: %w", err)
	}
	var backends []string
	for _, p := range hostPorts {
		backends = append(backends, fmt.Sprintf("127.0.0.1:%d", p))
	}
	if c.Front, err = NewFront(opts.FrontAddr, backends); err != nil {
		return c, fmt.Errorf("cluster: front: %w", err)
	}
	for i := range opts.Hosts {
		name := fmt.Sprintf("host%d", i+1)
		args := []string{"--addr", backends[i], "--data", filepath.Join(opts.Dir, name), "--web", opts.WebDir,
			"--rpc", c.Chain.URL, "--contract", c.Contract.Hex(), "--nats", strings.Join(c.NATSURLs, ","),
			"--relay-host", c.Front.Addr(), "--watchtower-key", c.watchtowerKeyFile()}
		if opts.Replicas > 0 {
			args = append(args, "--nats-replicas", fmt.Sprint(opts.Replicas))
		}
		p := &Proc{Name: name, Bin: opts.Paychan, Ready: "paychan host running at ", logs: opts.Logs,
			logPath: filepath.Join(opts.Dir, "logs", name+".log"), Args: append(args, opts.HostArgs...)}
		c.Hosts = append(c.Hosts, p)
		if err := p.start(ctx, 2*time.Minute); err != nil {
			return c, err
		}
	}
	return c, nil
}

// WaitJetStream waits until JetStream answers on the running NATS nodes
// (a cluster has elected its meta leader).
func (c *Cluster) WaitJetStream(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if last = c.pingJetStream(ctx); last == nil {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	var logs strings.Builder
	for _, p := range c.NATS {
		state := "running"
		if !p.Running() {
			state = "not running"
		}
		fmt.Fprintf(&logs, "\n---- %s (%s), last lines of %s:\n%s", p.Name, state, p.logPath, tail(p.logPath, 8))
	}
	return fmt.Errorf("cluster: JetStream not ready within %s: %w%s", timeout, last, logs.String())
}

func (c *Cluster) pingJetStream(ctx context.Context) error {
	for i, u := range c.NATSURLs {
		if !c.NATS[i].Running() {
			continue
		}
		nc, err := nats.Connect(u, nats.Timeout(2*time.Second), nats.NoReconnect())
		if err != nil {
			return err
		}
		js, err := jetstream.New(nc)
		if err == nil {
			actx, cancel := context.WithTimeout(ctx, 3*time.Second)
			_, err = js.AccountInfo(actx)
			cancel()
		}
		nc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", u, err)
		}
	}
	return nil
}

// deploy deploys DuplexChannel with the seed's public Deployer key once;
// the record in Dir/deploy names it on later starts.
func (c *Cluster) deploy(ctx context.Context) error {
	dir := filepath.Join(c.opts.Dir, "deploy")
	client, err := ethclient.DialContext(ctx, c.Chain.URL)
	if err != nil {
		return fmt.Errorf("cluster: dial the chain: %w", err)
	}
	defer client.Close()
	if rec, err := deploy.Load(dir); err == nil {
		if ok, err := deploy.HasCode(ctx, client, rec.Contract); err == nil && ok {
			c.Contract = rec.Contract
			return nil
		}
	}
	cmd := exec.CommandContext(ctx, c.opts.Paychan, "deploy", "--rpc", c.Chain.URL, "--data", dir)
	cmd.Env = append(os.Environ(), "PAYCHAN_DEPLOYER_KEY="+devchain.DeployerWIF)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("cluster: paychan deploy: %w\n%s", err, stderr.String())
	}
	addr := strings.TrimSpace(string(out))
	if !common.IsHexAddress(addr) {
		return fmt.Errorf("cluster: paychan deploy printed %q", out)
	}
	c.Contract = common.HexToAddress(addr)
	return nil
}

// watchtowerKeyFile is the one watchtower key of the cluster's hosts.
func (c *Cluster) watchtowerKeyFile() string { return filepath.Join(c.opts.Dir, watchtower.KeyFile) }

// fundWatchtower creates the shared watchtower key and funds its account
// from the chain node's faucet (paychan fund) when it holds less than
// WatchtowerFunds / 10.
func (c *Cluster) fundWatchtower(ctx context.Context) error {
	key, _, err := watchtower.LoadOrCreateKey(c.watchtowerKeyFile())
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	c.Watchtower = crypto.PubkeyToAddress(key.PublicKey)
	client, err := ethclient.DialContext(ctx, c.Chain.URL)
	if err != nil {
		return fmt.Errorf("cluster: dial the chain: %w", err)
	}
	defer client.Close()
	bal, err := client.BalanceAt(ctx, c.Watchtower, nil)
	if err != nil {
		return fmt.Errorf("cluster: watchtower balance: %w", err)
	}
	if bal.Cmp(new(big.Int).Div(c.opts.WatchtowerFunds, big.NewInt(10))) >= 0 {
		return nil
	}
	cmd := exec.CommandContext(ctx, c.opts.Paychan, "fund", c.Watchtower.Hex(), c.opts.WatchtowerFunds.String(), "--host", c.Chain.URL)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("cluster: fund the watchtower: %w\n%s", err, out)
	}
	return nil
}

// RestartNATS starts NATS node i (0-based) again after a Kill.
func (c *Cluster) RestartNATS(ctx context.Context, i int) error { return c.NATS[i].start(ctx, 0) }

// RestartHost starts host i again after a Kill, on the same address.
func (c *Cluster) RestartHost(ctx context.Context, i int) error {
	return c.Hosts[i].start(ctx, 2*time.Minute)
}

// FrontURL is the cluster's one origin, http://127.0.0.1:PORT.
func (c *Cluster) FrontURL() string { return "http://" + c.Front.Addr() }

// Summary lists what runs where, for people.
func (c *Cluster) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "NATS cluster:   %s\n", strings.Join(c.NATSURLs, ","))
	fmt.Fprintf(&b, "chain node:     %s (chain id %d)\n", c.Chain.URL, devchain.ChainID)
	fmt.Fprintf(&b, "contract:       %s\n", c.Contract.Hex())
	fmt.Fprintf(&b, "watchtower:     %s (key %s)\n", c.Watchtower.Hex(), c.watchtowerKeyFile())
	for _, h := range c.Hosts {
		fmt.Fprintf(&b, "%-15s %s\n", h.Name+":", h.URL)
	}
	fmt.Fprintf(&b, "front (origin): %s  <- open this; the relay name of every host\n", c.FrontURL())
	fmt.Fprintf(&b, "data and logs:  %s\n", c.opts.Dir)
	return b.String()
}

// Close stops the front, the hosts, the chain and the NATS nodes
// (gracefully, SIGTERM; SIGKILL after 30 s).
func (c *Cluster) Close() error {
	var errs []error
	if c.Front != nil {
		errs = append(errs, c.Front.Close())
	}
	for _, p := range c.Hosts {
		errs = append(errs, p.Stop())
	}
	if c.Chain != nil {
		errs = append(errs, c.Chain.Stop())
	}
	for _, p := range c.NATS {
		errs = append(errs, p.Stop())
	}
	return errors.Join(errs...)
}
