package relay_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"

	"paychan/internal/ports"
	"paychan/internal/testkit"
	"paychan/server/relay"
)

// startNATSCluster runs n NATS servers with JetStream in one cluster (routes
// on loopback, a data folder each) and returns their client URLs.
func startNATSCluster(tb testing.TB, n int) []string {
	tb.Helper()
	// Ports below the kernel's ephemeral range: a route port taken by
	// another socket before its node binds it leaves a cluster that never
	// elects a leader.
	rp, err := ports.Free(n)
	if err != nil {
		tb.Fatal(err)
	}
	var routes []string
	for _, p := range rp {
		routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", p))
	}
	var urls []string
	for i := range n {
		opts := &natsserver.Options{
			ServerName: fmt.Sprintf("n%d", i+1), Host: "127.0.0.1", Port: -1,
			JetStream: true, StoreDir: tb.TempDir(), NoSigs: true, NoLog: true,
			Cluster: natsserver.ClusterOpts{Name: "paychan-test", Host: "127.0.0.1", Port: rp[i]},
			Routes:  natsserver.RoutesFromStr(strings.Join(routes, ",")),
		}
		ns, err := natsserver.NewServer(opts)
		if err != nil {
			tb.Fatal(err)
		}
		ns.Start()
		tb.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
		if !ns.ReadyForConnections(30 * time.Second) {
			tb.Fatal("NATS did not start")
		}
		urls = append(urls, ns.ClientURL())
	}
	return urls
}

// openRetry opens the store until the cluster's JetStream has a leader
// (a fresh cluster needs a few seconds), or the deadline passes.
func openRetry(tb testing.TB, opts relay.JetStreamOptions) *relay.JetStreamStore {
	tb.Helper()
	var st *relay.JetStreamStore
	testkit.EventuallyWithin(tb, 60*time.Second, "OpenJetStream on the cluster", func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var err error
		st, err = relay.OpenJetStream(ctx, opts)
		return err
	})
	tb.Cleanup(func() { st.Close() })
	return st
}

// TestReplicas: the relay's stream gets 3 replicas by default on a 3-node
// cluster given as a seed list, 1 on the embedded server and on a lone
// server; more replicas than servers is refused with a clear error.
func TestReplicas(t *testing.T) {
	urls := startNATSCluster(t, 3)
	seeds := strings.Join(urls[:2], ",") // the third is learnt from the cluster
	st := openRetry(t, relay.JetStreamOptions{URL: seeds})
	if got := st.Replicas(); got != 3 {
		t.Errorf("Replicas() on a 3-node cluster = %d; want 3", got)
	}
	info, err := st.JetStream().Stream(context.Background(), relay.DefaultStreamName)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.CachedInfo().Config.Replicas; got != 3 {
		t.Errorf("stream replicas = %d; want 3", got)
	}
	// A second host with an explicit 2 scales the shared stream down.
	st2 := openRetry(t, relay.JetStreamOptions{URL: urls[2], Replicas: 2})
	if got := st2.Replicas(); got != 2 {
		t.Errorf("Replicas() with Replicas 2 = %d; want 2", got)
	}

	_, err = relay.OpenJetStream(context.Background(), relay.JetStreamOptions{URL: seeds, Replicas: 4})
	if err == nil || !strings.Contains(err.Error(), "has 3 servers") {
		t.Errorf("4 replicas on 3 servers: err = %v; want one naming the cluster's 3 servers", err)
	}
	_, err = relay.OpenJetStream(context.Background(), relay.JetStreamOptions{URL: seeds, Replicas: relay.MaxReplicas + 1})
	if err == nil || !strings.Contains(err.Error(), "want 1 to") {
		t.Errorf("%d replicas: err = %v; want the bound", relay.MaxReplicas+1, err)
	}

	lone := startNATS(t)
	if st := mustStoreOpts(t, relay.JetStreamOptions{URL: lone}); st.Replicas() != 1 {
		t.Errorf("Replicas() on a lone server = %d; want 1", st.Replicas())
	}
	_, err = relay.OpenJetStream(context.Background(), relay.JetStreamOptions{URL: lone, Replicas: 3})
	if err == nil || !strings.Contains(err.Error(), "not part of a cluster") {
		t.Errorf("3 replicas on a lone server: err = %v; want 'not part of a cluster'", err)
	}
	if st := mustStoreOpts(t, relay.JetStreamOptions{Dir: t.TempDir()}); st.Replicas() != 1 {
		t.Errorf("Replicas() embedded = %d; want 1", st.Replicas())
	}
	_, err = relay.OpenJetStream(context.Background(), relay.JetStreamOptions{Dir: t.TempDir(), Replicas: 2})
	if err == nil || !strings.Contains(err.Error(), "need a NATS cluster") {
		t.Errorf("2 replicas embedded: err = %v; want 'need a NATS cluster'", err)
	}
}
