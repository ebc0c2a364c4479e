package harness

import (
	"testing"

	"harriet/tests/mysqltest"
)

// EnvMySQLDSN names a MySQL or MariaDB server for the tests.
const EnvMySQLDSN = mysqltest.EnvDSN

// MySQLStore creates a database of its own (harriet_e2e_<random>) on the server
// HARRIET_TEST_MYSQL_DSN names, drops it when the test ends, and returns the --store
// value for it. Without the variable the test is skipped with a message, or fails
// when CI is set.
func MySQLStore(t testing.TB) string {
	t.Helper()
	return "mysql:" + mysqltest.Database(t, "harriet_e2e")
}
