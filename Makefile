# paychan — one Makefile for the whole system.
#
#   make run    build the wallet and start the host (embedded dev chain)
#   make test   install what is missing, then run every test
#
# Each section below belongs to one part of the tree; keep targets in their section.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
export GOFLAGS := -buildvcs=false

.PHONY: all run build test deps vet fmt-check tidy-check generate-check test-go test-wasm test-fuzz test-browser gas bench contracts clean

all: build

## ---- set-up ---------------------------------------------------------------

# deps installs everything the tests need that a fresh Debian machine lacks.
deps: contracts/node_modules/.installed chromium

contracts/node_modules/.installed: contracts/package.json contracts/package-lock.json
	cd contracts && npm ci --no-audit --no-fund
	touch $@

.PHONY: chromium
chromium:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## ---- checks ---------------------------------------------------------------

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './contracts/node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

tidy-check:
	@cp go.mod /tmp/paychan.go.mod.bak; cp go.sum /tmp/paychan.go.sum.bak; \
	  $(GO) mod tidy; \
	  if ! diff -q go.mod /tmp/paychan.go.mod.bak >/dev/null || ! diff -q go.sum /tmp/paychan.go.sum.bak >/dev/null; then \
	    cp /tmp/paychan.go.mod.bak go.mod; cp /tmp/paychan.go.sum.bak go.sum; \
	    echo "go.mod/go.sum are not tidy: run 'go mod tidy'"; exit 1; fi

## ---- contracts (issue 2) -----------------------------------------------------

# contracts regenerates contracts/build (npm solc, standard JSON) and the abigen v2 bindings.
contracts: contracts/node_modules/.installed
	contracts/generate.sh

# contracts-check regenerates into a temporary folder and fails on any byte difference
# from the committed artifacts and bindings.
.PHONY: contracts-check
contracts-check: contracts/node_modules/.installed
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	  contracts/generate.sh "$$tmp" >/dev/null; \
	  status=0; \
	  for f in build/DuplexChannel.abi build/DuplexChannel.bin build/ReentrancyAttack.abi build/ReentrancyAttack.bin \
	           build/BadPayee.abi build/BadPayee.bin build/NoReceive.abi build/NoReceive.bin \
	           build/StandardToken.abi build/StandardToken.bin build/NoReturnToken.abi build/NoReturnToken.bin \
	           build/FalseReturnToken.abi build/FalseReturnToken.bin build/FeeToken.abi build/FeeToken.bin \
	           build/ReentrantToken.abi build/ReentrantToken.bin build/BlockingToken.abi build/BlockingToken.bin \
	           bindings/duplexchannel.go internal/attackbind/reentrancyattack.go \
	           internal/attackbind/badpayee.go internal/attackbind/noreceive.go \
	           internal/tokenbind/standardtoken.go internal/tokenbind/noreturntoken.go \
	           internal/tokenbind/falsereturntoken.go internal/tokenbind/feetoken.go \
	           internal/tokenbind/reentranttoken.go internal/tokenbind/blockingtoken.go; do \
	    if ! cmp -s "$$tmp/$$f" "contracts/$$f"; then echo "contracts/$$f differs from a fresh 'make contracts'"; status=1; fi; \
	  done; \
	  if [ $$status -ne 0 ]; then echo "run 'make contracts' and commit the result"; exit 1; fi; \
	  echo "contracts-check: artifacts and bindings are up to date"

generate-check: contracts-check

# gas prints DuplexChannel's gas table (Osaka rules) and fails if a lifecycle misses its target.
gas:
	$(GO) test -count=1 -run '^TestGasTable$$' -v ./contracts/ | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS' -e '^ok '

## ---- core (issue 3) ----------------------------------------------------------

CORE_PKGS := ./app/wallet/... ./app/channel/... ./app/wire/... ./app/amount/...
# Fuzz targets as package:FuzzName; each runs FUZZTIME (go test allows one -fuzz per run).
# FUZZTIME is a count of inputs, not a duration: with a duration, Go 1.26's fuzz
# coordinator can fail a healthy target with "context deadline exceeded" when
# the time runs out under CPU load (golang/go#75804, fixed in Go 1.27). 200,000
# inputs take 3-10 s per target here; FUZZTIME=2m (or 1000000x) for a longer run.
CORE_FUZZ := ./app/wallet:FuzzParseWIF ./app/wallet:FuzzParseAddress ./app/amount:FuzzParse ./app/wire:FuzzDecode
FUZZTIME ?= 200000x

.PHONY: test-core vet-wasm-core fuzz-core
test-wasm: vet-wasm-core
test-fuzz: fuzz-core

