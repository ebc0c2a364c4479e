package harness

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

// EnvMySQLDSN names a MySQL or MariaDB server for the tests (a go-sql-driver DSN;
// its database part is ignored).
const EnvMySQLDSN = "HARRIET_TEST_MYSQL_DSN"

// MySQLStore creates a database of its own (harriet_e2e_<random>) on the server
// HARRIET_TEST_MYSQL_DSN names, drops it when the test ends, and returns the --store
// value for it. Without the variable the test is skipped with a message, or fails
// when CI is set.
func MySQLStore(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvMySQLDSN)
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s must name a MySQL server in CI", EnvMySQLDSN)
		}
		t.Skipf("skipping: set %s (e.g. root@tcp(127.0.0.1:3306)/) to run on MySQL", EnvMySQLDSN)
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("%s is not a valid DSN: %v", EnvMySQLDSN, err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "harriet_e2e_" + hex.EncodeToString(b)
	server := cfg.Clone()
	server.DBName = ""
	db, err := sql.Open("mysql", server.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
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
	return "mysql:" + cfg.FormatDSN()
}
