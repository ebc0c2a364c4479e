package e2e

import (
	"testing"

	"harriet/adapters/devidp"
	"harriet/tests/e2e/harness"
)

// The package's tests reach the harness through these short names.

// mysqlStore is harness.MySQLStore: a MySQL database of the test's own, or a skip.
func mysqlStore(t *testing.T) string {
	t.Helper()
	return harness.MySQLStore(t)
}

// startIdP is harness.StartIdP: a development OpenID provider on loopback.
func startIdP(t *testing.T) *devidp.Provider {
	t.Helper()
	return harness.StartIdP(t)
}

// saveIntegration saves the Okta integration of c's company through the admin API.
func saveIntegration(t testing.TB, c client, domain, loginDomain string) {
	t.Helper()
	harness.SaveIntegration(t, c.base, c.token, domain, loginDomain)
}
