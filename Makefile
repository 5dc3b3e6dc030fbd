# Run `make help` for the targets.
GO ?= go
PKGS := ./...

.PHONY: help
help: ## Show the targets
	@grep -E '^[a-zA-Z/_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

.PHONY: services
services: ## Start Postgres and the SQS emulator if they are not running
	@scripts/services.sh

.PHONY: test
test: services ## Vet, then run every test (integration included) with the race detector
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout 30m $(PKGS)

.PHONY: test/race
test/race: test ## Same as test: the suite always runs with the race detector

.PHONY: test/short
test/short: services ## Run the tests without the race detector
	$(GO) test -count=1 $(PKGS)

KILL_TEST_EVENTS ?= 20000
FUZZTIME ?= 2m

.PHONY: test/kill
test/kill: services ## Full kill test: 20,000 events, 20 SIGKILLs, a Postgres restart (KILL_TEST_EVENTS=N, KILL_TEST_SEED=S)
	KILL_TEST_EVENTS=$(KILL_TEST_EVENTS) $(GO) test -count=1 -run TestKill -v -timeout 40m ./test/crash

.PHONY: test/reliability
test/reliability: services ## Crash, fault and bad-input tests of the processor binary (short kill test), verbose
	$(GO) test -count=1 -v -timeout 20m ./test/...

.PHONY: fuzz
fuzz: ## Fuzz envelope decoding and decode+validate, FUZZTIME each (default 2m)
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) ./internal/envelope
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeValidate$$' -fuzztime $(FUZZTIME) ./internal/registry
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeSQSMessage$$' -fuzztime $(FUZZTIME) ./internal/sqsqueue

.PHONY: lint
lint: ## gofmt, go vet and staticcheck
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet $(PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(PKGS)

.PHONY: bench
bench: services ## Benchmark the processor against a hand-written baseline, print the table (flags: ARGS="-events 20000"; docs/benchmarks.md)
	$(GO) run ./cmd/bench $(ARGS)

SENDER_KILL_EVENTS ?= 5000
SENDER_KILL_TIMES ?= 10

.PHONY: bench/sender
bench/sender: services ## The sender's kill test (5,000 events to 3 endpoints, 10 SIGKILLs) and benchmarks (docs/sender.md)
	SENDER_KILL_EVENTS=$(SENDER_KILL_EVENTS) SENDER_KILL_TIMES=$(SENDER_KILL_TIMES) $(GO) test -count=1 -v -run TestKill -timeout 20m ./test/senderkill
	$(GO) test -count=1 -run '^$$' -bench BenchmarkSender -benchtime 1x -timeout 30m ./internal/sender

.PHONY: run
run: services ## Run the processor against the local Postgres and SQS emulator
	$(GO) run ./cmd/processor

.PHONY: up
up: ## Run everything in Docker (Postgres, ElasticMQ, processor, producers)
	docker compose -f deployments/docker-compose.yaml up --build

.PHONY: run-local
run-local: ## Run everything without Docker; Ctrl-C stops it (producers flags: ARGS="-count 5000")
	scripts/run-local.sh $(ARGS)

.PHONY: producers
producers: services ## Publish a workload to the local SQS emulator (flags: ARGS="-rate 500 -count 5000")
	$(GO) run ./cmd/producers $(ARGS)
