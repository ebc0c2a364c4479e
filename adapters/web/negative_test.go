package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"harriet/adapters/devidp"
	"harriet/core"
	"harriet/core/usecase"
)

// Every bad answer from the IdP gets SPEC.md's message and status, and no session.
func TestCallbackNegativeMatrix(t *testing.T) {
	f := false
	cases := []struct {
		name     string
		faults   devidp.Faults
		user     devidp.User // zero: the provisioned user, verified
		status   int
		message  string
		noTokens bool // refused before any token call
	}{
		{name: "wrong nonce", faults: devidp.Faults{WrongNonce: true}, status: 400, message: usecase.MsgOktaFailed},
		{name: "wrong aud (another company's client)", faults: devidp.Faults{Audience: "0oabeta"}, status: 400, message: usecase.MsgOktaFailed},
		{name: "wrong iss", faults: devidp.Faults{Issuer: "https://beta.okta.com"}, status: 400, message: usecase.MsgOktaFailed},
		{name: "bad signature", faults: devidp.Faults{BadSignature: true}, status: 400, message: usecase.MsgOktaFailed},
		{name: "HS256", faults: devidp.Faults{AlgHS256: true}, status: 400, message: usecase.MsgOktaFailed},
		{name: "alg none", faults: devidp.Faults{AlgNone: true}, status: 400, message: usecase.MsgOktaFailed},
		{name: "missing sub", faults: devidp.Faults{MissingSub: true}, status: 400, message: usecase.MsgOktaFailed},
		{name: "missing iat", faults: devidp.Faults{MissingIAT: true}, status: 400, message: usecase.MsgOktaFailed},
		{name: "iat 10 minutes ahead", faults: devidp.Faults{IATOffset: 10 * time.Minute}, status: 400, message: usecase.MsgOktaFailed},
		{name: "iat 30 s ahead accepted", faults: devidp.Faults{IATOffset: 30 * time.Second}, status: 200},
		{name: "expired", faults: devidp.Faults{Expired: true}, status: 400, message: usecase.MsgOktaFailed},
		{name: "azp of another client", faults: devidp.Faults{AuthorizedParty: "0oabeta"}, status: 400, message: usecase.MsgOktaFailed},
		{name: "azp of this client accepted", faults: devidp.Faults{AuthorizedParty: "0oaacme"}, status: 200},
		{name: "userinfo about another sub", faults: devidp.Faults{ThinToken: true, UserInfoSubject: "00uother"}, status: 400, message: usecase.MsgOktaFailed},
		{name: "email not verified", user: devidp.User{Email: "ada@acme.test", EmailVerified: &f}, status: 403, message: usecase.MsgEmailNotVerified},
		{name: "email not verified at userinfo", faults: devidp.Faults{ThinToken: true}, user: devidp.User{Email: "ada@acme.test", EmailVerified: &f}, status: 403, message: usecase.MsgEmailNotVerified},
		{name: "access_denied", faults: devidp.Faults{DenyAccess: true}, status: 403, message: usecase.MsgNotAssigned, noTokens: true},
		{name: "user not assigned", user: devidp.User{Email: "ada@acme.test", Unassigned: true}, status: 403, message: usecase.MsgNotAssigned, noTokens: true},
		{name: "login_required", faults: devidp.Faults{AuthorizeError: "login_required"}, status: 400, message: usecase.MsgOktaFailed, noTokens: true},
		{name: "token endpoint refuses", faults: devidp.Faults{TokenError: "invalid_client"}, status: 400, message: usecase.MsgOktaFailed},
		{name: "unknown key types in the JWKS ignored", faults: devidp.Faults{ExtraUnknownKeys: true}, status: 200},
	}
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	id := acme.provision("ada@acme.test")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := c.user
			if u.Email == "" {
				u = devidp.User{Email: "ada@acme.test"}
			}
			acme.sessionsOf(id) // each case starts signed out and unlinked
			acme.unlink(id)
			idp.AddUser(u)
			idp.SetFaults(c.faults)
			defer idp.SetFaults(devidp.Faults{})
			idp.ResetCounts()
			b := newBrowser(t)
			p := b.oktaSignIn(e.pub, "ada@acme.test")
			if p.status != c.status {
				t.Fatalf("status %d, want %d\n%s", p.status, c.status, p.body)
			}
			open := acme.sessionsOf(id)
			if c.status == 200 {
				if open != 1 || b.session(e.pub) == "" {
					t.Fatalf("accepted sign-in left %d sessions", open)
				}
				return
			}
			mustContain(t, p, c.message, "Sign in to Harriet")
			if open != 0 || b.session(e.pub) != "" {
				t.Fatalf("refused sign-in left a session (%d stored)", open)
			}
			if c.noTokens && idp.Count(devidp.EndpointToken) != 0 {
				t.Fatal("a token call was made for an error answer")
			}
			if !c.noTokens && idp.Count(devidp.EndpointToken) != 1 {
				t.Fatalf("token calls %d, want exactly 1 (never retried)", idp.Count(devidp.EndpointToken))
			}
		})
	}
	if !strings.Contains(e.logs.String(), "sign-in refused") {
		t.Fatal("refusals are not logged")
	}
	if strings.Contains(e.logs.String(), "secret-of-acme") {
		t.Fatal("the client secret reached the log")
	}
}

