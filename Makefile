# breachdesk: `make` alone lists the targets.

GO                  ?= go
# staticcheck is run at a fixed version, so that a new release cannot turn
# a green build red overnight.
STATICCHECK_VERSION ?= v0.8.2
VERSION             ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS             := -X github.com/breachdesk/breachdesk/internal/app.Version=$(VERSION)
DEMO_DATA           ?= ./breachdesk-demo
FUZZTIME            ?= 20s

.DEFAULT_GOAL := help
.PHONY: help run build test bench fuzz pgo clean

help: ## list the targets
	@echo "Targets:"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z]+:.*## / { printf "  make %-6s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

run: build ## try the desk: a demo team and incident on the embedded database in ./breachdesk-demo
	./bin/breachdesk demo --data $(DEMO_DATA)

build: ## build bin/breachdesk, stamped with the version from git describe
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/breachdesk ./cmd/breachdesk

test: ## gofmt check, go vet, staticcheck, every test with the race detector, every fuzz target briefly
	@unformatted="$$(gofmt -l $$($(GO) list -f '{{.Dir}}' ./...))"; \
	if [ -n "$$unformatted" ]; then \
		echo "These files are not gofmt-formatted (run gofmt -w on them):"; echo "$$unformatted"; exit 1; \
	fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...
	@if [ -z "$$BREACHDESK_TEST_POSTGRES" ]; then \
		echo "BREACHDESK_TEST_POSTGRES is not set: the PostgreSQL half of the tests is skipped (.ci/run sets it)."; \
	fi
	$(GO) test -race -count=1 -timeout 45m ./...
	@echo "Every fuzz target for 2000 inputs (the parsers meet fresh random input on every run):"
	GO=$(GO) FUZZTIME=2000x ./scripts/fuzz.sh

bench: ## run the benchmarks (figures go to docs/benchmarks.md with this command)
	$(GO) test -run '^$$' -bench . -benchmem ./...

pgo: ## refresh cmd/breachdesk/default.pgo, the profile go build optimizes the binary with (the scanner on a 100,000-person leak)
	$(GO) test -run '^$$' -bench ScanLeak -benchtime 40x -cpuprofile $(CURDIR)/cmd/breachdesk/default.pgo ./internal/scan
	rm -f scan.test

fuzz: ## run every fuzz target for FUZZTIME (20s); make test runs 2000 inputs each
	GO=$(GO) FUZZTIME=$(FUZZTIME) ./scripts/fuzz.sh

clean: ## remove bin/ and the demo desk (never ./breachdesk-data)
	rm -rf bin $(DEMO_DATA)
