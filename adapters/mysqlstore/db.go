// Package mysqlstore keeps Harriet's records in MySQL 8.4 or MariaDB 10.11+, so several
// stateless nodes can share one database. It uses only syntax both servers accept,
// indexes identity keys as the bytes core's normalising functions return (never a
// collation), and brings its schema up to date with embedded, numbered migrations.
package mysqlstore

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"

	"harriet/core"
)

// Pool and time limits. The driver's README asks for a connection lifetime under five
// minutes (middleboxes drop idle connections at five) and as many idle connections as
// open ones, so the pool does not churn.
const (
	maxOpenConns    = 25
	connMaxLifetime = 3 * time.Minute
	// callTimeout bounds every call whose context has no deadline of its own.
	callTimeout = 10 * time.Second
	// lockWaitSeconds bounds an InnoDB row lock wait; a wait that times out is retried.
	lockWaitSeconds = "5"
)

// sqlMode makes the server refuse bad data instead of silently truncating it. It leaves
// out NO_ZERO_DATE so a zero time.Time round-trips.
const sqlMode = "'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,ONLY_FULL_GROUP_BY'"

// DB is a MySQL-backed ports.Database.
type DB struct {
	Store
	dbName string
	// applied counts the migration steps the last Migrate call applied (tests).
	applied atomic.Int64
}

// Open connects to the database named by dsn, a go-sql-driver DSN such as
// `harriet:pw@tcp(db:3306)/harriet`. Whatever dsn says, connections parse times,
// keep them in UTC to the millisecond, talk utf8mb4, run in strict mode, and have
// the driver interpolate parameters, so each statement is one round trip instead of
// a server-side prepare, execute and close. Open checks that the server answers;
// it does not migrate (see Migrate).
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := config(dsn)
	if err != nil {
		return nil, err
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, core.Wrap(core.Invalid, err, "The MySQL DSN is not valid: %v.", err)
	}
	sqlDB := sql.OpenDB(conn)
	sqlDB.SetMaxOpenConns(maxOpenConns)
	sqlDB.SetMaxIdleConns(maxOpenConns)
	sqlDB.SetConnMaxLifetime(connMaxLifetime)
	d := &DB{Store: Store{db: sqlDB}, dbName: cfg.DBName}
	if err := d.Ping(ctx); err != nil {
		sqlDB.Close()
		return nil, openErr(cfg, err)
	}
	return d, nil
}

// config parses dsn and forces the settings the store relies on.
func config(dsn string) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, core.Wrap(core.Invalid, err, "The MySQL DSN is not valid (%v); it looks like user:password@tcp(host:3306)/database.", err)
	}
	if cfg.DBName == "" {
		return nil, core.E(core.Invalid, "The MySQL DSN names no database: end it with /DATABASE, like user:password@tcp(host:3306)/harriet.")
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	// Interpolation escapes values in the driver. It is safe because the connection
	// charset is forced to utf8mb4 below (the driver refuses to interpolate for
	// charsets where escaping is ambiguous) and the driver follows the server's
	// NO_BACKSLASH_ESCAPES status; nothing in the store keeps a prepared statement.
	cfg.InterpolateParams = true
	cfg.MultiStatements = false
	cfg.ClientFoundRows = true // RowsAffected counts matched rows, so "not found" is exact
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	cfg.Params["sql_mode"] = sqlMode
	cfg.Params["innodb_lock_wait_timeout"] = lockWaitSeconds
	// SPEC.md: times are kept to the millisecond in every store. Truncating in the
	// driver makes MySQL (which rounds) and MariaDB (which truncates) agree.
	if err := cfg.Apply(mysql.Charset("utf8mb4", "utf8mb4_bin"), mysql.TimeTruncate(time.Millisecond)); err != nil {
		return nil, core.Wrap(core.Invalid, err, "The MySQL DSN is not valid: %v.", err)
	}
	return cfg, nil
}

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if err := d.db.PingContext(ctx); err != nil {
		return mapErr(err)
	}
	return nil
}

// Close closes the connection pool.
func (d *DB) Close() error { return d.db.Close() }

// withTimeout gives ctx a deadline when it has none, so no call can hang forever.
func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return withTimeoutOf(ctx, callTimeout)
}

func withTimeoutOf(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, d)
}
