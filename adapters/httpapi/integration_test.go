package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"harriet/core"
)

const oktaSecret = "s3cr3t-0kta-CLIENT-value_xyz"

// fullIntegration is a complete first save.
func fullIntegration() map[string]any {
	return map[string]any{"domain": "acme.com", "client_id": "0oa1clientid", "login_domain": "acme.okta.com",
		"client_secret": oktaSecret, "sso_only": false}
}

func with(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{}
	for key, val := range m {
		out[key] = val
	}
	if v == nil {
		delete(out, k)
	} else {
		out[k] = v
	}
	return out
}

// storedIntegration reads the integration from the store; found is false before a save.
func (e *env) storedIntegration(companyID string) (core.Integration, bool) {
	e.t.Helper()
	in, err := e.db.Integrations().Get(context.Background(), companyID)
	if core.IsKind(err, core.NotFound) {
		return core.Integration{}, false
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return in, true
}

func (e *env) openSecret(in core.Integration) string {
	e.t.Helper()
	pt, err := e.box.Open(in.CompanyID, in.SecretSealed)
	if err != nil {
		e.t.Fatal(err)
	}
	return string(pt)
}

func TestIntegrationSaveAndRead(t *testing.T) {
	e := newEnv(t)
	expectError(t, e.do(e.ownerCred(), "GET", "/api/v1/integrations/okta", nil), 404, "not_found", "Integrations → Okta")

	put := expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", fullIntegration()), 200)
	if bytes.Contains(put.raw, []byte(oktaSecret)) {
		t.Fatalf("the PUT answer shows the secret: %s", put.raw)
	}
	got := put.obj(t)
	wantKeys := []string{"client_id", "client_secret_set", "discovery", "domain", "issuer", "login_domain",
		"redirect_uri", "scim_base_url", "sign_in_set_by_owner", "sso_only", "updated_at"}
	if !reflect.DeepEqual(keysOf(got), wantKeys) {
		t.Fatalf("keys %v, want %v", keysOf(got), wantKeys)
	}
	want := map[string]any{"domain": "acme.com", "client_id": "0oa1clientid", "login_domain": "acme.okta.com",
		"issuer": "https://acme.okta.com", "client_secret_set": true, "sso_only": false, "sign_in_set_by_owner": true,
		"redirect_uri": publicURL + "/bots/okta/callback/", "scim_base_url": publicURL + "/scim/v2",
		"discovery": map[string]any{"status": "not_checked", "message": ""}}
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	in, ok := e.storedIntegration(e.company.ID)
	if !ok {
		t.Fatal("the integration was not stored")
	}
	if got["updated_at"] != in.UpdatedAt.UTC().Format("2006-01-02T15:04:05.000Z") {
		t.Errorf("updated_at %v, stored %v", got["updated_at"], in.UpdatedAt)
	}
	if bytes.Contains(in.SecretSealed, []byte(oktaSecret)) || e.openSecret(in) != oktaSecret {
		t.Fatal("the secret is not sealed in the store, or does not open to what was saved")
	}
	if _, err := e.box.Open("another-company", in.SecretSealed); err == nil {
		t.Fatal("the sealed secret opens for another company")
	}
	read := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/integrations/okta", nil), 200)
	if !bytes.Equal(read.raw, put.raw) {
		t.Fatalf("GET %s differs from PUT %s", read.raw, put.raw)
	}
}

func TestIntegrationFirstSaveNeedsAllFour(t *testing.T) {
	e := newEnv(t)
	for _, field := range []string{"domain", "client_id", "login_domain", "client_secret"} {
		for _, missing := range []any{nil, ""} {
			body := fullIntegration()
			if missing == nil {
				delete(body, field)
			} else {
				body[field] = ""
			}
			expectError(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", body), 400, "invalid", fieldLabel[field])
			if _, ok := e.storedIntegration(e.company.ID); ok {
				t.Fatalf("without %s something was saved", field)
			}
		}
	}
	if n := len(e.auditEntries(e.company.ID, "integration.save")); n != 0 {
		t.Fatalf("%d audit entries for refused saves", n)
	}
}

// fieldLabel is how messages name each field to the admin.
var fieldLabel = map[string]string{"domain": "Domain", "client_id": "Client ID", "login_domain": "Login Domain", "client_secret": "Secret key"}

func TestIntegrationLaterSaveKeepsSecret(t *testing.T) {
	e := newEnv(t)
	expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", fullIntegration()), 200)
	first, _ := e.storedIntegration(e.company.ID)

	// missing, then empty: the saved secret stays
	expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", with(fullIntegration(), "client_secret", nil)), 200)
	a := expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", with(fullIntegration(), "client_secret", "")), 200)
	if a.obj(t)["client_secret_set"] != true {
		t.Fatalf("client_secret_set is not true: %s", a.raw)
	}
	kept, _ := e.storedIntegration(e.company.ID)
	if !bytes.Equal(kept.SecretSealed, first.SecretSealed) || e.openSecret(kept) != oktaSecret {
		t.Fatal("an empty client_secret changed the saved secret")
	}
	// a new secret and sso_only replace the old
	a = expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta",
		with(with(fullIntegration(), "client_secret", "rotated-secret"), "sso_only", true)), 200)
	if a.obj(t)["sso_only"] != true || bytes.Contains(a.raw, []byte("rotated-secret")) {
		t.Fatalf("answer %s", a.raw)
	}
	now, _ := e.storedIntegration(e.company.ID)
	if e.openSecret(now) != "rotated-secret" || !now.SSOOnly {
		t.Fatal("the new secret or sso_only was not saved")
	}
	// the audit names what changed, never the secret
	entries := e.auditEntries(e.company.ID, "integration.save")
	if len(entries) != 4 {
		t.Fatalf("%d integration.save entries, want 4", len(entries))
	}
	raw, _ := json.Marshal(entries)
	if bytes.Contains(raw, []byte(oktaSecret)) || bytes.Contains(raw, []byte("rotated-secret")) {
		t.Fatal("a secret is in the audit log")
	}
	latest := entries[0]
	if !reflect.DeepEqual(latest.Details["changed"], []any{"client_secret", "sso_only"}) &&
		!reflect.DeepEqual(latest.Details["changed"], []string{"client_secret", "sso_only"}) {
		t.Fatalf("changed = %#v", latest.Details["changed"])
	}
	if latest.Actor.Kind != core.ActorToken || latest.Actor.ID == "" || latest.RequestID != "req-test" {
		t.Fatalf("actor %+v request %q", latest.Actor, latest.RequestID)
	}
}

