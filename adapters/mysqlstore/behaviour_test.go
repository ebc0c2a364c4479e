package mysqlstore

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/google/uuid"

	"harriet/core"
	"harriet/ports"
)

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func mkCompany(t testing.TB, s ports.Store, slug string) core.Company {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Millisecond)
	c := core.Company{ID: newID(), Slug: slug, Name: slug, CreatedAt: now, UpdatedAt: now, Version: 1}
	if err := s.Companies().Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func mkUser(cid, userName, email string) core.User {
	now := time.Now().UTC().Truncate(time.Millisecond)
	u := core.User{ID: newID(), CompanyID: cid, UserName: userName, Active: true, CreatedAt: now, UpdatedAt: now}
	if email != "" {
		u.Emails = []core.Email{{Value: email, Primary: true}}
	}
	return u
}

func TestTimesKeepTheMillisecondInUTC(t *testing.T) {
	d := migrated(t)
	ctx := context.Background()
	c := mkCompany(t, d, "acme")
	berlin := time.FixedZone("CET", 3600)
	written := time.Date(2024, 2, 29, 23, 59, 59, 123456789, berlin)
	u := mkUser(c.ID, "ann", "ann@acme.com")
	u.CreatedAt, u.UpdatedAt = written, written
	if err := d.Users().Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	got, err := d.Users().Get(ctx, c.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := written.Truncate(time.Millisecond)
	if !got.CreatedAt.Equal(want) || got.CreatedAt.Location() != time.UTC {
		t.Fatalf("CreatedAt read back %v, want %v in UTC", got.CreatedAt, want.UTC())
	}
	var raw string
	if err := d.db.QueryRow("SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f') FROM users").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if raw != "2024-02-29 22:59:59.123000" {
		t.Fatalf("stored created_at %q, want the UTC instant to the millisecond", raw)
	}
}

func TestDuplicateKeysAreConflictsNamingTheKey(t *testing.T) {
	d := migrated(t)
	ctx := context.Background()
	c := mkCompany(t, d, "acme")
	if err := d.Users().Create(ctx, mkUser(c.ID, "Ann@Acme.com", "ann@acme.com")); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		what  string
		err   error
		field string
	}{
		{"userName in another case", d.Users().Create(ctx, mkUser(c.ID, "ANN@acme.com", "other@acme.com")), "userName"},
		{"primary email in another case", d.Users().Create(ctx, mkUser(c.ID, "ann2", "ANN@ACME.COM")), "emails"},
		{"slug", d.Companies().Create(ctx, core.Company{ID: newID(), Slug: "acme"}), "company"},
	}
	for _, tc := range cases {
		var ce *core.Error
		if !core.IsKind(tc.err, core.Conflict) || !asCore(tc.err, &ce) || ce.Field != tc.field || ce.SCIMType != "uniqueness" {
			t.Errorf("%s: got %v, want Conflict on field %s", tc.what, tc.err, tc.field)
		}
	}
	if n := rowCount(t, d, "users"); n != 1 {
		t.Fatalf("refused creates left %d users, want 1", n)
	}
}

func asCore(err error, ce **core.Error) bool {
	e, ok := err.(*core.Error)
	*ce = e
	return ok
}

// Keys are compared as the bytes core's functions return, never through a collation:
// under a case- or accent-insensitive collation, or one that pads spaces, these pairs
// would collide.
func TestKeysAreBytesNotCollations(t *testing.T) {
	d := migrated(t)
	ctx := context.Background()
	c := mkCompany(t, d, "acme")
	for _, name := range []string{"straße", "strasse", "resume", "résumé"} {
		if err := d.Users().Create(ctx, mkUser(c.ID, name, name+"@acme.com")); err != nil {
			t.Fatalf("user %q: %v", name, err)
		}
	}
	for _, name := range []string{"Harriet Admin Group", "harriet admin group", "Harriet Admin Group "} {
		now := time.Now().UTC()
		g := core.Group{ID: newID(), CompanyID: c.ID, DisplayName: name, CreatedAt: now, UpdatedAt: now}
		if err := d.Groups().Create(ctx, g); err != nil {
			t.Fatalf("group %q: %v", name, err)
		}
	}
	g, err := d.Groups().ByDisplayName(ctx, c.ID, "harriet admin group")
	if err != nil || g.DisplayName != "harriet admin group" {
		t.Fatalf("ByDisplayName(lower case) = %q, %v; want the plain group", g.DisplayName, err)
	}
}

