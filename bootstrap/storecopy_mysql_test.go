package bootstrap

import (
	"path/filepath"
	"strings"
	"testing"

	"harriet/adapters/keys"
	"harriet/tests/mysqltest"
)

// freshMySQL creates a database of its own on the server HARRIET_TEST_MYSQL_DSN
// names, drops it when the test ends, and returns its --store value. Without the
// variable the test is skipped with a message, or fails when CI is set.
func freshMySQL(t *testing.T) string {
	t.Helper()
	return "mysql:" + mysqltest.Database(t, "harriet_copy")
}

// The move to MySQL and back: bbolt → MySQL under another key (--to-key-file) →
// a new bbolt file. Every user (deleted ones too), group, membership, token hash,
// integration (its secret opening with each destination's key) and audit entry
// arrives identical at each hop, and the DSN is never printed.
func TestStoreCopyRoundTripThroughMySQL(t *testing.T) {
	t.Parallel()
	my := freshMySQL(t)
	dir := t.TempDir()
	src, root := seededBolt(t, dir, "harriet.db", "acme", "globex")
	mysqlKey := filepath.Join(dir, "mysql.key")
	rootB, err := keys.CreateFile(mysqlKey)
	if err != nil {
		t.Fatal(err)
	}
	want := snapshotOf(t, "bbolt:"+src, root)

	code, out, errs := run(t, nil, "store", "copy", "--from", "bbolt:"+src, "--to", my, "--to-key-file", mysqlKey)
	wantVerified(t, code, out, errs)
	_, target, _ := strings.Cut(my, ":")
	if strings.Contains(out+errs, target) {
		t.Fatalf("the output shows the DSN:\n%s\n%s", out, errs)
	}
	wantSame(t, "the MySQL copy", want, snapshotOf(t, my, rootB))

	back := filepath.Join(dir, "back.db")
	code, out, errs = run(t, nil, "store", "copy", "--from", my, "--from-key-file", mysqlKey, "--to", "bbolt:"+back)
	wantVerified(t, code, out, errs)
	if k, _, err := keys.ReadFile(keys.BesidePath(back)); err != nil || k.Encode() != rootB.Encode() {
		t.Fatalf("the bbolt copy's key file should hold the MySQL side's key (the source's): %v", err)
	}
	wantSame(t, "the bbolt copy of the MySQL copy", want, snapshotOf(t, "bbolt:"+back, rootB))

	code, _, errs = run(t, nil, "store", "copy", "--from", "bbolt:"+src, "--to", my, "--to-key-file", mysqlKey)
	if code != 1 || !strings.Contains(errs, "not empty") {
		t.Fatalf("a second copy into the same MySQL database: exit %d: %s", code, errs)
	}
}
