# Edgeplay — build, run and test. `make run` and `make test` install what is
# missing (Debian packages, npm packages, Go modules) and are quick when
# everything is already there.

SHELL        := /bin/bash
GO           ?= go
# sqlite_fts5: go-sqlite3 with SQLite's FTS5, for the history's text index
# (store/textindex.go); every build and test below uses it.
export GOFLAGS := $(strip $(GOFLAGS) -tags=sqlite_fts5)
TAGS_DESKTOP := desktop,production,webkit2_41,sqlite_fts5
TAGS_DEV     := dev,webkit2_41,sqlite_fts5
BIN          := build/bin/edgeplay
BIN_WINDOW   := build/bin/edgeplay-window
BIN_DEV      := build/bin/edgeplay-dev
APT_PACKAGES := libgtk-3-dev libwebkit2gtk-4.1-dev pkg-config gcc xvfb xauth x11-utils chromium imagemagick wrk
FRONTEND_SRC := $(shell find frontend/src -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts frontend/tsconfig.json frontend/package.json
GO_SRC       := $(shell find . -name '*.go' -not -path './frontend/*' -not -path './build/*' -not -path '*/node_modules/*' 2>/dev/null) $(shell find runtime examples -type f -not -name '*.go' -not -path '*/node_modules/*' 2>/dev/null) go.mod go.sum

.PHONY: all run build build-dev intl test test-go test-wpt test-frontend test-e2e test-smoke bench conformance conformance-next wpt-baseline deps deps-system deps-go deps-frontend frontend lint clean

all: build

## deps: everything the build and the tests need.
deps: deps-system deps-frontend deps-go

deps-system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi

deps-frontend: frontend/node_modules/.package-lock.json

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

deps-go:
	@$(GO) mod download

## frontend: the UI bundle embedded in the binary.
frontend: frontend/dist/index.html

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && npm run build
	@touch $@

## build: `edgeplay` (the command line; headless, without GTK/WebKit, so `edgeplay serve` stays small) and `edgeplay-window` (the same program linked with the desktop libraries), which `edgeplay` starts when run without a command.
build: deps-system deps-go frontend $(BIN) $(BIN_WINDOW)

$(BIN): frontend/dist/index.html $(GO_SRC)
	@mkdir -p build/bin
	$(GO) build -o $@ .

$(BIN_WINDOW): frontend/dist/index.html $(GO_SRC)
	@mkdir -p build/bin
	$(GO) build -tags $(TAGS_DESKTOP) -o $@ .

build-dev: deps-system deps-go frontend $(BIN_DEV)

$(BIN_DEV): frontend/dist/index.html $(GO_SRC)
	@mkdir -p build/bin
	$(GO) build -tags $(TAGS_DEV) -o $@ .

## run: open the window on the built-in example workspace.
run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
		echo "no display: running under xvfb-run (use '$(BIN) serve' for headless mode)"; \
		EDGEPLAY_EXAMPLES=1 xvfb-run -a -s "-screen 0 1400x900x24" ./$(BIN); \
	else EDGEPLAY_EXAMPLES=1 ./$(BIN); fi

## test: every test — Go (unit, server, history), the UI in Chromium against real Go, the real window under Xvfb, and the differential test against real Next.js.
test: deps build build-dev
	$(MAKE) --no-print-directory lint test-go test-wpt test-frontend test-e2e test-smoke conformance-next

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/*')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

test-go:
	$(GO) test -race -count=1 ./...

## test-wpt: the WPT gate (runtime/webapi/wpt TestConformanceGate), without -race: it measures fidelity, not data races, and -race would make it several times slower.
test-wpt:
	set -o pipefail; $(GO) test -count=1 -run TestConformanceGate -v ./runtime/webapi/wpt/ 2>&1 | grep -v '^=== RUN'

test-frontend:
	cd frontend && npm run typecheck && node --test test/

test-e2e: $(BIN)
	cd frontend && EDGEPLAY_DEV_BINARY=$(CURDIR)/$(BIN_DEV) xvfb-run -a -s "-screen 0 1400x900x24" npm run e2e
	cd frontend && EDGEPLAY_BINARY=$(CURDIR)/$(BIN) node --test e2e/har.e2e.test.mjs

test-smoke:
	EDGEPLAY_BINARY=$(CURDIR)/$(BIN) $(GO) test -count=1 -run TestDesktopSmoke -v .

## conformance-next: the differential test against real Next.js 15 (test/nextjs-diff: next build + next start, and next dev, against edgeplay serve on the same workspace; every difference fails unless test/nextjs-diff/allowlist.json explains it); npm ci on first run; about a minute on 2 cores; part of `make test`.
conformance-next: $(BIN)
	cd test/nextjs-diff && EDGEPLAY_NEXT_DIFF=1 EDGEPLAY_BINARY=$(CURDIR)/$(BIN) $(GO) test -count=1 -timeout 15m -v .

## bench: `edgeplay serve` against a bare net/http floor and the edge-runtime npm package (wrk: req/s, p50/p99, ratios), edit → response, spawn → first 200, RSS, memory per isolate, against issue 5's targets; one run, about 4 minutes.
bench: deps-system deps-go frontend $(BIN) bench/edge-runtime/node_modules/.package-lock.json
	$(GO) run ./bench -edgeplay $(BIN)

bench/edge-runtime/node_modules/.package-lock.json: bench/edge-runtime/package.json bench/edge-runtime/package-lock.json
	cd bench/edge-runtime && npm ci --no-audit --no-fund
	@touch $@

## conformance: the whole WPT subset (../shared/wpt) in Edgeplay's isolate, per directory, anchors beside.
conformance: deps-go frontend
	@mkdir -p build/bin
	$(GO) run . wpt --json build/bin/wpt-results.json

## intl: regenerate the Intl bundles (runtime/webapi/intl/dist, committed) from the pinned FormatJS packages.
intl:
	cd runtime/webapi/intl && npm ci --no-audit --no-fund
	$(GO) run ./runtime/webapi/intl/gen

## wpt-baseline: re-record the gate's baseline (runtime/webapi/testdata/wpt-baseline.json) from a full run.
wpt-baseline: deps-go frontend
	$(GO) run . wpt --write-baseline runtime/webapi/testdata/wpt-baseline.json

clean:
	rm -rf build/bin frontend/dist
