// Package mysqltest gives a test a MySQL database of its own on the server that
// HARRIET_TEST_MYSQL_DSN names, so packages can run their MySQL tests in parallel.
// It imports no Harriet package, so any test can use it without an import cycle.
package mysqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// EnvDSN names a MySQL or MariaDB server for the tests (a go-sql-driver DSN; its
// database part is ignored).
const EnvDSN = "HARRIET_TEST_MYSQL_DSN"

// Database creates a database named prefix_<random> on the server EnvDSN names,
// drops it when the test ends, and returns a DSN naming it. Without the variable
// the test is skipped with a message, or fails when CI is set: CI must run them.
func Database(t testing.TB, prefix string) string {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s must name a MySQL server in CI (for example root@tcp(127.0.0.1:3306)/)", EnvDSN)
		}
		t.Skipf("skipping: set %s (for example root@tcp(127.0.0.1:3306)/) to run the MySQL tests", EnvDSN)
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("%s is not a valid DSN: %v", EnvDSN, err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := prefix + "_" + hex.EncodeToString(b)
	server := cfg.Clone()
	server.DBName = ""
	db, err := sql.Open("mysql", server.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		db.Close()
		t.Fatalf("creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
			t.Errorf("dropping database %s: %v", name, err)
		}
		db.Close()
	})
	cfg.DBName = name
	return cfg.FormatDSN()
}
