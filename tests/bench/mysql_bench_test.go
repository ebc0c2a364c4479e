package bench

// Raw MySQL access for the baselines: the same server and database as the store,
// the same driver, the same pool size and the same driver settings that matter for
// speed (parameters sent separately from the query text, as the store sends them).

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// rawMySQL opens a pool on the database of store (a --store value, mysql:DSN).
func rawMySQL(b *testing.B, store string) *sql.DB {
	b.Helper()
	dsn, ok := strings.CutPrefix(store, "mysql:")
	if !ok {
		b.Fatalf("not a MySQL store: %s", strings.SplitN(store, ":", 2)[0])
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		b.Fatal(err)
	}
	cfg.ParseTime, cfg.Loc, cfg.InterpolateParams = true, time.UTC, false
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		b.Fatal(err)
	}
	db := sql.OpenDB(conn)
	db.SetMaxOpenConns(25) // the store's pool size
	db.SetMaxIdleConns(25)
	b.Cleanup(func() { db.Close() })
	return db
}

// cloneTable creates an empty table with the definition of the store's table from,
// so a baseline writes rows with the same columns and indexes.
func cloneTable(b *testing.B, db *sql.DB, from, to string) {
	b.Helper()
	if _, err := db.ExecContext(context.Background(), "CREATE TABLE "+to+" LIKE "+from); err != nil {
		b.Fatalf("copying the definition of %s: %v", from, err)
	}
}

// avgRowBytes is the mean number of bytes of data in a row of table (every
// column's length, summed), so a baseline row can be made the same size.
func avgRowBytes(b *testing.B, db *sql.DB, table string) int {
	b.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = DATABASE() AND table_name = ?`, table)
	if err != nil {
		b.Fatal(err)
	}
	var parts []string
	for rows.Next() {
		var col string
		if err := rows.Scan(&col); err != nil {
			b.Fatal(err)
		}
		parts = append(parts, fmt.Sprintf("COALESCE(LENGTH(`%s`), 0)", col))
	}
	rows.Close()
	if len(parts) == 0 {
		b.Fatalf("table %s has no columns", table)
	}
	var avg float64
	if err := db.QueryRowContext(ctx, "SELECT AVG("+strings.Join(parts, "+")+") FROM "+table).Scan(&avg); err != nil {
		b.Fatalf("measuring the rows of %s: %v", table, err)
	}
	return int(avg + 0.5)
}
