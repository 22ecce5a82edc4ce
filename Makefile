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

## ---- core (issue 3) ----------------------------------------------------------

## ---- host (issue 4) ----------------------------------------------------------

## ---- wallet (issue 5) --------------------------------------------------------

## ---- bench (issue 6) ---------------------------------------------------------

## ---- test: everything -----------------------------------------------------------

test: deps fmt-check vet tidy-check generate-check test-go test-wasm test-fuzz test-browser
	@echo "make test: all checks passed"

test-go:
	$(GO) test -count=1 ./...

# Sections add their own prerequisites to these (e.g. `test-fuzz: fuzz-wire`).
generate-check test-wasm test-fuzz test-browser:

run:
	@echo "make run: not yet (the host arrives with issue 4)"
