package web_test

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"harriet/adapters/devidp"
	"harriet/core"
)

// The JSON API takes the session cookie, so a browser request from another site is
// refused there too; scripts with a bearer token are not affected.
func TestAPIRefusesCrossSiteRequestsWithTheSessionCookie(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	b := newBrowser(t)
	b.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	req, _ := http.NewRequest(http.MethodDelete, e.pub+"/api/v1/integrations/okta", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	p := b.do(req)
	if p.status != http.StatusForbidden || !strings.Contains(p.body, `"code":"forbidden"`) {
		t.Fatalf("cross-site DELETE: %d %s", p.status, p.body)
	}
	if _, err := e.db.Integrations().Get(e.ctx, acme.company.ID); err != nil {
		t.Fatalf("the integration is gone: %v", err)
	}
	req, _ = http.NewRequest(http.MethodDelete, e.pub+"/api/v1/integrations/okta", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if p := b.do(req); p.status != http.StatusNoContent {
		t.Fatalf("same-origin DELETE with the session: %d %s", p.status, p.body)
	}
}

// Discovery at save: an unreachable IdP still saves (status unreachable, with the
// reason); an IdP naming another issuer is refused with both issuers and the hint;
// the document found is stored.
func TestDiscoveryWhenTheIntegrationIsSaved(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	in, err := e.db.Integrations().Get(e.ctx, acme.company.ID)
	if err != nil || in.Discovery.Status != core.DiscoveryOK {
		t.Fatalf("%+v %v", in.Discovery, err)
	}
	var md map[string]any
	if json.Unmarshal(in.Discovery.Metadata, &md) != nil || md["issuer"] != idp.Issuer("") || md["jwks_uri"] == nil {
		t.Fatalf("stored metadata %s", in.Discovery.Metadata)
	}

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + ln.Addr().String()
	ln.Close()
	st, body := e.api(http.MethodPut, "/api/v1/integrations/okta", acme.token, map[string]any{
		"domain": "acme.test", "client_id": acme.clientID, "login_domain": closed})
	d, _ := body["discovery"].(map[string]any)
	if st != http.StatusOK || d["status"] != "unreachable" || !strings.Contains(d["message"].(string), "Could not reach") {
		t.Fatalf("unreachable: %d %v", st, body)
	}

	idp.SetFaults(devidp.Faults{DiscoveryIssuer: "https://login.acme.test"})
	st, body = e.api(http.MethodPut, "/api/v1/integrations/okta", acme.token, map[string]any{
		"domain": "acme.test", "client_id": acme.clientID, "login_domain": idp.URL()})
	msg, _ := body["error"].(map[string]any)["message"].(string)
	if st != http.StatusBadRequest || !strings.Contains(msg, idp.Issuer("")) || !strings.Contains(msg, "https://login.acme.test") ||
		!strings.Contains(msg, "custom domain") {
		t.Fatalf("issuer mismatch: %d %v", st, body)
	}
	if in, _ := e.db.Integrations().Get(e.ctx, acme.company.ID); in.LoginDomain != closed {
		t.Fatalf("a refused save changed the integration: %+v", in)
	}
}