func TestIntegrationDelete(t *testing.T) {
	e := newEnv(t)
	expectError(t, e.do(e.ownerCred(), "DELETE", "/api/v1/integrations/okta", nil), 404, "not_found", "No Okta integration")
	expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", fullIntegration()), 200)
	a := expect(t, e.do(e.ownerCred(), "DELETE", "/api/v1/integrations/okta", nil), 204)
	if len(a.raw) != 0 {
		t.Fatalf("204 with a body: %s", a.raw)
	}
	if _, ok := e.storedIntegration(e.company.ID); ok {
		t.Fatal("still stored after DELETE")
	}
	expect(t, e.do(e.ownerCred(), "GET", "/api/v1/integrations/okta", nil), 404)
	if entries := e.auditEntries(e.company.ID, "integration.delete"); len(entries) != 1 || entries[0].Target.ID != e.company.ID {
		t.Fatalf("integration.delete entries: %+v", entries)
	}
}

func TestIntegrationPermissions(t *testing.T) {
	e := newEnv(t)
	expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", fullIntegration()), 200)
	cases := []struct {
		role    core.Role
		allowed bool
	}{
		{core.RoleOwner, true}, {core.RoleAdmin, true}, {core.RoleManageIntegrations, true},
		{core.RoleManageAPIKeys, false}, {core.RoleManageUsers, false}, {core.RoleSupport, false}, {"", false},
	}
	for i, c := range cases {
		t.Run(string(c.role), func(t *testing.T) {
			var roles []core.Role
			if c.role != "" {
				roles = []core.Role{c.role}
			}
			u := e.addUser(e.company.ID, "perm"+string(rune('a'+i))+"@acme.com", roles...)
			before, _ := e.storedIntegration(e.company.ID)
			get := e.do(session(u), "GET", "/api/v1/integrations/okta", nil)
			put := e.do(session(u), "PUT", "/api/v1/integrations/okta", with(fullIntegration(), "client_id", "changed-"+u.ID))
			if !c.allowed {
				expectError(t, get, 403, "forbidden", "permission")
				expectError(t, put, 403, "forbidden", "permission")
				expectError(t, e.do(session(u), "DELETE", "/api/v1/integrations/okta", nil), 403, "forbidden", "permission")
				if after, _ := e.storedIntegration(e.company.ID); !reflect.DeepEqual(before, after) {
					t.Fatal("a refused caller changed the integration")
				}
				return
			}
			expect(t, get, 200)
			expect(t, put, 200)
			if after, _ := e.storedIntegration(e.company.ID); after.ClientID != "changed-"+u.ID {
				t.Fatal("an allowed save was not stored")
			}
		})
	}
}
