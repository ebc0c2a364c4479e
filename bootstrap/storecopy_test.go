package bootstrap

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"harriet/adapters/boltstore"
	"harriet/adapters/keys"
	"harriet/core/usecase"
	"harriet/tests/storecheck"
)

// seededBolt makes a bbolt file at dir/name with its key file beside it, as serve
// leaves them, seeded with storecheck's records, and returns the path and the key.
func seededBolt(t *testing.T, dir, name string, slugs ...string) (string, keys.Root) {
	t.Helper()
	path := filepath.Join(dir, name)
	root, err := keys.CreateFile(keys.BesidePath(path))
	if err != nil {
		t.Fatal(err)
	}
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := storecheck.Seed(context.Background(), db, secretBox(t, root), 12, slugs...); err != nil {
		t.Fatal(err)
	}
	return path, root
}

func secretBox(t *testing.T, root keys.Root) *keys.SecretBox {
	t.Helper()
	box, err := keys.NewSecretBox(root, keys.PurposeOktaClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	return box
}

// snapshotOf reads a whole store as the test's reference, opening secrets with root.
func snapshotOf(t *testing.T, store string, root keys.Root) storecheck.Snapshot {
	t.Helper()
	kind, target, err := parseStore(store)
	if err != nil {
		t.Fatal(err)
	}
	db, err := kind.open(context.Background(), target)
	if err != nil {
		t.Fatalf("opening %s: %v", storeDescription(store), err)
	}
	defer db.Close()
	snap, err := storecheck.Take(context.Background(), db, secretBox(t, root))
	if err != nil {
		t.Fatalf("reading %s: %v", storeDescription(store), err)
	}
	return snap
}

func wantSame(t *testing.T, what string, want, got storecheck.Snapshot) {
	t.Helper()
	if d := storecheck.Diff(want, got); len(d) > 0 {
		t.Fatalf("%s differs from the source:\n%s", what, strings.Join(d, "\n"))
	}
	if n := got.Count(); n["users"] < 30 || n["integrations"] != 1 || n["audit"] == 0 || n["memberships"] == 0 {
		t.Fatalf("%s holds too little to prove anything: %v", what, n)
	}
}

// wantVerified checks a successful copy's output: the verification table, the note
// on sessions, and progress lines on stderr (not a terminal here).
func wantVerified(t *testing.T, code int, out, errs string) {
	t.Helper()
	if code != 0 {
		t.Fatalf("store copy: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	for _, s := range []string{"The copy is complete and verified.", "Sessions are not copied", "users ", " ok"} {
		if !strings.Contains(out, s) {
			t.Fatalf("stdout lacks %q:\n%s", s, out)
		}
	}
	if strings.Contains(out, "DIFFERENT") {
		t.Fatalf("stdout reports a difference:\n%s", out)
	}
	for _, agg := range usecase.CopyAggregates {
		if !strings.Contains(errs, "copying "+agg+": ") {
			t.Fatalf("stderr lacks progress for %s:\n%s", agg, errs)
		}
	}
	if strings.Contains(errs, "\r") {
		t.Fatalf("progress redraws in place on a stream that is not a terminal:\n%q", errs)
	}
}

// The offline backup: a bbolt file copied to a new bbolt file with no key flags
// gets the source's key written beside it, so it opens as it is, and holds every
// record exactly.
func TestStoreCopyBoltBackup(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, root := seededBolt(t, dir, "harriet.db", "acme", "globex")
	backup := filepath.Join(dir, "backup.db")
	code, out, errs := run(t, nil, "store", "copy", "--from", "bbolt:"+src, "--to", "bbolt:"+backup)
	wantVerified(t, code, out, errs)
	written, _, err := keys.ReadFile(keys.BesidePath(backup))
	if err != nil || written.Encode() != root.Encode() {
		t.Fatalf("the backup's key file: %v (same key as the source: %v)", err, written.Encode() == root.Encode())
	}
	if info, err := os.Stat(keys.BesidePath(backup)); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the backup's key file mode: %v %v", info.Mode(), err)
	}
	wantSame(t, "the backup", snapshotOf(t, "bbolt:"+src, root), snapshotOf(t, "bbolt:"+backup, root))
	if code, _, errs := run(t, nil, "migrate", "--store", "bbolt:"+backup); code != 0 {
		t.Fatalf("the backup does not open with the key beside it: %s", errs)
	}

	// A second copy into the backup is refused, and leaves it as it was.
	before := snapshotOf(t, "bbolt:"+backup, root)
	code, out, errs = run(t, nil, "store", "copy", "--from", "bbolt:"+src, "--to", "bbolt:"+backup)
	if code != 1 || !strings.Contains(errs, "The destination store is not empty") || strings.Contains(out, "verified") {
		t.Fatalf("copy into a non-empty store: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	wantSame(t, "the refused destination", before, snapshotOf(t, "bbolt:"+backup, root))
}

// A bbolt source that another process holds (a running serve) stops the copy at
// once with boltstore's message, and nothing is made at the destination.
func TestStoreCopySourceInUse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, _ := seededBolt(t, dir, "harriet.db", "acme")
	held, err := boltstore.Open(src, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	dst := filepath.Join(dir, "copy.db")
	code, _, errs := run(t, nil, "store", "copy", "--from", "bbolt:"+src, "--to", "bbolt:"+dst)
	if code != 1 || !strings.Contains(errs, "in use by another harriet process") {
		t.Fatalf("copy of a held source: exit %d: %s", code, errs)
	}
	for _, p := range []string{dst, keys.BesidePath(dst)} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatalf("%s was made although the source could not be read: %v", p, err)
		}
	}
}

// Mistakes are refused with one line that says what to do.
func TestStoreCopyRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, _ := seededBolt(t, dir, "harriet.db", "acme", "globex")
	other, err := keys.CreateFile(filepath.Join(dir, "other.key"))
	if err != nil || !other.Valid() {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no destination", []string{"--from", "bbolt:" + src}, 2, "--to is required"},
		{"same file", []string{"--from", "bbolt:" + src, "--to", "bbolt:" + src}, 2, "same file"},
		{"missing source", []string{"--from", "bbolt:" + filepath.Join(dir, "nope.db"), "--to", "bbolt:" + filepath.Join(dir, "a.db")}, 1, "does not exist"},
		{"a DSN that does not parse", []string{"--from", "bbolt:" + src, "--to", "mysql:bad(("}, 2, "bad --to"},
		{"MySQL source without its key", []string{"--from", "mysql:harriet:hunter2@tcp(127.0.0.1:1)/h", "--to", "bbolt:" + filepath.Join(dir, "b.db")}, 2, "--from-key-file"},
		{"wrong source key", []string{"--from", "bbolt:" + src, "--from-key-file", filepath.Join(dir, "other.key"), "--to", "bbolt:" + filepath.Join(dir, "c.db")}, 1,
			"The key given for the source does not fit it, so nothing was copied"},
	}
	for _, c := range cases {
		code, out, errs := run(t, nil, append([]string{"store", "copy"}, c.args...)...)
		if code != c.code || !strings.Contains(errs, c.want) || strings.Count(errs, "harriet store copy:") != 1 || strings.Contains(errs, "hunter2") {
			t.Errorf("%s: exit %d, want %d with %q\nstdout: %s\nstderr: %s", c.name, code, c.code, c.want, out, errs)
		}
	}
	// The wrong key is found before anything is written: the destination stays
	// empty, so it can be used for the next try as it is.
	if code, _, errs := run(t, nil, "store", "copy", "--from", "bbolt:"+src, "--from-key-file", filepath.Join(dir, "other.key"),
		"--to", "bbolt:"+filepath.Join(dir, "d.db")); code != 1 || strings.Contains(errs, "partial copy") {
		t.Errorf("a wrong source key: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, nil, "store", "copy", "--from", "bbolt:"+src, "--to", "bbolt:"+filepath.Join(dir, "d.db"),
		"--to-key-file", filepath.Join(dir, "d.db.key")); code != 0 {
		t.Errorf("a copy into the destination a refused copy left: exit %d: %s", code, errs)
	}
}

// On a terminal the bar is redrawn in place and each aggregate ends its line.
func TestStoreCopyProgressOnATerminal(t *testing.T) {
	var b bytes.Buffer
	p := newCopyProgress(&b, true)
	for _, done := range []int{0, 50, 100} {
		p.update(usecase.CopyProgress{Aggregate: usecase.AggUsers, Done: done, Total: 100})
	}
	p.update(usecase.CopyProgress{Aggregate: usecase.AggGroups, Total: 0})
	p.finish()
	got := b.String()
	want := "\r  users          [" + strings.Repeat("#", copyBarWidth) + "] 100/100 (100%)\n"
	if !strings.Contains(got, want) || !strings.HasSuffix(got, "0/0 (100%)\n") || strings.Count(got, "\n") != 2 {
		t.Fatalf("terminal progress:\n%q", got)
	}
}