// The keys rotate between two sign-ins: the new kid is fetched and accepted.
func TestKeyRotationBetweenSignIns(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	if p := newBrowser(t).oktaSignIn(e.pub, "ada@acme.test"); p.status != http.StatusOK {
		t.Fatalf("%d", p.status)
	}
	if err := idp.RotateKey(); err != nil {
		t.Fatal(err)
	}
	idp.RetireOldKeys()
	idp.ResetCounts()
	if p := newBrowser(t).oktaSignIn(e.pub, "ada@acme.test"); p.status != http.StatusOK {
		t.Fatalf("after rotation: %d %s", p.status, p.body)
	}
	if n := idp.Count(devidp.EndpointKeys); n != 1 {
		t.Fatalf("key fetches after rotation %d, want 1", n)
	}
}

// State: missing, reused, or another browser's flow are all refused before Okta is
// asked for tokens a second time.
func TestStateAndFlowCookie(t *testing.T) {
	e := newEnv(t, 2)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	id := acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	generic := func(t *testing.T, p page) {
		t.Helper()
		if p.status != http.StatusBadRequest {
			t.Fatalf("status %d\n%s", p.status, p.body)
		}
		mustContain(t, p, usecase.MsgOktaFailed)
	}

	t.Run("missing state", func(t *testing.T) {
		b := newBrowser(t)
		cb := b.startOkta(e.pub, "ada@acme.test")
		q := cb.Query()
		q.Del("state")
		cb.RawQuery = q.Encode()
		generic(t, b.get(cb.String()))
	})
	t.Run("no flow cookie", func(t *testing.T) {
		cb := newBrowser(t).startOkta(e.pub, "ada@acme.test")
		generic(t, newBrowser(t).get(cb.String()))
	})
	t.Run("a flow cookie from another browser", func(t *testing.T) {
		alice, mallory := newBrowser(t), newBrowser(t)
		alice.startOkta(e.pub, "ada@acme.test")
		cbMallory := mallory.startOkta(e.pub, "ada@acme.test")
		idp.ResetCounts()
		generic(t, alice.get(cbMallory.String())) // login CSRF: Mallory's code in Alice's browser
		if idp.Count(devidp.EndpointToken) != 0 || alice.session(e.pub) != "" {
			t.Fatal("another browser's callback reached the token endpoint or signed in")
		}
	})
	t.Run("reused state", func(t *testing.T) {
		b := newBrowser(t)
		cb := b.startOkta(e.pub, "ada@acme.test")
		var flow *http.Cookie
		for _, c := range b.jar.Cookies(mustURL(t, e.pub+"/bots/okta/")) {
			if c.Name == "harriet_flow" {
				flow = c
			}
		}
		if p := b.get(cb.String()); p.status != http.StatusOK {
			t.Fatalf("first use: %d", p.status)
		}
		acme.sessionsOf(id)
		for _, node := range e.urls { // this node remembers it; the other has Okta's single-use code
			replay := newBrowser(t)
			flow.Path = "/bots/okta/"
			replay.jar.SetCookies(mustURL(t, e.pub+"/bots/okta/"), []*http.Cookie{flow})
			u := *cb
			u.Host = mustURL(t, node).Host
			generic(t, replay.get(u.String()))
		}
		if acme.sessionsOf(id) != 0 {
			t.Fatal("a replayed callback made a session")
		}
	})
	t.Run("tampered flow cookie", func(t *testing.T) {
		b := newBrowser(t)
		cb := b.startOkta(e.pub, "ada@acme.test")
		for _, c := range b.jar.Cookies(mustURL(t, e.pub+"/bots/okta/")) {
			if c.Name == "harriet_flow" {
				c.Value, c.Path = c.Value[:len(c.Value)-4]+"AAAA", "/bots/okta/"
				b.jar.SetCookies(mustURL(t, e.pub+"/bots/okta/"), []*http.Cookie{c})
			}
		}
		generic(t, b.get(cb.String()))
	})
}

// unlink clears a user's Okta link in the store.
func (tn *tenant) unlink(id string) {
	_, err := tn.e.db.Users().Update(tn.e.ctx, tn.company.ID, id, func(u *core.User) error {
		u.OktaLink = nil
		return nil
	})
	if err != nil {
		tn.e.t.Fatal(err)
	}
}
