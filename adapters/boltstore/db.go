// Package boltstore is the embedded store: one bbolt file, held by one process, for
// single-node installs. It implements ports.Database. Every record lives under its
// company's key prefix, identity keys are indexed by the bytes of core's normalising
// functions, and concurrent writes are grouped into shared transactions so that every
// acknowledged write is fsync'd without paying one fsync per write.
package boltstore

import (
	"context"
	"errors"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
	"harriet/ports"
)

// DefaultLockTimeout is how long Open waits for another process to let go of the
// file: short, so a command run while serve holds it stops at once (SPEC.md), yet
// long enough for a process that is exiting to let go.
const DefaultLockTimeout = 500 * time.Millisecond

// DefaultMaxBatch is how many queued writes one transaction takes at most.
const DefaultMaxBatch = 128

// Options tune Open. The zero value is right for production.
type Options struct {
	// LockTimeout bounds the wait for the file lock (DefaultLockTimeout when zero).
	// bbolt lets one process hold a file; a second one gets a clear error, not a hang.
	LockTimeout time.Duration
	// NoSync skips fsync on commit. Only for tests: acknowledged writes may be lost.
	NoSync bool
	// MaxBatch caps how many queued writes share one transaction (DefaultMaxBatch
	// when zero).
	MaxBatch int
}

// DB is an open bbolt store. It is safe for concurrent use.
type DB struct {
	store
	bolt      *bolt.DB
	path      string
	com       *committer
	schemaErr error // set when the file's schema is newer than this binary
	closeOnce sync.Once
	closeErr  error
}

var _ ports.Database = (*DB)(nil)

// Open opens (creating if needed) the bbolt file at path and makes its buckets. When
// another process holds the file, Open fails after opts.LockTimeout with a
// core.Unavailable error that says so.
func Open(path string, opts Options) (*DB, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = DefaultMaxBatch
	}
	bdb, err := bolt.Open(path, 0o600, boltOptions(opts))
	if err != nil {
		return nil, openErr(path, err)
	}
	db := &DB{bolt: bdb, path: path}
	db.store = store{a: db}
	if err := db.prepare(); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	db.com = newCommitter(bdb, opts.MaxBatch)
	return db, nil
}

// boltOptions are the bbolt settings of the store. The map freelist and not syncing
// the freelist keep each commit to the pages that changed; durability of records is
// unaffected (bbolt rebuilds the freelist at open).
func boltOptions(opts Options) *bolt.Options {
	return &bolt.Options{
		Timeout:        opts.LockTimeout,
		NoSync:         opts.NoSync,
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
	}
}

// prepare reads the schema version and makes the buckets, unless the file was written
// by a newer binary: then every call answers Precondition and the file is left alone.
func (db *DB) prepare() error {
	have, err := db.schemaVersion()
	if err != nil {
		return err
	}
	if have > SchemaVersion {
		db.schemaErr = tooNewErr(db.path, have)
		return nil
	}
	return boltErr(db.bolt.Update(func(tx *bolt.Tx) error { return ensureBuckets(tx) }))
}

// Path returns the file the store was opened from.
func (db *DB) Path() string { return db.path }

// Close waits for queued writes to commit, then closes the file. It is safe to call
// more than once.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.com.close()
		db.closeErr = boltErr(db.bolt.Close())
	})
	return db.closeErr
}

// Ping reports whether the store answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.read(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bMeta) == nil {
			return core.E(core.Unavailable, "The bbolt store %s has not been set up.", db.path)
		}
		return nil
	})
}

// InTx runs fn in one write transaction, shared with other writers queued at the same
// time. fn may run more than once; it must not call back into db.
func (db *DB) InTx(ctx context.Context, fn func(tx ports.Store) error) error {
	return db.write(ctx, func(btx *bolt.Tx) error {
		ts := &txStore{tx: btx}
		ts.store = store{a: ts}
		defer func() { ts.done = true }()
		if err := fn(ts); err != nil {
			return err
		}
		return ts.broken // a write failed halfway and fn carried on: commit nothing
	})
}

// read runs fn in a read-only bbolt transaction. fn's own errors pass through as they
// are; errors of bbolt itself are mapped.
func (db *DB) read(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := db.ready(ctx); err != nil {
		return err
	}
	var fnErr error
	err := db.bolt.View(func(tx *bolt.Tx) error {
		fnErr = fn(tx)
		return fnErr
	})
	if fnErr != nil {
		return fnErr
	}
	return boltErr(err)
}

// write queues fn for the committer and waits until its transaction committed.
func (db *DB) write(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := db.ready(ctx); err != nil {
		return err
	}
	return db.com.submit(ctx, fn)
}

func (db *DB) ready(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return ctxErr(err)
	}
	return db.schemaErr
}

// txStore is the Store handed to an InTx function: every call runs in its
// transaction. It is not safe for concurrent use and dies with the transaction.
type txStore struct {
	store
	tx     *bolt.Tx
	done   bool
	broken error
}

// InTx runs fn in the transaction already open.
func (t *txStore) InTx(_ context.Context, fn func(tx ports.Store) error) error {
	if t.done {
		return errTxDone
	}
	return fn(t)
}

func (t *txStore) read(_ context.Context, fn func(tx *bolt.Tx) error) error {
	if t.done {
		return errTxDone
	}
	return fn(t.tx)
}

func (t *txStore) write(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	err := t.read(ctx, fn)
	if isWriteFailed(err) && t.broken == nil {
		t.broken = err
	}
	return err
}

var errTxDone = core.Wrap(core.Internal, errors.New("boltstore: store of a finished transaction used"),
	"A store transaction was used after it ended.")
