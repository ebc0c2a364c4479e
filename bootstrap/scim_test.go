package bootstrap

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"harriet/core"
	"harriet/core/usecase"
)

// SCIM is wired with the per-company limit of --scim-rate (burst 4x), takes API
// tokens only, and labels metrics with route templates.
func TestSCIMWiring(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, _ := testConfig(t)
	cfg.SCIMRate = 1            // burst 4
	cfg.AllowInsecureIdP = true // integrations point at a closed loopback port: nothing leaves 127.0.0.1
	log, _ := testLogger()
	app, err := NewApp(ctx, cfg, WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()

	scimToken := map[string]string{}
	for _, slug := range []string{"acme", "globex"} {
		email := "owner@" + slug + ".com"
		if _, err := app.Service.BootstrapCompany(ctx, usecase.BootstrapInput{Slug: slug, Name: slug, OwnerEmail: email}); err != nil {
			t.Fatal(err)
		}
		personal, _, err := app.Service.IssueTokenAsOperator(ctx, slug, email, "admin", core.ScopePersonal)
		if err != nil {
			t.Fatal(err)
		}
		body := `{"domain":"` + slug + `.com","client_id":"0oa` + slug + `","login_domain":"http://127.0.0.1:1","client_secret":"s3cret"}`
		if r := call(t, "PUT", srv.URL+"/api/v1/integrations/okta", personal, body); r.status != 200 {
			t.Fatalf("integration for %s: %d %s", slug, r.status, r.body)
		}
		scimToken[slug], _, err = app.Service.IssueTokenAsOperator(ctx, slug, email, "okta", core.ScopeSCIM)
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 4; i++ {
		if r := call(t, "GET", srv.URL+"/scim/v2/Users?filter=userName%20eq%20%22owner@acme.com%22", scimToken["acme"], ""); r.status != 200 || !strings.Contains(r.body, `"totalResults":1`) {
			t.Fatalf("request %d of the burst: %d %s", i, r.status, r.body)
		}
	}
	r := call(t, "GET", srv.URL+"/scim/v2/Users", scimToken["acme"], "")
	if r.status != 429 || r.header.Get("Retry-After") == "" || !strings.Contains(r.body, `"status":"429"`) {
		t.Fatalf("over the SCIM rate: %d %v %s", r.status, r.header, r.body)
	}
	if r := call(t, "GET", srv.URL+"/scim/v2/Users/does-not-exist", scimToken["globex"], ""); r.status != 404 {
		t.Fatalf("another company is limited too: %d %s", r.status, r.body)
	}
	if r := call(t, "GET", srv.URL+"/api/v1/me", scimToken["globex"], ""); r.status != 401 {
		t.Fatalf("a provisioning token on /api/v1: %d", r.status)
	}
	m := call(t, "GET", srv.URL+"/metrics", "", "").body
	for _, want := range []string{`route="/scim/v2/Users/{id}",status="4xx"`, `route="/scim/v2/Users",status="2xx"`, `harriet_rate_limited_total{limiter="scim"} 1`} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(m, "does-not-exist") {
		t.Error("a raw ID became a label")
	}
}

// cookieSessions resolves the cookie "s=ok" to a fixed principal.
type cookieSessions struct{ p core.Principal }

func (c cookieSessions) Resolve(r *http.Request) (core.Principal, bool, error) {
	if ck, err := r.Cookie("s"); err == nil && ck.Value == "ok" {
		return c.p, true, nil
	}
	return core.Principal{}, false, nil
}

// A browser session works on /api/v1 but never on SCIM, which takes API tokens only.
func TestSessionsNotAcceptedOnSCIM(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, path := testConfig(t)
	db := openBoltForTest(t, path)
	log, _ := testLogger()
	sessions := &cookieSessions{}
	app, err := NewApp(ctx, cfg, WithDatabase(db), WithRootKey(testKey(t)), WithLogger(log), WithSessionResolver(sessions))
	if err != nil {
		t.Fatal(err)
	}
	res, err := app.Service.BootstrapCompany(ctx, usecase.BootstrapInput{Slug: "acme", Name: "Acme", OwnerEmail: "owner@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	roles, _, _ := app.Service.RolesOf(ctx, res.Owner)
	sessions.p = core.Principal{CompanyID: res.Company.ID, User: res.Owner, Roles: roles, Kind: core.ActorUser}
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()
	if r := call(t, "GET", srv.URL+"/api/v1/me", "", "", "Cookie", "s=ok"); r.status != 200 {
		t.Fatalf("session on /api/v1: %d %s", r.status, r.body)
	}
	if r := call(t, "GET", srv.URL+"/scim/v2/Users", "", "", "Cookie", "s=ok"); r.status != 401 {
		t.Fatalf("session on SCIM: %d %s", r.status, r.body)
	}
}
