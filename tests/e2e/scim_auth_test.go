package e2e

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"harriet/tests/e2e/harness"
)

// SCIM takes API tokens only, never a session, so its 401 for a request without a
// bearer speaks of the token alone; the admin API, which takes a session too,
// still offers to sign in.
func TestSCIMWithoutBearerOnlySpeaksOfAPITokens(t *testing.T) {
	t.Parallel()
	srv := harness.StartBolt(t)
	anon := newClient(srv.URL, "")
	status, body := anon.call(t, http.MethodGet, "/scim/v2/Users?startIndex=1&count=2", nil)
	var scim struct {
		Detail string `json:"detail"`
	}
	if err := json.Unmarshal(body, &scim); err != nil || status != http.StatusUnauthorized {
		t.Fatalf("SCIM without a bearer: status %d, body %s", status, clip(body))
	}
	if !strings.Contains(scim.Detail, "Harriet API token") || !strings.Contains(scim.Detail, "My preferences → Manage API tokens") ||
		strings.Contains(strings.ToLower(scim.Detail), "sign in") {
		t.Errorf("SCIM 401 detail %q", scim.Detail)
	}
	status, body = anon.call(t, http.MethodGet, "/api/v1/me", nil)
	if status != http.StatusUnauthorized || !strings.Contains(string(body), "sign in") {
		t.Errorf("API without a credential: status %d, body %s", status, clip(body))
	}
}
