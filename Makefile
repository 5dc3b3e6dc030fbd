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

.PHONY: test/short
test/short: services ## Run the tests without the race detector
	$(GO) test -count=1 $(PKGS)

.PHONY: lint
lint: ## gofmt, go vet and staticcheck
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet $(PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@2025.1.1 $(PKGS)

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
