package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"harriet/adapters/devidp"
	"harriet/core/usecase"
)

// Whoever sets the Login Domain decides who Okta says a person is. A Manage
// Integrations user who points it at an IdP of their own can sign in as any plain
// user they could manage anyway, but no Okta sign-in gets into an account holding
// Owner (or Manage API Keys) until an Owner has saved the settings.
func TestRepointedLoginDomainLinksNoOwnerUntilAnOwnerSaves(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	mi, _ := adminAs(t, acme, "mi@acme.test", "Manage Integrations")
	st, body := e.api(http.MethodPost, "/api/v1/users", acme.token, map[string]any{"email": "owner3@acme.test", "direct_roles": []string{"Owner"}})
	if st != http.StatusCreated && st != http.StatusOK {
		t.Fatalf("adding an Owner by hand: %d %v", st, body)
	}
	owner3 := body["id"].(string)
	plain := acme.provision("plain@acme.test")

	evil := startIdP(t)
	evil.AddClient(devidp.Client{ID: "0oaevil", Secret: "evil-secret-0123456789abcdef", RedirectURIs: []string{e.pub + "/bots/okta/callback/"}})
	for _, email := range []string{"owner3@acme.test", "owner@acme.test", "plain@acme.test"} {
		evil.AddUser(devidp.User{Email: email})
	}
	p := mi.post(e.pub+"/settings/integrations/okta", url.Values{"domain": {"acme.test"}, "client_id": {"0oaevil"},
		"login_domain": {evil.URL()}, "client_secret": {"evil-secret-0123456789abcdef"}})
	if p.status != http.StatusOK || p.url.Query().Get("saved") == "" {
		t.Fatalf("the Manage Integrations user's save: %d %s", p.status, p.url)
	}
	mustContain(t, mi.get(e.pub+"/settings/integrations/okta"), "last changed by someone who is not an Owner",
		"harriet integration sso-only --company acme --off")
	for _, who := range []struct{ email, id string }{{"owner3@acme.test", owner3}, {"owner@acme.test", acme.owner.ID}} {
		b := newBrowser(t)
		p := b.oktaSignIn(e.pub, who.email)
		if p.status != http.StatusBadRequest || b.session(e.pub) != "" {
			t.Fatalf("%s signed in through a Login Domain no Owner saved: %d", who.email, p.status)
		}
		mustContain(t, p, usecase.MsgOktaFailed)
		if l := acme.user(who.id).OktaLink; l != nil || acme.sessionsOf(who.id) != 0 {
			t.Fatalf("%s was linked to %+v", who.email, l)
		}
	}
	if p := newBrowser(t).oktaSignIn(e.pub, "plain@acme.test"); p.status != http.StatusOK || acme.user(plain).OktaLink == nil {
		t.Fatalf("a plain user under the new Login Domain: %d", p.status)
	}
	// Linked while plain, then made an Owner by Group Push: still refused while no
	// Owner has saved the settings, so a link made through the other IdP is no way in.
	if st, body := e.api(http.MethodPost, "/scim/v2/Groups", acme.token, map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": "Harriet Owner Group",
		"members": []map[string]any{{"value": plain}}}); st != http.StatusCreated {
		t.Fatalf("pushing the Owner group: %d %v", st, body)
	}
	if p := newBrowser(t).oktaSignIn(e.pub, "plain@acme.test"); p.status != http.StatusBadRequest {
		t.Fatalf("an account linked while plain and now an Owner, under settings no Owner saved: %d", p.status)
	}

	// An Owner's save, even of nothing new, vouches for the settings.
	if st, body := e.api(http.MethodPut, "/api/v1/integrations/okta", acme.token, map[string]any{"sso_only": false}); st != http.StatusOK {
		t.Fatalf("the Owner's save: %d %v", st, body)
	}
	if p := newBrowser(t).oktaSignIn(e.pub, "owner3@acme.test"); p.status != http.StatusOK || acme.user(owner3).OktaLink == nil {
		t.Fatalf("an Owner after an Owner saved the settings: %d", p.status)
	}
	if p := mi.get(e.pub + "/settings/integrations/okta"); strings.Contains(p.body, "last changed by someone who is not an Owner") {
		t.Fatal("the page still warns after an Owner's save")
	}
}
