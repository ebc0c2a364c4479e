package mysqlstore

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"harriet/core"
	"harriet/ports"
	"harriet/tests/contract"
	"harriet/tests/mysqltest"
)

// serverDSN returns HARRIET_TEST_MYSQL_DSN, a DSN naming a server (its database part
// is ignored). Without it the test is skipped, except in CI where it fails.
func serverDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("HARRIET_TEST_MYSQL_DSN")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("HARRIET_TEST_MYSQL_DSN is not set; CI must run the MySQL tests (for example root@tcp(127.0.0.1:3306)/)")
		}
		t.Skip("set HARRIET_TEST_MYSQL_DSN (for example root@tcp(127.0.0.1:3306)/) to run the MySQL tests")
	}
	return dsn
}

// admin opens a connection to the server without a database, for CREATE/DROP.
func admin(t testing.TB) (*sql.DB, *mysql.Config) {
	t.Helper()
	cfg, err := mysql.ParseDSN(serverDSN(t))
	if err != nil {
		t.Fatalf("HARRIET_TEST_MYSQL_DSN: %v", err)
	}
	cfg.DBName = ""
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	return db, cfg
}

// freshDatabase creates a database with a random name, dropped when the test ends,
// and returns a DSN naming it. Each test has its own, so packages run in parallel.
func freshDatabase(t testing.TB) string {
	t.Helper()
	return mysqltest.Database(t, "harriet_t")
}

