# Harriet's everyday commands. `make test` is what CI runs.

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
LDFLAGS := -X harriet/bootstrap.Version=$(VERSION) -X harriet/bootstrap.Commit=$(COMMIT)

.PHONY: run test build bench vet

# run serves on bbolt (harriet.db and its key file in the current directory).
run:
	go run ./cmd/harriet serve

test:
	go test -race -timeout 30m ./...

# build writes bin/harriet with the version and commit stamped in.
build:
	go build -ldflags "$(LDFLAGS)" -o bin/harriet ./cmd/harriet

# bench runs the benchmarks (not part of CI).
bench:
	go test -run '^$$' -bench . -benchtime 2s ./...

vet:
	go vet ./...
