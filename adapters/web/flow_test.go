package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"harriet/adapters/devidp"
	"harriet/core"
	"harriet/core/usecase"
)

// A user provisioned over SCIM signs in with Okta, gets a session that the API
// accepts, is linked to the Okta identity, and a later sign-in costs Okta one token
// call and nothing else.
func TestOktaSignInEndToEnd(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	id := acme.provision("Ada@Acme.test")
	okta := idp.AddUser(devidp.User{Email: "ada@acme.test", GivenName: "Ada", FamilyName: "Lovelace"})
	idp.ResetCounts()

	b := newBrowser(t)
	p := b.oktaSignIn(e.pub, "ada@acme.test")
	if p.status != http.StatusOK || p.url.Path != "/" {
		t.Fatalf("after sign-in: %d %s\n%s", p.status, p.url, p.body)
	}
	mustContain(t, p, "Hello, Ada", "Acme Inc", "Sign out")
	authorize := b.hops[0]
	q := authorize.Query()
	if authorize.Path != "/oauth2/v1/authorize" || q.Get("redirect_uri") != e.pub+"/bots/okta/callback/" ||
		q.Get("login_hint") != "ada@acme.test" || q.Get("code_challenge_method") != "S256" ||
		len(q.Get("state")) < 43 || len(q.Get("nonce")) < 43 || q.Get("scope") != "openid profile email" {
		t.Fatalf("authorize request %s", authorize)
	}
	sid := b.session(e.pub)
	if sid == "" {
		t.Fatal("no session cookie")
	}
	if st, body := b.me(e.pub); st != http.StatusOK || !strings.Contains(body, `"id":"`+id+`"`) {
		t.Fatalf("/api/v1/me with the session: %d %s", st, body)
	}
	u := acme.user(id)
	if u.OktaLink == nil || u.OktaLink.Issuer != idp.Issuer("") || u.OktaLink.Subject != okta.Subject {
		t.Fatalf("link %+v", u.OktaLink)
	}
	if s, err := e.db.Sessions().ByHash(e.ctx, core.HashToken(sid)); err != nil || s.UserID != id || s.Method != "okta" {
		t.Fatalf("stored session %+v %v", s, err)
	}
	if acts := acme.auditActions(); !slices.Contains(acts, "signin.okta") || !slices.Contains(acts, "user.okta_link") {
		t.Fatalf("audit %v", acts)
	}
	if c := idp.Counts(); c[devidp.EndpointToken] != 1 || c[devidp.EndpointDiscovery] != 0 || c[devidp.EndpointUserInfo] != 0 {
		t.Fatalf("first sign-in calls %v", c)
	}
	if styles := idp.AuthStyles(); styles["basic"] != 1 || styles["post"] != 0 {
		t.Fatalf("client authentication %v: client_secret_basic only", styles)
	}

	// Steady state: one token call per sign-in, nothing else.
	idp.ResetCounts()
	b2 := newBrowser(t)
	if p := b2.oktaSignIn(e.pub, "ada@acme.test"); p.status != http.StatusOK {
		t.Fatalf("second sign-in %d %s", p.status, p.body)
	}
	if c := idp.Counts(); c[devidp.EndpointToken] != 1 || c[devidp.EndpointKeys] != 0 || c[devidp.EndpointDiscovery] != 0 || c[devidp.EndpointUserInfo] != 0 {
		t.Fatalf("steady-state calls %v, want one token call", c)
	}
	if b2.session(e.pub) == sid {
		t.Fatal("a new sign-in must get a new session ID")
	}

	// Signing out ends the session on the server, not only in the browser.
	if p := b.post(e.pub+"/logout", nil); p.status != http.StatusOK || p.url.Path != "/login" {
		t.Fatalf("logout: %d %s", p.status, p.url)
	}
	if _, err := e.db.Sessions().ByHash(e.ctx, core.HashToken(sid)); !core.IsKind(err, core.NotFound) {
		t.Fatalf("session still stored after logout: %v", err)
	}
	replay := newBrowser(t)
	replay.jar.SetCookies(mustURL(t, e.pub), []*http.Cookie{{Name: "harriet_session", Value: sid}})
	if st, _ := replay.me(e.pub); st != http.StatusUnauthorized {
		t.Fatalf("ended session still works: %d", st)
	}
}

