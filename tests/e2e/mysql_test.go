package e2e

import (
	"testing"

	"harriet/tests/e2e/harness"
)

// TestOnMySQL runs the Okta fixtures and the isolation test on a MySQL database of
// their own, wired the way `harriet serve --store mysql:DSN` wires it. Skipped with
// a message without HARRIET_TEST_MYSQL_DSN (a failure when CI is set).
func TestOnMySQL(t *testing.T) {
	t.Parallel()
	srv := harness.Start(t, mysqlStore(t))
	t.Run("OktaFixtures", func(t *testing.T) { runOktaFixtures(t, srv) })
	t.Run("Isolation", func(t *testing.T) { checkIsolation(t, srv) })
}
