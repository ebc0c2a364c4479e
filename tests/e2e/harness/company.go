package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"harriet/core"
	"harriet/core/usecase"
	"harriet/tests/fixture"
)

// Company is a bootstrapped company as a test uses it.
type Company struct {
	Slug       string
	OwnerEmail string
	OwnerID    string // the primary Owner
	Domain     string // the integration's email domain ("" without an integration)
	Token      string // the Owner's personal API token
}

// NewCompany bootstraps a company with its primary Owner as `harriet bootstrap`
// does, issues the Owner a personal token as `harriet token create` does (the
// fixtures' "token" is an Owner's personal token) and, when withIntegration, saves
// its Okta integration through PUT /api/v1/integrations/okta with a domain of its
// own and the loopback IdP as Login Domain.
func (s *Server) NewCompany(t testing.TB, withIntegration bool) Company {
	t.Helper()
	ctx := context.Background()
	run := fixture.NewRunNumber()
	c := Company{Slug: "e2e-" + run, OwnerEmail: "owner." + run + "@c" + run + ".acme.test"}
	res, err := s.App.Service.BootstrapCompany(ctx, usecase.BootstrapInput{
		Slug: c.Slug, Name: "E2E Company " + run, OwnerEmail: c.OwnerEmail, OwnerName: "Owner Person",
		Password: "e2e-password-" + run,
	})
	if err != nil {
		t.Fatalf("bootstrapping company %s: %v", c.Slug, err)
	}
	c.OwnerID = res.Owner.ID
	c.Token, _, err = s.App.Service.IssueTokenAsOperator(ctx, c.Slug, c.OwnerEmail, "e2e owner token", core.ScopePersonal)
	if err != nil {
		t.Fatalf("issuing the owner's token for %s: %v", c.Slug, err)
	}
	if withIntegration {
		c.Domain = "c" + run + ".acme.test"
		SaveIntegration(t, s.URL, c.Token, c.Domain, s.IdP.URL())
	}
	return c
}

// SaveIntegration saves a company's Okta integration through PUT
// /api/v1/integrations/okta with token, as an admin does on the settings page, and
// checks that the answer keeps the client secret to itself.
func SaveIntegration(t testing.TB, baseURL, token, domain, loginDomain string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"domain":        domain,
		"client_id":     "0oa" + strings.ReplaceAll(domain, ".", ""),
		"login_domain":  loginDomain,
		"client_secret": "e2e-client-secret-" + domain,
		"sso_only":      false,
	})
	req, err := http.NewRequest(http.MethodPut, strings.TrimSuffix(baseURL, "/")+"/api/v1/integrations/okta", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("saving the integration: %v", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var got map[string]any
	if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &got) != nil {
		t.Fatalf("saving the integration for %s answered %d: %s", domain, resp.StatusCode, data)
	}
	if got["domain"] != domain || got["client_secret_set"] != true {
		t.Fatalf("saving the integration answered %s", data)
	}
	if _, shown := got["client_secret"]; shown || bytes.Contains(data, []byte("e2e-client-secret-")) {
		t.Fatalf("the integration answer shows the client secret: %s", data)
	}
}