// Okta's thin ID token has no email_verified: userinfo is asked, one more call.
func TestThinTokenCostsOneUserInfoCall(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	idp.SetFaults(devidp.Faults{ThinToken: true})
	newBrowser(t).oktaSignIn(e.pub, "ada@acme.test") // first use fetches the keys
	idp.ResetCounts()
	if p := newBrowser(t).oktaSignIn(e.pub, "ada@acme.test"); p.status != http.StatusOK {
		t.Fatalf("%d %s", p.status, p.body)
	}
	if c := idp.Counts(); c[devidp.EndpointToken] != 1 || c[devidp.EndpointUserInfo] != 1 || c[devidp.EndpointKeys] != 0 {
		t.Fatalf("calls %v, want token and userinfo once each", c)
	}
}

// The cookie attributes: HttpOnly and SameSite=Lax, never Secure on plain http.
func TestSessionAndFlowCookieAttributes(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	b := newBrowser(t)
	b.stopAt = func(u *url.URL) bool { return u.Host != mustURL(t, e.pub).Host }
	p := b.post(e.pub+"/login/okta", url.Values{"email": {"ada@acme.test"}})
	flow := p.header.Get("Set-Cookie")
	if p.status != http.StatusSeeOther || !strings.Contains(flow, "harriet_flow=") || !strings.Contains(flow, "Path=/bots/okta/") ||
		!strings.Contains(flow, "HttpOnly") || !strings.Contains(flow, "SameSite=Lax") || strings.Contains(flow, "Secure") {
		t.Fatalf("flow cookie %q (%d)", flow, p.status)
	}
	cb := b.startOkta(e.pub, "ada@acme.test")
	b.stopAt = func(u *url.URL) bool { return u.Path == "/" }
	p = b.get(cb.String())
	var sess string
	for _, c := range p.header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "harriet_session=") {
			sess = c
		}
	}
	if !strings.Contains(sess, "HttpOnly") || !strings.Contains(sess, "SameSite=Lax") || !strings.Contains(sess, "Path=/") || strings.Contains(sess, "Secure") {
		t.Fatalf("session cookie %q", sess)
	}
}

// A sign-in started on one node finishes on another: the flow rides in the cookie,
// and both nodes use the configured public URL as the redirect URI.
func TestSignInStartedOnOneNodeFinishedOnAnother(t *testing.T) {
	e := newEnv(t, 2)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	id := acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	b := newBrowser(t)
	cb := b.startOkta(e.urls[0], "ada@acme.test")
	second := mustURL(t, e.urls[1])
	cb.Host = second.Host // the load balancer sends the callback to the second node
	p := b.get(cb.String())
	if p.status != http.StatusOK || p.url.Host != second.Host || p.url.Path != "/" {
		t.Fatalf("finishing on the second node: %d %s\n%s", p.status, p.url, p.body)
	}
	if st, body := b.me(e.urls[0]); st != http.StatusOK || !strings.Contains(body, id) {
		t.Fatalf("the session made on node 2 on node 1: %d %s", st, body)
	}
}