# test-core runs only the core packages (cheap: no node, no browser).
test-core:
	$(GO) test -count=1 $(CORE_PKGS)

# The core must compile for the browser: vet it as GOOS=js GOARCH=wasm.
vet-wasm-core:
	GOOS=js GOARCH=wasm $(GO) vet $(CORE_PKGS)

# ...and its tests pass in a JavaScript engine (Node's V8, as in Chromium).
.PHONY: wasm-test-core
test-wasm: wasm-test-core
wasm-test-core:
	GOOS=js GOARCH=wasm $(GO) test -count=1 -short -exec "$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" $(CORE_PKGS)

fuzz-core:
	@for t in $(CORE_FUZZ); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
	  $(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; done

## ---- host (issue 4) ----------------------------------------------------------
# The host (server/, see server/README.md): embedded dev chain, /rpc, /relay,
# /config.json, /dev tools and the wallet on one origin.
#   make run           build the wallet and the host, start it on 127.0.0.1:8080
#                      with data in ./data (RUN_FLAGS='--addr ...' to change)
#   make host          bin/paychan, rebuilt only when a Go source changes
#   make host-figures  measured start time, transaction to receipt, mine 100
#   make host-limits-figures  eth_blockNumber latency during a 10,000-block mine and a heavy batch
HOST_SRCS = $(shell find server app contracts/bindings -name '*.go' -not -name '*_test.go' 2>/dev/null) go.mod go.sum
RUN_FLAGS ?=

.PHONY: host host-figures host-limits-figures vet-wasm-hostapi
build: bin/paychan
test-wasm: vet-wasm-hostapi

host: bin/paychan

bin/paychan: $(HOST_SRCS)
	mkdir -p bin
	$(GO) build -trimpath -o $@.tmp ./server
	mv $@.tmp $@

# app/hostapi is shared with the wallet: it must build for the browser.
vet-wasm-hostapi:
	GOOS=js GOARCH=wasm $(GO) vet ./app/hostapi

host-figures:
	$(GO) test -count=1 -v -run 'TestMine100|TestChannelPersistsAcrossRestart|TestKill9' ./server/host ./server \
	  | grep -E 'started in|listening after|to receipt|mine|100 blocks'

host-limits-figures:
	PAYCHAN_BIG_MINE=10000 $(GO) test -count=1 -v -timeout 30m -run 'TestRPCAnswersDuringBigMine|TestRPCAnswersDuringHeavyBatch|TestTrickling' ./server/host \
	  | grep -E 'limits_test.go:[0-9]+: (mine of|batch of|POST)'

# Relay (server/relay, app/relayclient, app/relayproto): the client and the
# frame types must build for the browser; the frame decoder is fuzzed briefly.
.PHONY: vet-wasm-relay fuzz-relay
test-wasm: vet-wasm-relay
test-fuzz: fuzz-relay
vet-wasm-relay:
	GOOS=js GOARCH=wasm $(GO) vet ./app/relayclient/... ./app/relayproto/...
# FuzzFastDecode and FuzzFastEncode hold the fast paths to encoding/json's answers.
fuzz-relay:
	@for fn in FuzzDecode FuzzFastDecode FuzzFastEncode; do echo "fuzz ./app/relayproto $$fn ($(FUZZTIME))"; \
	  $(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) ./app/relayproto || exit 1; done

# Watchtower (issue 7, server/watchtower + app/watchtower): app/watchtower is
# shared with the wallet, so it must build for the browser; its reply decoder
# is fuzzed like the core's.
.PHONY: vet-wasm-watchtower fuzz-watchtower
test-wasm: vet-wasm-watchtower
test-fuzz: fuzz-watchtower
vet-wasm-watchtower:
	GOOS=js GOARCH=wasm $(GO) vet ./app/watchtower
fuzz-watchtower:
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeReply$$' -fuzztime $(FUZZTIME) ./app/watchtower

## ---- wallet (issue 5) --------------------------------------------------------
# The browser wallet (go-app, GOOS=js GOARCH=wasm).
#   make wasm          dist/web/app.wasm plus app.wasm.br and app.wasm.gz, rebuilt
#                      only when a Go source of the browser build changes
#   make e2e           the chromedp tests in Chromium (real host, embedded chain)
#   make doc-shots     the e2e tests that also write the README's screenshots to docs/img/
# The browser tests carry the build tag `browser`: `go test ./...` (test-go)
# compiles none of them and test-browser is their only runner; they never skip.
# Screenshots go to artifacts/ (PAYCHAN_ARTIFACTS overrides).
WASM_DIR := dist/web
WASM_SRCS = $(shell find app wasm assets contracts/bindings -name '*.go' -not -name '*_test.go' 2>/dev/null) go.mod go.sum
WASM_VET = $(foreach d,app/ui wasm app/browserstore app/chainclient app/perfmark app/warmup bench/wasmcrypto,$(if $(wildcard $(d)/*.go),./$(d)))

.PHONY: wasm wasm-vet-wallet e2e-vet e2e
build: wasm
test-wasm: wasm-vet-wallet e2e-vet
test-browser: e2e

wasm: $(WASM_DIR)/app.wasm.br

$(WASM_DIR)/app.wasm: $(WASM_SRCS)
	mkdir -p $(WASM_DIR)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -gcflags=all=-l -o $@.tmp ./wasm
	mv $@.tmp $@

$(WASM_DIR)/app.wasm.br: $(WASM_DIR)/app.wasm
	$(GO) run ./wasm/compress $<

wasm-vet-wallet:
	GOOS=js GOARCH=wasm $(GO) vet $(WASM_VET)

# `go vet ./...` skips the browser-tagged files: vet them here.
e2e-vet:
	$(GO) vet -tags browser ./e2e/...

e2e: chromium wasm
	PAYCHAN_WEB_DIR=$(abspath $(WASM_DIR)) PAYCHAN_ARTIFACTS=$${PAYCHAN_ARTIFACTS:-$(abspath artifacts)} \
	  $(GO) test -count=1 -tags browser -timeout 20m -v ./e2e/...

.PHONY: doc-shots
doc-shots: chromium wasm
	PAYCHAN_DOC_SHOTS=1 PAYCHAN_WEB_DIR=$(abspath $(WASM_DIR)) PAYCHAN_ARTIFACTS=$${PAYCHAN_ARTIFACTS:-$(abspath artifacts)} \
	  $(GO) test -count=1 -tags browser -timeout 20m -run 'TestSeedDemo|TestBobOnVacation|TestCooperativeClose' ./e2e/...

## ---- bench (issue 6) ---------------------------------------------------------
# The headless client and the benchmarks (cli/, bench/, docs/bench.md).
#   make cli           bin/paychan-cli
#   make bench         every section (native, relay, load, browser, gas); prints one
#                      report and writes docs/bench.md (BENCH_FLAGS='-n 20000 -k 500' to change)
#   make bench-smoke   the same program with tiny sizes (part of make test)
BENCH_FLAGS ?=

.PHONY: cli bench-smoke
build: bin/paychan-cli
test: bench-smoke

cli: bin/paychan-cli

bin/paychan-cli: $(HOST_SRCS) $(shell find cli -name '*.go' -not -name '*_test.go' 2>/dev/null)
	mkdir -p bin
	$(GO) build -trimpath -o $@.tmp ./cli
	mv $@.tmp $@

bench: chromium wasm bin/paychan
	$(GO) run ./bench -host-bin bin/paychan -web $(WASM_DIR) -out docs/bench.md $(BENCH_FLAGS)

bench-smoke:
	$(GO) run ./bench -quick >/dev/null && echo "bench-smoke: ok"

## ---- cluster (issue 12) ----------------------------------------------------------
# make cluster: 3 nats-server processes (built from the nats-server module pinned in
# go.mod) in one JetStream cluster, the chain node (paychan chain), 2 hosts and a front
# (the one origin, http://127.0.0.1:8080); prints the URLs, Ctrl-C stops everything.
# Data and logs in ./data-cluster (CLUSTER_FLAGS: -hosts, -nats-nodes, -replicas, -front, -v).
CLUSTER_FLAGS ?=
.PHONY: cluster
cluster: wasm
	$(GO) run ./server/cluster/paychan-cluster -web $(WASM_DIR) $(CLUSTER_FLAGS)

## ---- test: everything -----------------------------------------------------------

test: deps fmt-check vet tidy-check generate-check test-go test-race test-wasm test-fuzz test-browser
	@echo "make test: all checks passed"

test-go:
	$(GO) test -count=1 ./...

# The race detector where it is cheap and where the concurrency is: the core
# (Book is shared by the UI and the relay handler) and the relay.
RACE_PKGS := ./app/channel ./app/wire ./app/amount ./app/wallet ./app/watchtower ./app/relayproto ./server/relay
.PHONY: test-race
test-race:
	$(GO) test -race -count=1 $(RACE_PKGS)

# Sections add their own prerequisites to these (e.g. `test-fuzz: fuzz-wire`).
generate-check test-wasm test-fuzz test-browser:

run: wasm bin/paychan
	@echo "make run: starting the host; open the URL it prints (Ctrl-C stops it)"
	exec ./bin/paychan --web $(WASM_DIR) $(RUN_FLAGS)
