package httpapi_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"harriet/core"
)

func TestIntegrationLoginDomainRule(t *testing.T) {
	cases := []struct {
		in, loginDomain, issuer string
		insecure                bool
		refused                 string // part of the message when refused
	}{
		{in: "ACME.okta.com/", loginDomain: "acme.okta.com", issuer: "https://acme.okta.com"},
		{in: "https://acme.okta.com", loginDomain: "acme.okta.com", issuer: "https://acme.okta.com"},
		{in: "https://Acme.OKTA.com/", loginDomain: "acme.okta.com", issuer: "https://acme.okta.com"},
		{in: "acme.okta.com/oauth2/default", loginDomain: "acme.okta.com/oauth2/default", issuer: "https://acme.okta.com/oauth2/default"},
		{in: "https://acme.okta.com/oauth2/aus9x1/", loginDomain: "acme.okta.com/oauth2/aus9x1", issuer: "https://acme.okta.com/oauth2/aus9x1"},
		{in: "acme.okta.com/app/UserHome", refused: "path"},
		{in: "acme.okta.com/?x=1", refused: "query"},
		{in: "acme-admin.okta.com", refused: "use acme.okta.com"},
		{in: "https://acme-admin.oktapreview.com/", refused: "admin console"},
		{in: "http://acme.okta.com", refused: "https"},
		{in: "http://127.0.0.1:9000", refused: "--allow-insecure-idp"},
		{in: "http://127.0.0.1:9000", insecure: true, loginDomain: "http://127.0.0.1:9000", issuer: "http://127.0.0.1:9000"},
		{in: "http://localhost:9000/oauth2/default", insecure: true, loginDomain: "http://localhost:9000/oauth2/default", issuer: "http://localhost:9000/oauth2/default"},
		{in: "http://idp.example.com:9000", insecure: true, refused: "127.0.0.1"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			e := newEnvWith(t, envOptions{allowInsecureIdP: c.insecure})
			a := e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", with(fullIntegration(), "login_domain", c.in))
			if c.refused != "" {
				expectError(t, a, 400, "invalid", c.refused)
				if _, ok := e.storedIntegration(e.company.ID); ok {
					t.Fatal("a refused Login Domain saved something")
				}
				return
			}
			got := expect(t, a, 200).obj(t)
			in, _ := e.storedIntegration(e.company.ID)
			if got["login_domain"] != c.loginDomain || got["issuer"] != c.issuer || in.LoginDomain != c.loginDomain || in.Issuer != c.issuer {
				t.Fatalf("answer %v/%v, stored %q/%q, want %q/%q", got["login_domain"], got["issuer"], in.LoginDomain, in.Issuer, c.loginDomain, c.issuer)
			}
		})
	}
}

func TestIntegrationRefusedChangeKeepsSaved(t *testing.T) {
	e := newEnv(t)
	expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", fullIntegration()), 200)
	before, _ := e.storedIntegration(e.company.ID)
	expectError(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta",
		with(with(fullIntegration(), "login_domain", "acme-admin.okta.com"), "client_secret", "new-one")), 400, "invalid", "admin console")
	expectError(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", with(fullIntegration(), "domain", "owner@acme.com")), 400, "invalid", "not a whole address")
	after, _ := e.storedIntegration(e.company.ID)
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("a refused save changed the integration:\n%+v\n%+v", before, after)
	}
}

func TestIntegrationDomainBelongsToOneCompany(t *testing.T) {
	e := newEnv(t)
	_, _ = e.bootstrap("globex", "boss@globex.com")
	globexToken := e.operatorToken("globex", "boss@globex.com", core.ScopePersonal)
	globex, _ := e.db.Companies().BySlug(context.Background(), "globex")

	expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", fullIntegration()), 200)
	taken := with(with(fullIntegration(), "domain", "ACME.com"), "login_domain", "globex.okta.com")
	expectError(t, e.do(bearer(globexToken), "PUT", "/api/v1/integrations/okta", taken), 409, "conflict", "already connected to another company")
	if _, ok := e.storedIntegration(globex.ID); ok {
		t.Fatal("the conflicting integration was saved")
	}
	// globex cannot see acme's integration either
	expect(t, e.do(bearer(globexToken), "GET", "/api/v1/integrations/okta", nil), 404)

	// once acme lets go of the domain, globex may have it
	expect(t, e.do(e.ownerCred(), "DELETE", "/api/v1/integrations/okta", nil), 204)
	expect(t, e.do(bearer(globexToken), "PUT", "/api/v1/integrations/okta", taken), 200)
	if in, ok := e.storedIntegration(globex.ID); !ok || in.Domain != "acme.com" {
		t.Fatalf("globex's integration %+v", in)
	}
}

func TestIntegrationBadBodies(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, body string
		status     int
		code, want string
	}{
		{"typo in a key", `{"domian":"acme.com","client_id":"x","login_domain":"acme.okta.com","client_secret":"s"}`, 400, "invalid", `"domian"`},
		{"malformed", `{"domain": "acme.com",`, 400, "invalid", "not valid JSON"},
		{"syntax", `{"domain" "acme.com"}`, 400, "invalid", "line 1"},
		{"wrong type", `{"domain": 5}`, 400, "invalid", `"domain" must be a string`},
		{"bool as string", `{"sso_only": "yes"}`, 400, "invalid", `"sso_only" must be true or false`},
		{"array", `[]`, 400, "invalid", "JSON object"},
		{"empty", ``, 400, "invalid", "empty"},
		{"two objects", `{} {}`, 400, "invalid", "exactly one object"},
		{"not UTF-8", "{\"domain\": \"acme\xff.com\"}", 400, "invalid", "not valid UTF-8 (byte 16)"},
		{"too large", `{"domain":"` + strings.Repeat("a", 70<<10) + `"}`, 413, "too_large", "64 KiB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			expectError(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", c.body), c.status, c.code, c.want)
		})
	}
	if _, ok := e.storedIntegration(e.company.ID); ok {
		t.Fatal("a bad body saved something")
	}
}
