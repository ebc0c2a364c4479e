package mysqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"harriet/core"
)

// Migrations are numbered files, one DDL statement each, applied in order and recorded
// in schema_migrations with the SHA-256 of the file. MySQL commits every DDL statement
// on its own, so one statement per step means a step is either recorded or not done.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrateTimeout bounds Migrate (lock wait included) when its context has no deadline.
const migrateTimeout = 5 * time.Minute

// step is one migration.
type step struct {
	version  int
	name     string
	sql      string
	checksum string
}

// steps reads the embedded migrations in order; their numbers must run 1, 2, 3, ...
func steps() ([]step, error) {
	files, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	out := make([]step, 0, len(files))
	for i, f := range files { // fs.Glob returns names sorted
		name := path.Base(f)
		num, _, _ := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s is out of sequence: want number %d", name, i+1)
		}
		b, err := migrationFiles.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		stmt := strings.TrimSuffix(strings.TrimSpace(string(b)), ";")
		out = append(out, step{version: v, name: name, sql: stmt, checksum: hex.EncodeToString(sum[:])})
	}
	return out, nil
}

// wantVersion is the schema version this binary brings.
func wantVersion() (int, error) {
	s, err := steps()
	return len(s), err
}

// SchemaStatus returns the schema version the database has (0 before any migration)
// and the one this binary wants.
func (d *DB) SchemaStatus(ctx context.Context) (have, want int, err error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if want, err = wantVersion(); err != nil {
		return 0, 0, core.Wrap(core.Internal, err, "The embedded migrations are broken.")
	}
	err = d.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&have)
	if isNoSuchTable(err) {
		return 0, want, nil
	}
	if err != nil {
		return 0, want, mapErr(err)
	}
	return have, want, nil
}

// Migrate brings the schema up to date under a server-wide named lock, so that of two
// nodes starting together one migrates and the other waits and then finds nothing to
// do. A schema newer than this binary, or an applied step whose file has changed, is
// refused with core.Precondition.
func (d *DB) Migrate(ctx context.Context) error {
	ctx, cancel := withTimeoutOf(ctx, migrateTimeout)
	defer cancel()
	all, err := steps()
	if err != nil {
		return core.Wrap(core.Internal, err, "The embedded migrations are broken.")
	}
	conn, err := d.db.Conn(ctx) // GET_LOCK belongs to a session: keep one connection
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	unlock, err := d.lock(ctx, conn)
	if err != nil {
		return err
	}
	defer unlock()
	n, err := apply(ctx, conn, all)
	d.applied.Store(int64(n))
	return err
}

// lockName is per database, so databases on one server migrate independently. A
// name may have at most 64 characters.
func (d *DB) lockName() string {
	name := "harriet_migrate:" + d.dbName
	if len(name) > 64 {
		sum := sha256.Sum256([]byte(d.dbName))
		name = "harriet_migrate:" + hex.EncodeToString(sum[:])[:40]
	}
	return name
}

// lock takes the migration lock, waiting until ctx's deadline at most.
func (d *DB) lock(ctx context.Context, conn *sql.Conn) (func(), error) {
	wait := 60
	if dl, ok := ctx.Deadline(); ok {
		wait = max(1, int(time.Until(dl).Seconds())-1)
	}
	var got sql.NullInt64
	name := d.lockName()
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, ?)", name, wait).Scan(&got); err != nil {
		return nil, mapErr(err)
	}
	if !got.Valid || got.Int64 != 1 {
		return nil, core.E(core.Unavailable, "Another harriet node has been migrating this database for %d seconds; try again when it has finished.", wait)
	}
	return func() {
		rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var released sql.NullInt64 // closing the session releases the lock too
		_ = conn.QueryRowContext(rctx, "SELECT RELEASE_LOCK(?)", name).Scan(&released)
	}, nil
}

