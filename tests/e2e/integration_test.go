package e2e

import (
	"net/http"
	"strings"
	"testing"

	"harriet/adapters/devidp"
)

// startIdP runs a development OpenID provider on loopback. Integrations point their
// Login Domain at it (servers run with AllowInsecureIdP), so whatever the server
// checks when an integration is saved, nothing leaves 127.0.0.1.
func startIdP(t testing.TB) *devidp.Provider {
	t.Helper()
	idp, err := devidp.Start(devidp.Options{})
	if err != nil {
		t.Fatalf("starting the loopback IdP: %v", err)
	}
	t.Cleanup(func() { _ = idp.Close() })
	return idp
}

// saveIntegration saves the company's Okta integration through PUT
// /api/v1/integrations/okta, as an admin does on the settings page, and checks the
// answer keeps the secret to itself.
func saveIntegration(t testing.TB, c client, domain, loginDomain string) {
	t.Helper()
	body := map[string]any{
		"domain":        domain,
		"client_id":     "0oa" + strings.ReplaceAll(domain, ".", ""),
		"login_domain":  loginDomain,
		"client_secret": "e2e-client-secret-" + domain,
		"sso_only":      false,
	}
	got := c.mustJSON(t, http.MethodPut, "/api/v1/integrations/okta", body, http.StatusOK)
	if str(got, "domain") != domain || got["client_secret_set"] != true {
		t.Fatalf("saving the integration answered %v", got)
	}
	if _, shown := got["client_secret"]; shown {
		t.Fatalf("the integration answer shows the client secret: %v", got)
	}
}
