package boltstore

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/ports"
	"harriet/tests/contract"
)

// openTemp opens a fresh store in a temporary directory, closed at the end of the test.
func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "harriet.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db, path
}

func TestContract(t *testing.T) {
	contract.Run(t, func(t *testing.T) ports.Store {
		db, _ := openTemp(t)
		return db
	})
}

func TestSecondOpenFailsFast(t *testing.T) {
	db, path := openTemp(t)
	start := time.Now()
	_, err := Open(path, Options{LockTimeout: 200 * time.Millisecond})
	if !core.IsKind(err, core.Unavailable) {
		t.Fatalf("a second Open of a held file: want Unavailable, got %v", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("a second Open took %s; it must fail after the lock timeout", took)
	}
	msg := core.MessageOf(err)
	for _, want := range []string{path, "in use by another harriet process", "Stop that process", "API"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("the message %q does not say %q", msg, want)
		}
	}
	if err := db.Ping(t.Context()); err != nil {
		t.Fatalf("the first holder must keep working: %v", err)
	}
}

func TestDataSurvivesReopen(t *testing.T) {
	db, path := openTemp(t)
	ctx := t.Context()
	ids, now := system.IDs{}, system.Clock{}.Now()
	c := core.Company{ID: ids.New(), Slug: "acme", Name: "Acme", Version: 1, CreatedAt: now, UpdatedAt: now}
	u := core.User{ID: ids.New(), CompanyID: c.ID, UserName: "alice", Active: true, Version: 1, CreatedAt: now, UpdatedAt: now,
		Emails: []core.Email{{Value: "alice@example.com", Primary: true}}}
	g := core.Group{ID: ids.New(), CompanyID: c.ID, DisplayName: "Eng", Version: 1, CreatedAt: now, UpdatedAt: now}
	must(t, db.Companies().Create(ctx, c))
	must(t, db.Users().Create(ctx, u))
	must(t, db.Groups().Create(ctx, g))
	_, err := db.Members().Add(ctx, c.ID, g.ID, []string{u.ID}, now)
	must(t, err)
	must(t, db.Close())
	must(t, db.Close()) // a second Close is harmless

	db2, err := Open(path, Options{})
	must(t, err)
	defer db2.Close()
	got, err := db2.Users().ByEmail(ctx, c.ID, "ALICE@example.com")
	must(t, err)
	if got.ID != u.ID || !got.CreatedAt.Equal(now) {
		t.Fatalf("after reopen: %+v", got)
	}
	members, err := db2.Members().Members(ctx, c.ID, g.ID, ports.ListQuery{})
	must(t, err)
	if len(members) != 1 || members[0] != u.ID {
		t.Fatalf("membership after reopen: %v", members)
	}
	have, want, err := db2.SchemaStatus(ctx)
	must(t, err)
	if have != SchemaVersion || want != SchemaVersion {
		t.Fatalf("schema after reopen: have %d want %d", have, want)
	}
}

func TestClosedStoreAnswersUnavailable(t *testing.T) {
	db, _ := openTemp(t)
	must(t, db.Close())
	err := db.Users().Create(t.Context(), core.User{ID: "x", CompanyID: "c", UserName: "u"})
	if !core.IsKind(err, core.Unavailable) {
		t.Fatalf("a write after Close: want Unavailable, got %v", err)
	}
	if _, err := db.Users().Get(t.Context(), "c", "x"); !core.IsKind(err, core.Unavailable) {
		t.Fatalf("a read after Close: want Unavailable, got %v", err)
	}
}

func TestSchemaVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "harriet.db")
	db, err := Open(path, Options{})
	must(t, err)
	ctx := t.Context()
	have, want, err := db.SchemaStatus(ctx)
	must(t, err)
	if have != 0 || want != SchemaVersion {
		t.Fatalf("a new file: have %d want %d", have, want)
	}
	must(t, db.Migrate(ctx))
	must(t, db.Migrate(ctx)) // a second run is a no-op
	have, _, err = db.SchemaStatus(ctx)
	must(t, err)
	if have != SchemaVersion {
		t.Fatalf("after Migrate: have %d", have)
	}
	// a newer binary wrote the file
	must(t, db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bMeta).Put(schemaKey, []byte(fmt.Sprint(SchemaVersion+1)))
	}))
	must(t, db.Close())
	db, err = Open(path, Options{})
	must(t, err)
	defer db.Close()
	err = db.Migrate(ctx)
	if !core.IsKind(err, core.Precondition) || !strings.Contains(err.Error(), fmt.Sprintf("version %d", SchemaVersion+1)) ||
		!strings.Contains(err.Error(), fmt.Sprintf("version %d", SchemaVersion)) {
		t.Fatalf("Migrate of a newer schema: %v", err)
	}
	if _, err := db.Users().Get(ctx, "c", "u"); !core.IsKind(err, core.Precondition) {
		t.Fatalf("calls on a newer schema: want Precondition, got %v", err)
	}
}

func TestPath(t *testing.T) {
	db, path := openTemp(t)
	if db.Path() != path {
		t.Fatalf("Path %q, want %q", db.Path(), path)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
