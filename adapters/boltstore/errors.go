package boltstore

import (
	"errors"
	"syscall"

	bolt "go.etcd.io/bbolt"
	bolterr "go.etcd.io/bbolt/errors"

	"harriet/core"
)

// This file is the one place where bbolt's and the file system's errors become
// core.Error kinds. Repository code only returns core errors of its own.

// openErr explains why the file could not be opened.
func openErr(path string, err error) error {
	if errors.Is(err, bolterr.ErrTimeout) {
		return core.Wrap(core.Unavailable, err,
			"The bbolt store %s is in use by another harriet process: a bbolt file is held by one process at a time. Stop that process (for example the running `harriet serve`) first; while serve runs, make changes through its web pages or its API.",
			path)
	}
	return core.Wrap(core.Unavailable, err, "Could not open the bbolt store %s: %v.", path, err)
}

// boltErr maps an error that bbolt or the file system returned.
func boltErr(err error) error {
	if err == nil {
		return nil
	}
	var ce *core.Error
	switch {
	case errors.As(err, &ce):
		return err
	case errors.Is(err, bolterr.ErrDatabaseNotOpen), errors.Is(err, bolterr.ErrTxClosed):
		return core.Wrap(core.Unavailable, err, "The store is closed; the service is shutting down.")
	case errors.Is(err, bolterr.ErrKeyTooLarge), errors.Is(err, bolterr.ErrValueTooLarge):
		return core.Wrap(core.Invalid, err, "A value is too large to store.")
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT), errors.Is(err, syscall.EIO),
		errors.Is(err, bolterr.ErrMaxSizeReached):
		return core.Wrap(core.Unavailable, err, "The store could not write to disk (is the disk full or failing?). Nothing was changed.")
	}
	return core.Wrap(core.Internal, err, "The store failed.")
}

// ctxErr maps a cancelled or expired request context.
func ctxErr(err error) error {
	return core.Wrap(core.Unavailable, err, "The request was cancelled or timed out before the store answered.")
}

// writeFailed marks an error bbolt returned while a method was writing, after its
// checks passed: the transaction holds part of the change and must not commit.
type writeFailed struct{ err error }

func (w writeFailed) Error() string { return w.err.Error() }
func (w writeFailed) Unwrap() error { return w.err }

// put and del are the only bucket writes; they mark their failures (see writeFailed).
func put(b *bolt.Bucket, k, v []byte) error {
	if err := b.Put(k, v); err != nil {
		return writeFailed{boltErr(err)}
	}
	return nil
}

func del(b *bolt.Bucket, k []byte) error {
	if err := b.Delete(k); err != nil {
		return writeFailed{boltErr(err)}
	}
	return nil
}

// checkKey refuses an identity key bbolt could not store, before anything is written.
func checkKey(field string, k []byte) error {
	if len(k) > bolt.MaxKeySize {
		return core.InvalidField(field, "The %s is too long to store (%d bytes).", field, len(k))
	}
	return nil
}

func notFound(what, id string) error {
	return core.E(core.NotFound, "No %s with ID %q in this company.", what, id)
}

func conflict(field, format string, args ...any) error {
	e := core.E(core.Conflict, format, args...)
	e.Field = field
	e.SCIMType = "uniqueness"
	return e
}

// isWriteFailed reports whether err came from a bucket write that failed halfway.
func isWriteFailed(err error) bool {
	var w writeFailed
	return errors.As(err, &w)
}
