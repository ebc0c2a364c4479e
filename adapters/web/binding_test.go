package web_test

import (
	"net/http"
	"strings"
	"testing"

	"harriet/adapters/devidp"
	"harriet/core/usecase"
)

// Who may sign in: an unknown domain, an unknown user, a deactivated user (whose
// open session ends too), another company's IdP asserting this company's email.
func TestTenantBinding(t *testing.T) {
	e := newEnv(t, 1)
	idpA, idpB := startIdP(t), startIdP(t)
	acme := e.newTenant("acme", "acme.test", idpA, false)
	e.newTenant("beta", "beta.test", idpB, false)
	id := acme.provision("ada@acme.test")
	idpA.AddUser(devidp.User{Email: "ada@acme.test"})

	p := newBrowser(t).oktaSignIn(e.pub, "someone@nowhere.test")
	if p.status != http.StatusBadRequest || p.url.Path != "/login/okta" {
		t.Fatalf("unknown domain: %d %s", p.status, p.url)
	}
	mustContain(t, p, usecase.MsgNoIntegration, `value="someone@nowhere.test"`)

	idpA.AddUser(devidp.User{Email: "nobody@acme.test"})
	p = newBrowser(t).oktaSignIn(e.pub, "nobody@acme.test")
	if p.status != http.StatusUnauthorized {
		t.Fatalf("unknown user: %d", p.status)
	}
	mustContain(t, p, usecase.MsgNoUser)

	// Beta's Okta says its user's email is Ada's: Beta's integration is for beta.test.
	idpB.AddUser(devidp.User{Login: "mallory@beta.test", Email: "ada@acme.test"})
	p = newBrowser(t).oktaSignIn(e.pub, "mallory@beta.test")
	if p.status != http.StatusUnauthorized {
		t.Fatalf("another company's IdP: %d\n%s", p.status, p.body)
	}
	mustContain(t, p, usecase.MsgNoUser)
	if acme.user(id).OktaLink != nil || acme.sessionsOf(id) != 0 {
		t.Fatal("another company's IdP touched Ada")
	}

	// Only users in the integration's Domain sign in with Okta, even when the email
	// is a user's of that very company (a contractor's address, say).
	beta := e.tenantBySlug("beta")
	contractor := beta.provision("carol@freelance.test")
	idpB.AddUser(devidp.User{Login: "carol@beta.test", Email: "carol@freelance.test"})
	p = newBrowser(t).oktaSignIn(e.pub, "carol@beta.test")
	if p.status != http.StatusUnauthorized || beta.sessionsOf(contractor) != 0 {
		t.Fatalf("an email outside the integration's domain: %d", p.status)
	}
	mustContain(t, p, usecase.MsgNoUser)

	signedIn := newBrowser(t)
	if p := signedIn.oktaSignIn(e.pub, "ada@acme.test"); p.status != http.StatusOK {
		t.Fatalf("%d", p.status)
	}
	acme.deactivate(id)
	if st, _ := signedIn.me(e.pub); st != http.StatusUnauthorized {
		t.Fatalf("deactivated user's session still works: %d", st)
	}
	p = newBrowser(t).oktaSignIn(e.pub, "ada@acme.test")
	if p.status != http.StatusForbidden {
		t.Fatalf("deactivated: %d", p.status)
	}
	mustContain(t, p, usecase.MsgDeactivated)
	if acme.sessionsOf(id) != 0 {
		t.Fatal("a deactivated user has a session")
	}
}

// The first sign-in links the account to the Okta subject; another subject with the
// same email is refused until an admin resets the link.
func TestSecondSubjectRefusedUntilLinkReset(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	id := acme.provision("ada@acme.test")
	first := idp.AddUser(devidp.User{Email: "ada@acme.test"})
	if p := newBrowser(t).oktaSignIn(e.pub, "ada@acme.test"); p.status != http.StatusOK {
		t.Fatalf("%d", p.status)
	}
	second := idp.AddUser(devidp.User{Email: "ada@acme.test", Subject: "00urecreated"})
	acme.sessionsOf(id)
	p := newBrowser(t).oktaSignIn(e.pub, "ada@acme.test")
	if p.status != http.StatusForbidden {
		t.Fatalf("another subject: %d", p.status)
	}
	mustContain(t, p, usecase.MsgLinkedOther)
	if l := acme.user(id).OktaLink; l == nil || l.Subject != first.Subject || acme.sessionsOf(id) != 0 {
		t.Fatalf("link %+v", l)
	}
	if st, body := e.api(http.MethodDelete, "/api/v1/users/"+id+"/okta_link", acme.token, nil); st != http.StatusNoContent {
		t.Fatalf("reset: %d %v", st, body)
	}
	if p := newBrowser(t).oktaSignIn(e.pub, "ada@acme.test"); p.status != http.StatusOK {
		t.Fatalf("after the reset: %d", p.status)
	}
	if l := acme.user(id).OktaLink; l == nil || l.Subject != second.Subject {
		t.Fatalf("relinked %+v", l)
	}
	acts := strings.Join(acme.auditActions(), " ")
	for _, want := range []string{"user.okta_link_reset", "signin.okta_failed", "signin.okta", "user.okta_link"} {
		if !strings.Contains(acts, want) {
			t.Fatalf("audit lacks %s: %s", want, acts)
		}
	}
}
