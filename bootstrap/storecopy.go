package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"harriet/adapters/keys"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// copyEnd is one side of `harriet store copy`: a store as --store names it, its
// root key, and the store once open.
type copyEnd struct {
	flag   string // "--from" or "--to", for messages
	value  string // bbolt:PATH or mysql:DSN
	kind   storeKind
	target string
	key    keys.Root
	keyAt  string // where the key came from, for the operator (never the key)
	db     ports.Database
}

// describe names the store without a DSN's password.
func (e *copyEnd) describe() string { return storeDescription(e.value) }

func cmdStoreCopy(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	c := newCommand("harriet store copy")
	from := c.fs.String("from", "", "the store to copy, bbolt:PATH or mysql:DSN (stop the harriet serve using a bbolt file first)")
	to := c.fs.String("to", "", "the empty store to copy into, bbolt:PATH (a new file: the offline backup) or mysql:DSN")
	fromKey := c.fs.String("from-key-file", "", "the source's key file (default: HARRIET_SECRET_KEY_FILE or HARRIET_SECRET_KEY, else the key file beside a bbolt source)")
	toKey := c.fs.String("to-key-file", "", "the destination's key file (default: the key file beside a bbolt destination if there is one, else the source's key)")
	if _, err := c.parse(args, env, stdout); err != nil {
		return helpOK(err)
	}
	if err := c.required("from", "to"); err != nil {
		return err
	}
	src, dst, err := copyEnds(*from, *to)
	if err != nil {
		return err
	}
	if err := src.openSource(ctx, *fromKey, env, stderr); err != nil {
		return err
	}
	defer src.db.Close()
	if err := dst.openDestination(ctx, *toKey, src.key); err != nil {
		return err
	}
	defer dst.db.Close()
	fmt.Fprintf(stderr, "Copying %s (key: %s) to %s (key: %s).\n", src.describe(), src.keyAt, dst.describe(), dst.keyAt)
	return runStoreCopy(ctx, src, dst, stdout, stderr)
}

// copyEnds parses --from and --to and refuses copying a bbolt file onto itself.
func copyEnds(from, to string) (*copyEnd, *copyEnd, error) {
	src, dst := &copyEnd{flag: "--from", value: from}, &copyEnd{flag: "--to", value: to}
	for _, e := range []*copyEnd{src, dst} {
		kind, target, err := parseStore(e.value)
		if err != nil {
			return nil, nil, usageErrorf("bad %s: %v", e.flag, err)
		}
		e.kind, e.target = kind, target
	}
	if src.kind.keyBeside && dst.kind.keyBeside && samePath(src.target, dst.target) {
		return nil, nil, usageErrorf("--from and --to name the same file; copy into a new file")
	}
	if !src.kind.keyBeside && src.value == dst.value {
		return nil, nil, usageErrorf("--from and --to name the same store")
	}
	return src, dst, nil
}

func samePath(a, b string) bool {
	aa, errA := filepath.Abs(a)
	bb, errB := filepath.Abs(b)
	return errA == nil && errB == nil && aa == bb
}

// openSource finds the source's key and opens it. A bbolt source must exist (Open
// would make an empty one) and is locked while the copy runs, so a running serve
// on it stops the copy with boltstore's message. Its schema must be current: the
// copy never changes the source.
func (e *copyEnd) openSource(ctx context.Context, keyFile string, env func(string) string, stderr io.Writer) error {
	if e.kind.keyBeside {
		if _, err := os.Stat(e.target); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("--from: the bbolt file %s does not exist", e.target)
		} else if err != nil {
			return fmt.Errorf("--from: %w", err)
		}
	}
	if err := e.sourceKey(keyFile, env, stderr); err != nil {
		return err
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	e.db = db
	have, want, err := db.SchemaStatus(ctx)
	if err == nil && have != want {
		err = core.E(core.Precondition, "The source store's schema is at version %d and this harriet binary reads version %d: run `harriet migrate` on the source with the binary that serves it, or use the matching binary.", have, want)
	}
	if err != nil {
		db.Close()
	}
	return err
}

// sourceKey applies the source's key order: --from-key-file, then the installation's
// HARRIET_SECRET_KEY_FILE or HARRIET_SECRET_KEY, then the key file beside a bbolt
// source (which must be there: it is never made here).
func (e *copyEnd) sourceKey(keyFile string, env func(string) string, stderr io.Writer) error {
	envFile, inline := env("HARRIET_SECRET_KEY_FILE"), env("HARRIET_SECRET_KEY")
	switch {
	case keyFile != "":
		return e.readKey("--from-key-file", keyFile, stderr)
	case envFile != "" && inline != "":
		return usageErrorf("%v", errBothKeys)
	case envFile != "":
		return e.readKey("HARRIET_SECRET_KEY_FILE", envFile, stderr)
	case inline != "":
		root, err := keys.Parse(inline)
		if err != nil {
			return usageErrorf("HARRIET_SECRET_KEY: %v", err)
		}
		e.key, e.keyAt = root, "HARRIET_SECRET_KEY"
		return nil
	case e.kind.keyBeside:
		return e.readKey("the key file beside the source (or give --from-key-file)", keys.BesidePath(e.target), stderr)
	}
	return usageErrorf("--from %s: give --from-key-file, the key the source's nodes run with", e.kind.form)
}

// open opens the store; a DSN that does not parse is a usage error naming the flag,
// as serve's --store is.
func (e *copyEnd) open(ctx context.Context) (ports.Database, error) {
	db, err := e.kind.open(ctx, e.target)
	if core.IsKind(err, core.Invalid) {
		return nil, usageErrorf("bad %s: %s", e.flag, core.MessageOf(err))
	}
	return db, err
}

// readKey reads a key file, passing on its warnings (a file others may read).
func (e *copyEnd) readKey(what, path string, stderr io.Writer) error {
	root, warns, err := keys.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	for _, w := range warns {
		fmt.Fprintln(stderr, "warning:", w)
	}
	e.key, e.keyAt = root, path
	return nil
}

// openDestination opens and migrates the destination and refuses it unless it is
// empty. Its key is --to-key-file, else the key file beside a bbolt destination when
// one exists (as serve would use), else the source's key; a bbolt destination then
// gets that key written beside it, so it opens as it is.
func (e *copyEnd) openDestination(ctx context.Context, keyFile string, sourceKey keys.Root) error {
	beside := ""
	switch {
	case keyFile != "":
		if err := e.readKey("--to-key-file", keyFile, io.Discard); err != nil {
			return err
		}
	case e.kind.keyBeside && fileExists(keys.BesidePath(e.target)):
		if err := e.readKey("the key file beside the destination", keys.BesidePath(e.target), io.Discard); err != nil {
			return err
		}
	default:
		e.key, e.keyAt = sourceKey, "the source's key"
		if e.kind.keyBeside {
			beside = keys.BesidePath(e.target)
			e.keyAt += ", written to " + beside
		}
	}
	db, err := e.open(ctx)
	if err != nil {
		return err
	}
	e.db = db
	if err = db.Migrate(ctx); err == nil {
		err = usecase.RequireEmptyStore(ctx, db)
	}
	if err == nil && beside != "" {
		err = keys.WriteFile(beside, e.key)
	}
	if err != nil {
		db.Close()
	}
	return err
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, os.ErrNotExist)
}
