# Harriet's everyday commands. `make test` is what CI runs.

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
LDFLAGS := -X harriet/bootstrap.Version=$(VERSION) -X harriet/bootstrap.Commit=$(COMMIT)

.PHONY: run test test-go fuzz build bench vet

# FUZZTIME is how long each fuzz target runs in `make test`; longer with
# `make fuzz FUZZTIME=5m`.
FUZZTIME ?= 4s

# run serves on bbolt (harriet.db and its key file in the current directory).
run:
	go run ./cmd/harriet serve

test: test-go fuzz

test-go:
	go test -race -timeout 30m ./...

# fuzz runs every Fuzz target of the repo for FUZZTIME each.
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
	  for name in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | cut -d' ' -f2); do \
	    echo "fuzz $$name in $$(dirname $$f) for $(FUZZTIME)"; \
	    go test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s -timeout 5m ./$$(dirname $${f#./}); \
	  done; \
	done

# build writes bin/harriet with the version and commit stamped in.
build:
	go build -ldflags "$(LDFLAGS)" -o bin/harriet ./cmd/harriet

# bench runs the benchmarks (not part of CI).
bench:
	go test -run '^$$' -bench . -benchtime 2s ./...

vet:
	go vet ./...
