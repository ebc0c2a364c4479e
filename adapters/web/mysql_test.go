package web_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/http"
	"os"
	"testing"

	"github.com/go-sql-driver/mysql"

	"harriet/adapters/devidp"
	"harriet/adapters/mysqlstore"
	"harriet/core/usecase"
)

// Sessions and Okta links live in MySQL too: two nodes on one MySQL database, a
// sign-in started on one and finished on the other, deactivation ending the session
// on every node, another subject refused.
func TestSignInOnMySQL(t *testing.T) {
	dsn := mysqlDatabase(t)
	db, err := mysqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := newEnvOn(t, 2, db, "mysql:"+dsn)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	id := acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})

	b := newBrowser(t)
	cb := b.startOkta(e.urls[0], "ada@acme.test")
	cb.Host = mustURL(t, e.urls[1]).Host
	if p := b.get(cb.String()); p.status != http.StatusOK || p.url.Path != "/" {
		t.Fatalf("finishing on node 2: %d %s", p.status, p.url)
	}
	if st, _ := b.me(e.urls[0]); st != http.StatusOK {
		t.Fatalf("node 1 with the session: %d", st)
	}
	if l := acme.user(id).OktaLink; l == nil || l.Issuer != idp.Issuer("") {
		t.Fatalf("link %+v", l)
	}
	acme.deactivate(id)
	for _, node := range e.urls {
		if st, _ := b.me(node); st != http.StatusUnauthorized {
			t.Fatalf("deactivated user's session on %s: %d", node, st)
		}
	}
	p := newBrowser(t).oktaSignIn(e.urls[1], "ada@acme.test")
	if p.status != http.StatusForbidden {
		t.Fatalf("deactivated: %d", p.status)
	}
	mustContain(t, p, usecase.MsgDeactivated)
}

// mysqlDatabase creates a database of its own on the server HARRIET_TEST_MYSQL_DSN
// names and drops it at the end. Without the variable the test is skipped, or fails
// when CI is set.
func mysqlDatabase(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("HARRIET_TEST_MYSQL_DSN")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("HARRIET_TEST_MYSQL_DSN must name a MySQL server in CI")
		}
		t.Skip("set HARRIET_TEST_MYSQL_DSN (for example root@tcp(127.0.0.1:3306)/) to run the sign-in tests on MySQL")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("HARRIET_TEST_MYSQL_DSN: %v", err)
	}
	cfg.DBName = ""
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "harriet_web_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"); err != nil {
		t.Fatalf("creating %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
		admin.Close()
	})
	cfg.DBName = name
	return cfg.FormatDSN()
}