// Two transactions lock two users in opposite orders: InnoDB kills one as a deadlock
// victim, the store runs it again, and both changes land.
func TestDeadlockIsRetried(t *testing.T) {
	d := migrated(t)
	ctx := context.Background()
	c := mkCompany(t, d, "acme")
	a, b := mkUser(c.ID, "a", ""), mkUser(c.ID, "b", "")
	for _, u := range []core.User{a, b} {
		if err := d.Users().Create(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	var runs atomic.Int32
	var both sync.WaitGroup
	both.Add(2)
	lockBoth := func(first, second string) error {
		met := false
		return d.InTx(ctx, func(tx ports.Store) error {
			runs.Add(1)
			if _, err := tx.Users().Update(ctx, c.ID, first, func(*core.User) error { return nil }); err != nil {
				return err
			}
			if !met { // only the first run waits for the other transaction
				met = true
				both.Done()
				both.Wait()
			}
			_, err := tx.Users().Update(ctx, c.ID, second, func(*core.User) error { return nil })
			return err
		})
	}
	errs := make(chan error, 2)
	go func() { errs <- lockBoth(a.ID, b.ID) }()
	go func() { errs <- lockBoth(b.ID, a.ID) }()
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("InTx: %v", err)
		}
	}
	if runs.Load() < 3 {
		t.Fatalf("transactions ran %d times; a deadlock victim should have run again", runs.Load())
	}
	for _, u := range []core.User{a, b} {
		got, err := d.Users().Get(ctx, c.ID, u.ID)
		if err != nil || got.Version != 3 {
			t.Fatalf("user %s: version %d, %v; want 3 (both transactions committed once)", u.UserName, got.Version, err)
		}
	}
}

// A transaction that keeps losing is run a bounded number of times, then answers
// Unavailable, and none of its writes stay.
func TestRetriesAreBoundedThenUnavailable(t *testing.T) {
	d := migrated(t)
	ctx := context.Background()
	runs := 0
	err := d.InTx(ctx, func(tx ports.Store) error {
		runs++
		mkCompany(t, tx, "doomed")
		return mapErr(&mysql.MySQLError{Number: erLockDeadlock, Message: "Deadlock found when trying to get lock"})
	})
	if !core.IsKind(err, core.Unavailable) || runs != maxAttempts {
		t.Fatalf("InTx = %v after %d runs; want Unavailable after %d", err, runs, maxAttempts)
	}
	if n := rowCount(t, d, "companies"); n != 0 {
		t.Fatalf("%d companies committed, want 0", n)
	}
	for _, n := range []uint16{erLockWaitTimeout, erLockDeadlock} {
		if err := mapErr(&mysql.MySQLError{Number: n}); !core.IsKind(err, core.Unavailable) || !isRetryable(err) {
			t.Errorf("error %d maps to %v, want a retryable Unavailable", n, err)
		}
	}
}

