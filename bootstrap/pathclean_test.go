package bootstrap

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"harriet/core"
	"harriet/core/usecase"
)

// send makes one request and never follows a redirect: a client that follows a 301
// turns a POST into a GET, and the write is lost without an error.
func send(t *testing.T, method, url, token, body string) reply {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/scim+json")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// A path that is not clean (a SCIM base URL pasted with a trailing slash gives
// /scim/v2//Users) is never redirected: a redirected POST comes back as a GET. It
// answers 404, saying what the address should be, and changes nothing.
func TestUncleanPathsAreNotRedirected(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app, srv := newTestApp(t)
	res, err := app.Service.BootstrapCompany(ctx, usecase.BootstrapInput{Slug: "acme", Name: "Acme", OwnerEmail: "owner@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	personal, _, err := app.Service.IssueTokenAsOperator(ctx, "acme", "owner@acme.com", "admin", core.ScopePersonal)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"domain":"acme.com","client_id":"0oaacme","login_domain":"acme.okta.com","client_secret":"s3cret"}`
	if r := call(t, "PUT", srv.URL+"/api/v1/integrations/okta", personal, body); r.status != 200 {
		t.Fatalf("integration: %d %s", r.status, r.body)
	}
	scim, _, err := app.Service.IssueTokenAsOperator(ctx, "acme", "owner@acme.com", "okta", core.ScopeSCIM)
	if err != nil {
		t.Fatal(err)
	}
	users := func() int {
		n, err := app.DB.Users().Count(ctx, res.Company.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := users()
	user := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com","active":true,` +
		`"name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"ada@acme.com","primary":true}]}`
	for _, c := range []struct{ method, path, body, detail string }{
		{"POST", "/scim/v2//Users", user, "/scim/v2//Users"},
		{"POST", "/scim/v2/./Users", user, "/scim/v2/./Users"},
		{"GET", "/scim/v2//Users", "", "/scim/v2//Users"},
		{"POST", "//scim/v2/Users", user, ""},
	} {
		r := send(t, c.method, srv.URL+c.path, scim, c.body)
		if r.status != http.StatusNotFound || r.header.Get("Location") != "" || !strings.Contains(r.body, c.detail) {
			t.Errorf("%s %s: %d Location %q %s; want 404", c.method, c.path, r.status, r.header.Get("Location"), r.body)
		}
	}
	if r := send(t, "POST", srv.URL+"//api/v1/tokens", personal, `{"name":"lost"}`); r.status != http.StatusNotFound {
		t.Errorf("POST //api/v1/tokens: %d %s", r.status, r.body)
	}
	if n := users(); n != before {
		t.Fatalf("users %d, want %d: an unclean path wrote", n, before)
	}
	if r := send(t, "POST", srv.URL+"/scim/v2/Users", scim, user); r.status != http.StatusCreated {
		t.Fatalf("the clean path: %d %s", r.status, r.body)
	}
	// the static files stay inside their directory without the cleaning
	for _, p := range []string{"/static/../templates/layout.html", "/static/%2e%2e/templates/layout.html", "/static//../pages.go"} {
		if r := send(t, "GET", srv.URL+p, "", ""); r.status == http.StatusOK || strings.Contains(r.body, "{{") {
			t.Errorf("GET %s: %d %.80s", p, r.status, r.body)
		}
	}
}