// apply checks the recorded steps against this binary's and runs the missing ones,
// returning how many it ran.
func apply(ctx context.Context, conn *sql.Conn, all []step) (int, error) {
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INT NOT NULL PRIMARY KEY,
		name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
		checksum CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
		applied_at DATETIME(3) NOT NULL
	) ENGINE=InnoDB`); err != nil {
		return 0, mapErr(err)
	}
	done, err := recorded(ctx, conn)
	if err != nil {
		return 0, err
	}
	if err := checkRecorded(done, all); err != nil {
		return 0, err
	}
	if len(done) == 0 {
		if err := refuseForeignTables(ctx, conn, all[0]); err != nil {
			return 0, err
		}
	}
	n := 0
	for _, s := range all {
		if _, ok := done[s.version]; ok {
			continue
		}
		if _, err := conn.ExecContext(ctx, s.sql); err != nil {
			return n, core.Wrap(core.Internal, err, "Migration %s failed: %v.", s.name, err)
		}
		if _, err := conn.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
			s.version, s.name, s.checksum, time.Now().UTC()); err != nil {
			return n, mapErr(err)
		}
		n++
	}
	return n, nil
}

// recorded reads schema_migrations: version → checksum.
func recorded(ctx context.Context, conn *sql.Conn) (map[int]string, error) {
	rows, err := conn.QueryContext(ctx, "SELECT version, checksum FROM schema_migrations")
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	done := map[int]string{}
	for rows.Next() {
		var v int
		var sum string
		if err := rows.Scan(&v, &sum); err != nil {
			return nil, mapErr(err)
		}
		done[v] = sum
	}
	return done, mapErr(rows.Err())
}

// checkRecorded refuses a database whose schema is newer than this binary or whose
// applied steps differ from this binary's files.
func checkRecorded(done map[int]string, all []step) error {
	have := 0
	for v := range done {
		have = max(have, v)
	}
	if have > len(all) {
		return core.E(core.Precondition, "The database schema is at version %d, newer than this harriet, which knows versions up to %d: run a newer harriet against this database.", have, len(all))
	}
	for _, s := range all {
		if sum, ok := done[s.version]; ok && sum != s.checksum {
			return core.E(core.Precondition, "Migration %s was changed after it was applied to this database (its checksum differs): restore the original file and put schema changes in a new numbered migration.", s.name)
		}
	}
	return nil
}

// createdTable finds the table a CREATE TABLE step makes.
var createdTable = regexp.MustCompile(`(?i)CREATE TABLE IF NOT EXISTS\s+(\w+)`)

// refuseForeignTables refuses a database that no migration has run on yet but that
// holds tables: they are another application's (a table named like one of Harriet's
// would be taken as Harriet's and fail later), so Harriet needs a database of its
// own. The first step's table is allowed: a migration cut short after its CREATE
// and before its record leaves just that.
func refuseForeignTables(ctx context.Context, conn *sql.Conn, first step) error {
	rows, err := conn.QueryContext(ctx, "SELECT table_name FROM information_schema.tables "+
		"WHERE table_schema = DATABASE() AND table_name <> 'schema_migrations' ORDER BY table_name")
	if err != nil {
		return mapErr(err)
	}
	defer rows.Close()
	allowed := ""
	if m := createdTable.FindStringSubmatch(first.sql); m != nil {
		allowed = m[1]
	}
	var foreign []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return mapErr(err)
		}
		if name != allowed {
			foreign = append(foreign, name)
		}
	}
	if err := rows.Err(); err != nil {
		return mapErr(err)
	}
	if len(foreign) > 0 {
		if len(foreign) > 5 {
			foreign = append(foreign[:5], "…")
		}
		return core.E(core.Precondition, "The database holds tables Harriet did not make (%s), and Harriet has never migrated it: "+
			"give Harriet a database of its own (CREATE DATABASE name CHARACTER SET utf8mb4) and name it in the store DSN.", strings.Join(foreign, ", "))
	}
	return nil
}

// CheckTables reads every table the migrations make, in one round trip, so that
// readiness fails when one is missing or cannot be read (a dropped table, a revoked
// grant) instead of only when a request needs it.
func (d *DB) CheckTables(ctx context.Context) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	all, err := steps()
	if err != nil {
		return core.Wrap(core.Internal, err, "The embedded migrations are broken.")
	}
	var reads []string
	for _, s := range all {
		if m := createdTable.FindStringSubmatch(s.sql); m != nil {
			reads = append(reads, "(SELECT 1 FROM "+m[1]+" LIMIT 1)")
		}
	}
	var row []any
	for range reads {
		row = append(row, new(sql.NullInt64))
	}
	if err := d.db.QueryRowContext(ctx, "SELECT "+strings.Join(reads, ", ")).Scan(row...); err != nil {
		return mapErr(err)
	}
	return nil
}