// After the server rolled a transaction back, later calls on it are refused (they
// would otherwise commit one by one), and the transaction runs again even when fn
// swallowed the error.
func TestRolledBackTransactionRefusesCallsAndRunsAgain(t *testing.T) {
	d := migrated(t)
	ctx := context.Background()
	runs := 0
	err := d.InTx(ctx, func(tx ports.Store) error {
		runs++
		if runs == 1 {
			_ = tx.(*Store).fail(&mysql.MySQLError{Number: erLockDeadlock})
			if err := tx.Companies().Create(ctx, core.Company{ID: newID(), Slug: "lost"}); !core.IsKind(err, core.Unavailable) {
				t.Errorf("call on a rolled-back transaction: got %v, want Unavailable", err)
			}
			return nil // swallowed
		}
		mkCompany(t, tx, "kept")
		return nil
	})
	if err != nil || runs != 2 {
		t.Fatalf("InTx = %v after %d runs; want nil after 2", err, runs)
	}
	if n := rowCount(t, d, "companies"); n != 1 {
		t.Fatalf("%d companies, want 1", n)
	}
}

func TestErrorMapping(t *testing.T) {
	cases := []struct {
		err  error
		kind core.Kind
		text string
	}{
		{&mysql.MySQLError{Number: 1062, Message: "Duplicate entry 'x' for key 'users.uq_users_email'"}, core.Conflict, "primary email"},
		{&mysql.MySQLError{Number: 1062, Message: "Duplicate entry 'x' for key 'uq_groups_name'"}, core.Conflict, "displayName"},
		{&mysql.MySQLError{Number: 1062, Message: "Duplicate entry 'x' for key 'uq_integrations_domain'"}, core.Conflict, "domain"},
		{&mysql.MySQLError{Number: 1406, Message: "Data too long for column 'user_name_key' at row 1"}, core.Invalid, "userName"},
		{&mysql.MySQLError{Number: 1366, Message: "Incorrect string value: '\\xF0' for column `d`.`user_groups`.`display_name` at row 1"}, core.Invalid, "displayName"},
		{&mysql.MySQLError{Number: 1040, Message: "Too many connections"}, core.Unavailable, "try again"},
		{mysql.ErrInvalidConn, core.Unavailable, "did not answer"},
		{context.DeadlineExceeded, core.Unavailable, "did not answer"},
		{&mysql.MySQLError{Number: 1054, Message: "Unknown column"}, core.Internal, ""},
	}
	for _, tc := range cases {
		got := mapErr(tc.err)
		if !core.IsKind(got, tc.kind) || !strings.Contains(got.(*core.Error).Message, tc.text) {
			t.Errorf("mapErr(%v) = %v; want %s mentioning %q", tc.err, got, tc.kind, tc.text)
		}
	}
}

// Two nodes on one database push different members into one group at once: every
// add lands, and the group's lock serialises them without losing any.
func TestConcurrentMemberAddsFromTwoNodesAllLand(t *testing.T) {
	dsn := freshDatabase(t)
	nodes := []*DB{open(t, dsn), open(t, dsn)}
	ctx := context.Background()
	if err := nodes[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	c := mkCompany(t, nodes[0], "acme")
	now := time.Now().UTC().Truncate(time.Millisecond)
	g := core.Group{ID: newID(), CompanyID: c.ID, DisplayName: "Harriet Support Group", CreatedAt: now, UpdatedAt: now}
	if err := nodes[0].Groups().Create(ctx, g); err != nil {
		t.Fatal(err)
	}
	const writers, each = 8, 20
	uids := make([]string, writers*each*2)
	for i := range uids {
		u := mkUser(c.ID, "user"+strconv.Itoa(i), "")
		if err := nodes[i%2].Users().Create(ctx, u); err != nil {
			t.Fatal(err)
		}
		uids[i] = u.ID
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				n := 2 * (w*each + i)
				ids := uids[n : n+2]
				added, err := nodes[w%2].Members().Add(ctx, c.ID, g.ID, ids, now)
				if err != nil || len(added) != 2 {
					t.Errorf("writer %d add %d: added %v, %v", w, i, added, err)
				}
			}
		})
	}
	wg.Wait()
	n, err := nodes[1].Members().CountMembers(ctx, c.ID, g.ID)
	if err != nil || n != writers*each*2 {
		t.Fatalf("CountMembers = %d, %v; want %d", n, err, writers*each*2)
	}
}