// open opens a store on dsn, closed when the test ends.
func open(t testing.TB, dsn string) *DB {
	t.Helper()
	d, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// migrated opens a store on a fresh, migrated database.
func migrated(t testing.TB) *DB {
	t.Helper()
	d := open(t, freshDatabase(t))
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return d
}

// TestContract runs the one store contract suite, each check on its own database.
func TestContract(t *testing.T) {
	serverDSN(t)
	contract.Run(t, func(t *testing.T) ports.Store { return migrated(t) })
}

func TestMigrateTwiceIsNoOp(t *testing.T) {
	d := open(t, freshDatabase(t))
	ctx := context.Background()
	all, err := steps()
	if err != nil {
		t.Fatal(err)
	}
	have, want, err := d.SchemaStatus(ctx)
	if err != nil || have != 0 || want != len(all) {
		t.Fatalf("SchemaStatus before = %d, %d, %v; want 0, %d (the embedded steps), nil", have, want, err, len(all))
	}
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if d.applied.Load() != int64(want) {
		t.Fatalf("first Migrate applied %d steps, want %d", d.applied.Load(), want)
	}
	if err := d.Migrate(ctx); err != nil {
		t.Fatalf("second Migrate: %v", err)
	}
	if d.applied.Load() != 0 {
		t.Fatalf("second Migrate applied %d steps, want 0", d.applied.Load())
	}
	have, _, err = d.SchemaStatus(ctx)
	if err != nil || have != want {
		t.Fatalf("SchemaStatus after = %d, %v; want %d", have, err, want)
	}
	if n := rowCount(t, d, "schema_migrations"); n != want {
		t.Fatalf("schema_migrations has %d rows, want %d", n, want)
	}
	for _, table := range []string{"companies", "users", "user_groups", "group_members", "api_tokens",
		"integrations", "audit_log", "sessions"} {
		rowCount(t, d, table) // fails when the table is missing
	}
}

func TestConcurrentMigrateIsSafe(t *testing.T) {
	dsn := freshDatabase(t)
	nodes := []*DB{open(t, dsn), open(t, dsn), open(t, dsn)}
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	for i, d := range nodes {
		wg.Go(func() { errs[i] = d.Migrate(context.Background()) })
	}
	wg.Wait()
	total := 0
	for i, d := range nodes {
		if errs[i] != nil {
			t.Fatalf("node %d: Migrate: %v", i, errs[i])
		}
		total += int(d.applied.Load())
	}
	_, want, _ := nodes[0].SchemaStatus(context.Background())
	if total != want {
		t.Fatalf("the nodes applied %d steps between them, want exactly %d (each once)", total, want)
	}
	if n := rowCount(t, nodes[0], "schema_migrations"); n != want {
		t.Fatalf("schema_migrations has %d rows, want %d", n, want)
	}
}

func TestEditedStepIsRefused(t *testing.T) {
	d := migrated(t)
	ctx := context.Background()
	if _, err := d.db.Exec("UPDATE schema_migrations SET checksum = REPEAT('0', 64) WHERE version = 2"); err != nil {
		t.Fatal(err)
	}
	err := d.Migrate(ctx)
	if !core.IsKind(err, core.Precondition) || !strings.Contains(core.MessageOf(err), "0002_users.sql") {
		t.Fatalf("Migrate with an edited step: got %v, want Precondition naming 0002_users.sql", err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	d := migrated(t)
	ctx := context.Background()
	_, want, _ := d.SchemaStatus(ctx)
	if _, err := d.db.Exec("INSERT INTO schema_migrations VALUES (?, 'from_the_future.sql', REPEAT('1', 64), NOW(3))", want+1); err != nil {
		t.Fatal(err)
	}
	have, want2, err := d.SchemaStatus(ctx)
	if err != nil || have != want+1 || want2 != want {
		t.Fatalf("SchemaStatus = %d, %d, %v; want %d, %d", have, want2, err, want+1, want)
	}
	err = d.Migrate(ctx)
	msg := core.MessageOf(err)
	if !core.IsKind(err, core.Precondition) || !strings.Contains(msg, strconv.Itoa(want+1)) ||
		!strings.Contains(msg, strconv.Itoa(want)) {
		t.Fatalf("Migrate on a newer schema: got %v, want Precondition naming %d and %d", err, want+1, want)
	}
}

func rowCount(t testing.TB, d *DB, table string) int {
	t.Helper()
	var n int
	if err := d.db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

func TestOpenNeedsADatabase(t *testing.T) {
	_, err := Open(context.Background(), "root@tcp(127.0.0.1:3306)/")
	if !core.IsKind(err, core.Invalid) {
		t.Fatalf("Open without a database: got %v, want Invalid", err)
	}
}

func TestOpenUnreachableIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := Open(ctx, "root@tcp(127.0.0.1:1)/harriet")
	if !core.IsKind(err, core.Unavailable) {
		t.Fatalf("Open on a closed port: got %v, want Unavailable", err)
	}
}

// A database dropped under a running store is Unavailable (503 with Retry-After, so
// Okta tries again), telling the client nothing of the operator's fix, which stays in
// the error's cause for the log.
func TestLostDatabaseIsUnavailable(t *testing.T) {
	dsn := freshDatabase(t)
	d := open(t, dsn)
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg, _ := mysql.ParseDSN(dsn)
	db, _ := admin(t)
	defer db.Close()
	if _, err := db.Exec("DROP DATABASE " + cfg.DBName); err != nil {
		t.Fatal(err)
	}
	for range 3 { // pooled connections and new ones alike
		_, err := d.Companies().Get(context.Background(), "0193a0c0-0000-7000-8000-000000000001")
		var ce *core.Error
		if !core.IsKind(err, core.Unavailable) || !errors.As(err, &ce) {
			t.Fatalf("a dropped database: got %v, want Unavailable", err)
		}
		if strings.Contains(ce.Message, "migrate") || !strings.Contains(err.Error(), "harriet migrate") {
			t.Fatalf("the client must be told to retry and the log what to fix: message %q, cause %v", ce.Message, err)
		}
		d.db.SetMaxIdleConns(0) // the next call dials afresh
	}
}

// A login MySQL refuses stops Open with a message naming the server and the DSN.
func TestOpenRefusedLoginNamesTheDSN(t *testing.T) {
	cfg, err := mysql.ParseDSN(serverDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.User, cfg.Passwd, cfg.DBName = "harriet_nobody", "wrong", "harriet"
	_, err = Open(context.Background(), cfg.FormatDSN())
	if !core.IsKind(err, core.Precondition) || !strings.Contains(err.Error(), "refused the login") {
		t.Fatalf("Open with a refused login: got %v, want Precondition saying so", err)
	}
}

// A privilege revoked from the store's MySQL user under a running store answers
// Unavailable (503, retried by Okta), with the fix for the operator in the cause.
func TestRevokedPrivilegeIsUnavailable(t *testing.T) {
	dsn := freshDatabase(t)
	migrated := open(t, dsn)
	if err := migrated.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg, _ := mysql.ParseDSN(dsn)
	db, _ := admin(t)
	user := "h_" + cfg.DBName[len(cfg.DBName)-12:]
	for _, q := range []string{
		"CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw-for-tests'",
		"GRANT ALL ON " + cfg.DBName + ".* TO '" + user + "'@'%'",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() { // after the test's own defers: db must still be open
		if _, err := db.Exec("DROP USER IF EXISTS '" + user + "'@'%'"); err != nil {
			t.Errorf("dropping the test user %s: %v", user, err)
		}
		db.Close()
	})
	cfg.User, cfg.Passwd = user, "pw-for-tests"
	d := open(t, cfg.FormatDSN())
	if _, err := db.Exec("REVOKE INSERT, UPDATE, DELETE ON " + cfg.DBName + ".* FROM '" + user + "'@'%'"); err != nil {
		t.Fatal(err)
	}
	d.db.SetMaxIdleConns(0) // privileges are read when a connection is made
	now := time.Now().UTC().Truncate(time.Millisecond)
	err := d.Companies().Create(context.Background(), core.Company{ID: "0193a0c0-0000-7000-8000-0000000000c1", Slug: "acme", Name: "Acme",
		CreatedAt: now, UpdatedAt: now})
	if !core.IsKind(err, core.Unavailable) || !strings.Contains(err.Error(), "grant the store DSN's user ALL") {
		t.Fatalf("an insert without the privilege: got %v, want Unavailable naming the grant", err)
	}
}

// A database another application uses is refused before Harriet creates anything in
// it; a migration cut short after its first table is finished.
func TestMigrateRefusesAnotherApplicationsDatabase(t *testing.T) {
	dsn := freshDatabase(t)
	cfg, _ := mysql.ParseDSN(dsn)
	db, _ := admin(t)
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE " + cfg.DBName + ".users (id INT PRIMARY KEY, name TEXT)"); err != nil {
		t.Fatal(err)
	}
	d := open(t, dsn)
	err := d.Migrate(context.Background())
	if !core.IsKind(err, core.Precondition) || !strings.Contains(err.Error(), "tables Harriet did not make (users)") {
		t.Fatalf("Migrate over another application's table: %v", err)
	}
	if n := rowCount(t, d, "schema_migrations"); n != 0 {
		t.Fatalf("%d steps recorded in a refused database", n)
	}
	var tables int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?", cfg.DBName).Scan(&tables); err != nil || tables != 2 {
		t.Fatalf("tables after the refusal: %d, %v (want users and schema_migrations)", tables, err)
	}

	cut := freshDatabase(t)
	cutCfg, _ := mysql.ParseDSN(cut)
	all, err := steps()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "USE "+cutCfg.DBName); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), all[0].sql); err != nil {
		t.Fatal(err)
	}
	if err := open(t, cut).Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate after a first step cut short: %v", err)
	}
}

// CheckTables answers for every table the migrations make: a dropped one is found
// at once, not when a request needs it.
func TestCheckTablesFindsAMissingTable(t *testing.T) {
	dsn := freshDatabase(t)
	d := open(t, dsn)
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := d.CheckTables(context.Background()); err != nil {
		t.Fatalf("a migrated database: %v", err)
	}
	cfg, _ := mysql.ParseDSN(dsn)
	db, _ := admin(t)
	defer db.Close()
	if _, err := db.Exec("DROP TABLE " + cfg.DBName + ".audit_log"); err != nil {
		t.Fatal(err)
	}
	if err := d.CheckTables(context.Background()); !core.IsKind(err, core.Unavailable) || !strings.Contains(err.Error(), "audit_log") {
		t.Fatalf("a dropped table: %v", err)
	}
}