// Host and X-Forwarded-* headers never change the redirect URI.
func TestRedirectURIIgnoresHostAndForwardedHeaders(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	acme.provision("ada@acme.test")
	b := newBrowser(t)
	b.stopAt = func(u *url.URL) bool { return true }
	req, _ := http.NewRequest(http.MethodPost, e.urls[0]+"/login/okta", strings.NewReader("email=ada%40acme.test"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Host", "evil.example")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("Forwarded", "host=evil.example;proto=https")
	p := b.do(req)
	if p.status != http.StatusSeeOther || b.stopped == nil {
		t.Fatalf("%d %s", p.status, p.body)
	}
	if got := b.stopped.Query().Get("redirect_uri"); got != e.pub+"/bots/okta/callback/" {
		t.Fatalf("redirect_uri %q", got)
	}
	req, _ = http.NewRequest(http.MethodGet, e.urls[0]+"/bots/okta/login?iss="+url.QueryEscape(idp.Issuer("")), nil)
	req.Host = "evil.example"
	req.Header.Set("X-Forwarded-Host", "evil.example")
	b.do(req)
	if b.stopped == nil || b.stopped.Query().Get("redirect_uri") != e.pub+"/bots/okta/callback/" {
		t.Fatalf("tile sign-in redirect %v", b.stopped)
	}
}

// The Okta dashboard tile starts a sign-in when exactly one integration has the
// issuer; otherwise the login page.
func TestDashboardTileLogin(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	for _, iss := range []string{idp.Issuer(""), idp.Issuer("") + "/"} {
		b := newBrowser(t)
		b.stopAt = func(u *url.URL) bool { return u.Path == "/oauth2/v1/authorize" }
		b.get(e.pub + "/bots/okta/login?iss=" + url.QueryEscape(iss))
		if b.stopped == nil || b.stopped.Query().Get("client_id") != acme.clientID || b.stopped.Query().Get("login_hint") != "" {
			t.Fatalf("tile with iss %s: %v", iss, b.stopped)
		}
	}
	b := newBrowser(t)
	p := b.get(e.pub + "/bots/okta/login?iss=" + url.QueryEscape("https://unknown.okta.com"))
	if p.status != http.StatusOK || p.url.Path != "/bots/okta/login" {
		t.Fatalf("unknown issuer: %d %s", p.status, p.url)
	}
	mustContain(t, p, "Sign in to Harriet", `name="email"`)
}

// A return path survives the round trip to Okta; another site's never does.
func TestReturnPath(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	for rt, want := range map[string]string{"/settings/users?x=1": "/settings/users", "//evil.example/x": "/", "https://evil.example/": "/"} {
		b := newBrowser(t)
		b.stopAt = func(u *url.URL) bool {
			return u.Path != "/bots/okta/callback/" && u.Host == mustURL(t, e.pub).Host || u.Host == "evil.example"
		}
		b.post(e.pub+"/login/okta", url.Values{"email": {"ada@acme.test"}, "return_to": {rt}})
		if b.stopped == nil || b.stopped.Path != want || b.stopped.Host != mustURL(t, e.pub).Host {
			t.Fatalf("return_to %q went to %v", rt, b.stopped)
		}
	}
}

// A return path rides in the flow cookie: the longest one kept, made of the
// characters JSON spells longest, still leaves the cookie under the 4 KB browsers
// keep; longer ones, and ones with characters a URL does not hold raw, become "/".
func TestReturnPathKeepsTheFlowCookieSmall(t *testing.T) {
	e := newEnv(t, 1)
	e.newTenant("acme", "acme.test", startIdP(t), false)
	longest := "/" + strings.Repeat("&", 255)
	for rt, kept := range map[string]bool{longest: true, longest + "&": false, "/x\x0bevil": false, "/a<b": false, "/a b": false, "/é": false} {
		b := newBrowser(t)
		b.stopAt = func(u *url.URL) bool { return u.Host != mustURL(t, e.pub).Host }
		b.post(e.pub+"/login/okta", url.Values{"email": {"ada@acme.test"}, "return_to": {rt}})
		var flow *http.Cookie
		for _, c := range b.jar.Cookies(mustURL(t, e.pub+"/bots/okta/callback/")) {
			if strings.Contains(c.Name, "flow") {
				flow = c
			}
		}
		if flow == nil {
			t.Fatalf("return_to %q: no flow cookie", rt)
		}
		// Browsers keep a cookie whose name and value fit in 4096 bytes; leave room.
		if n := len(flow.Name) + len(flow.Value); n > 3800 {
			t.Fatalf("return_to of %d bytes: a flow cookie of %d bytes, which browsers may drop", len(rt), n)
		}
		if got := usecase.SafeReturnPath(rt) == rt; got != kept {
			t.Errorf("return_to %q kept %v, want %v", rt, got, kept)
		}
	}
}

// GET / signed out goes to the login page; the login page works without a session.
func TestHomeSignedOut(t *testing.T) {
	e := newEnv(t, 1)
	b := newBrowser(t)
	p := b.get(e.pub + "/")
	if p.status != http.StatusOK || p.url.Path != "/login" {
		t.Fatalf("%d %s", p.status, p.url)
	}
	mustContain(t, p, "<title>Sign in · Harriet</title>", `<label for="email">`, `<label for="password">`, "Sign in with Okta")
	css := b.get(e.pub + "/static/style.css")
	if css.status != http.StatusOK || !strings.Contains(css.header.Get("Content-Type"), "text/css") {
		t.Fatalf("style sheet %d %s", css.status, css.header.Get("Content-Type"))
	}
}
