package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// The admin pages refuse control characters in their free-text fields as the API
// does (the rule is the use cases'), with the message beside the field, 400, and
// nothing stored.
func TestPagesRefuseControlCharacters(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	owner := newBrowser(t)
	owner.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	before, _ := e.db.Tokens().List(e.ctx, acme.company.ID, allTokens())
	usersBefore, _ := e.db.Users().Count(e.ctx, acme.company.ID, true)
	saved, err := e.db.Integrations().Get(e.ctx, acme.company.ID)
	if err != nil {
		t.Fatal(err)
	}

	p := owner.post(e.pub+"/preferences/tokens", url.Values{"name": {"a\x00b"}, "scope": {"personal"}})
	if p.status != http.StatusBadRequest {
		t.Fatalf("a token name with NUL: %d", p.status)
	}
	mustContain(t, p, `id="name-error"`, "name holds a control character")

	p = owner.post(e.pub+"/settings/users", url.Values{"email": {"ada@acme.test"}, "given_name": {"A\nda"}, "family_name": {"Lovelace"}})
	if p.status != http.StatusBadRequest {
		t.Fatalf("a given name with a line break: %d", p.status)
	}
	mustContain(t, p, "name holds a control character")

	p = owner.post(e.pub+"/settings/integrations/okta", url.Values{"domain": {acme.domain}, "client_id": {"0oa\x01acme"},
		"login_domain": {acme.idp.URL()}})
	if p.status != http.StatusBadRequest {
		t.Fatalf("a Client ID with a control character: %d", p.status)
	}
	mustContain(t, p, `id="client_id-error"`, "client_id holds a control character")

	after, _ := e.db.Tokens().List(e.ctx, acme.company.ID, allTokens())
	usersAfter, _ := e.db.Users().Count(e.ctx, acme.company.ID, true)
	now, _ := e.db.Integrations().Get(e.ctx, acme.company.ID)
	if len(after) != len(before) || usersAfter != usersBefore || now.Version != saved.Version || now.ClientID != saved.ClientID {
		t.Fatalf("refused input changed the store: tokens %d→%d users %d→%d integration v%d→v%d",
			len(before), len(after), usersBefore, usersAfter, saved.Version, now.Version)
	}
}
