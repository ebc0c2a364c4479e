package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"harriet/bootstrap"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

func (b *browser) passwordSignIn(base, email, password string, extra ...string) page {
	b.t.Helper()
	f := url.Values{"email": {email}, "password": {password}}
	for i := 0; i+1 < len(extra); i += 2 {
		f.Set(extra[i], extra[i+1])
	}
	return b.post(base+"/login/password", f)
}

// The bootstrapped owner signs in with a password; wrong and over-long passwords
// are refused without a session.
func TestPasswordSignIn(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	b := newBrowser(t)
	if p := b.passwordSignIn(e.pub, "owner@acme.test", "wrong password"); p.status != http.StatusUnauthorized || b.session(e.pub) != "" {
		t.Fatalf("wrong password: %d", p.status)
	}
	if p := b.passwordSignIn(e.pub, "owner@acme.test", strings.Repeat("x", 73)); p.status != http.StatusBadRequest {
		t.Fatalf("over-long password: %d", p.status)
	}
	p := b.passwordSignIn(e.pub, "OWNER@acme.test", ownerPassword)
	if p.status != http.StatusOK || p.url.Path != "/" {
		t.Fatalf("sign-in: %d %s\n%s", p.status, p.url, p.body)
	}
	mustContain(t, p, "Owner", `href="/settings/integrations/okta"`, `href="/settings/audit"`)
	if st, body := b.me(e.pub); st != http.StatusOK || !strings.Contains(body, acme.owner.ID) {
		t.Fatalf("me: %d %s", st, body)
	}
	acts := strings.Join(acme.auditActions(), " ")
	if !strings.Contains(acts, "signin.password_failed") || !strings.Contains(acts, "signin.password") {
		t.Fatalf("audit %s", acts)
	}
	if strings.Contains(e.logs.String(), ownerPassword) {
		t.Fatal("a password reached the log")
	}
}

// SSO only: the login page offers Okta alone for the domain, password sign-in is
// refused server-side, an open password session ends, API tokens keep working.
func TestSSOOnly(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	open := newBrowser(t)
	if p := open.passwordSignIn(e.pub, "owner@acme.test", ownerPassword); p.status != http.StatusOK {
		t.Fatalf("%d", p.status)
	}
	p := newBrowser(t).get(e.pub + "/login?email=owner%40acme.test")
	mustContain(t, p, "Sign in with Okta", `name="password"`)

	acme.saveIntegration(idp.URL(), true)
	p = newBrowser(t).get(e.pub + "/login?email=owner%40acme.test")
	mustContain(t, p, "Sign in with Okta", usecase.MsgSSOOnly)
	if strings.Contains(p.body, `name="password"`) {
		t.Fatal("the login page offers a password for an SSO-only domain")
	}
	b := newBrowser(t)
	p = b.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	if p.status != http.StatusForbidden || b.session(e.pub) != "" {
		t.Fatalf("password on an SSO-only domain: %d", p.status)
	}
	mustContain(t, p, usecase.MsgSSOOnly)
	if st, _ := open.me(e.pub); st != http.StatusUnauthorized {
		t.Fatalf("an open password session survived SSO-only: %d", st)
	}
	if st, _ := e.api(http.MethodGet, "/api/v1/me", acme.token, nil); st != http.StatusOK {
		t.Fatalf("API tokens must keep working under SSO-only: %d", st)
	}
	// Another domain (no integration): password only, and allowed.
	p = newBrowser(t).get(e.pub + "/login?email=someone%40elsewhere.test")
	if strings.Contains(p.body, "Sign in with Okta") || !strings.Contains(p.body, `name="password"`) {
		t.Fatalf("no integration: the page must offer the password only\n%s", p.body)
	}
}

// An email in several companies: the page asks which, only once the password fits.
func TestPasswordCompanyQuestion(t *testing.T) {
	e := newEnv(t, 1)
	svc := e.apps[0].Service
	var owners []core.User
	for _, slug := range []string{"gamma", "delta"} {
		res, err := svc.BootstrapCompany(e.ctx, usecase.BootstrapInput{Slug: slug, Name: slug + " Ltd", OwnerEmail: "pat@shared.test", Password: ownerPassword})
		if err != nil {
			t.Fatal(err)
		}
		owners = append(owners, res.Owner)
	}
	if _, err := svc.BootstrapCompany(e.ctx, usecase.BootstrapInput{Slug: "omega", Name: "Omega", OwnerEmail: "pat@shared.test", Password: "another password entirely"}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	if p := b.passwordSignIn(e.pub, "pat@shared.test", "wrong"); p.status != http.StatusUnauthorized || strings.Contains(p.body, "gamma") {
		t.Fatalf("a wrong password must not list companies: %d", p.status)
	}
	p := b.passwordSignIn(e.pub, "pat@shared.test", ownerPassword)
	if p.status != http.StatusOK || b.session(e.pub) != "" {
		t.Fatalf("question: %d", p.status)
	}
	mustContain(t, p, "Which one?", `value="gamma"`, `value="delta"`)
	if strings.Contains(p.body, "omega") || strings.Contains(p.body, ownerPassword) {
		t.Fatal("the question lists a company whose password did not fit, or echoes the password")
	}
	p = b.passwordSignIn(e.pub, "pat@shared.test", ownerPassword, "company", "delta")
	if p.status != http.StatusOK || p.url.Path != "/" {
		t.Fatalf("answer: %d %s", p.status, p.url)
	}
	// Signing in where the password fits is no failed attempt on omega, whose
	// account has another password; a wrong password is one, in every company.
	omega, err := e.db.Companies().BySlug(e.ctx, "omega")
	if err != nil {
		t.Fatal(err)
	}
	failures := func() int {
		entries, err := e.db.Audit().List(e.ctx, omega.ID, ports.AuditQuery{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, en := range entries {
			if en.Action == "signin.password_failed" {
				n++
			}
		}
		return n
	}
	before := failures()
	if before != 1 { // the wrong password above
		t.Fatalf("omega's failed sign-ins after one wrong password: %d", before)
	}
	newBrowser(t).passwordSignIn(e.pub, "pat@shared.test", ownerPassword, "company", "gamma")
	if n := failures(); n != before {
		t.Fatalf("a sign-in to gamma was audited as %d failed sign-ins in omega", n-before)
	}
	if st, body := b.me(e.pub); st != http.StatusOK || !strings.Contains(body, owners[1].ID) {
		t.Fatalf("signed in to the wrong company: %s", body)
	}
}

// A POST from another site is refused; an empty password just moves to the ways in.
func TestCrossOriginAndContinue(t *testing.T) {
	e := newEnv(t, 1)
	e.newTenant("acme", "acme.test", startIdP(t), false)
	b := newBrowser(t)
	for _, path := range []string{"/login/password", "/login/okta", "/logout"} {
		p := b.post(e.pub+path, url.Values{"email": {"owner@acme.test"}, "password": {ownerPassword}},
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if p.status != http.StatusForbidden || b.session(e.pub) != "" {
			t.Fatalf("cross-site POST %s: %d", path, p.status)
		}
	}
	p := b.passwordSignIn(e.pub, "owner@acme.test", "")
	if p.status != http.StatusOK || p.url.Path != "/login" || p.url.Query().Get("email") != "owner@acme.test" {
		t.Fatalf("continue: %d %s", p.status, p.url)
	}
	mustContain(t, p, "Sign in with Okta", "Sign in with password", "Use another email")
}

// Sessions end after 2 idle hours and after 12 hours whatever the activity; activity
// is recorded at most once a minute.
func TestSessionExpiry(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	b := newBrowser(t)
	b.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	hash := core.HashToken(b.session(e.pub))
	seen := func() time.Time {
		s, err := e.db.Sessions().ByHash(e.ctx, hash)
		if err != nil {
			t.Fatal(err)
		}
		return s.LastSeenAt
	}
	first := seen()
	for range 3 {
		b.me(e.pub)
	}
	if !seen().Equal(first) {
		t.Fatal("every request wrote the session")
	}
	e.clock.advance(90 * time.Second)
	b.me(e.pub)
	if !seen().After(first) {
		t.Fatal("activity not recorded after a minute")
	}
	e.clock.advance(2*time.Hour + time.Minute)
	if st, _ := b.me(e.pub); st != http.StatusUnauthorized {
		t.Fatalf("idle session: %d", st)
	}
	if acme.sessionsOf(acme.owner.ID) != 0 {
		t.Fatal("the idle session is still stored")
	}

	b = newBrowser(t)
	b.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	for i := 1; i <= 6; i++ { // active every 1h50: alive up to 11h
		e.clock.advance(110 * time.Minute)
		if st, _ := b.me(e.pub); st != http.StatusOK {
			t.Fatalf("an active session ended after %v", time.Duration(i)*110*time.Minute)
		}
	}
	e.clock.advance(110 * time.Minute)
	if st, _ := b.me(e.pub); st != http.StatusUnauthorized {
		t.Fatalf("a 12h50 session still works: %d", st)
	}
}

// Failed password sign-ins count against the client's address (--auth-fail-limit):
// over the limit even the right password waits.
func TestPasswordFailuresAreRateLimited(t *testing.T) {
	e := newEnv(t, 1, func(c *bootstrap.Config) { c.AuthFailLimit = 3 })
	e.newTenant("acme", "acme.test", startIdP(t), false)
	b := newBrowser(t)
	for i := range 3 {
		if p := b.passwordSignIn(e.pub, "owner@acme.test", "guess"+strconv.Itoa(i)); p.status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, p.status)
		}
	}
	p := b.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	if p.status != http.StatusTooManyRequests || b.session(e.pub) != "" || p.header.Get("Retry-After") == "" {
		t.Fatalf("over the limit: %d, Retry-After %q", p.status, p.header.Get("Retry-After"))
	}
	mustContain(t, p, "Too many failed sign-ins", "Try again in ")
}

// A company's SSO-only governs its own accounts: the same address in another company
// (a contractor, an owner of two companies) keeps that company's password sign-in and
// its open session, and the answer for a wrong password says nothing of it.
func TestSSOOnlyGovernsOnlyItsOwnCompany(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	beta, err := e.apps[0].Service.BootstrapCompany(e.ctx, usecase.BootstrapInput{Slug: "beta", Name: "Beta Inc",
		OwnerEmail: "owner@acme.test", Password: "beta's own password, long enough"})
	if err != nil {
		t.Fatal(err)
	}
	open := newBrowser(t)
	if p := open.passwordSignIn(e.pub, "owner@acme.test", "beta's own password, long enough"); p.status != http.StatusOK {
		t.Fatalf("beta sign-in before SSO-only: %d", p.status)
	}
	acme.saveIntegration(idp.URL(), true)

	if st, body := open.me(e.pub); st != http.StatusOK || !strings.Contains(body, beta.Owner.ID) {
		t.Fatalf("acme's SSO-only ended a session in beta: %d %s", st, body)
	}
	b := newBrowser(t)
	p := b.passwordSignIn(e.pub, "owner@acme.test", "beta's own password, long enough")
	if p.status != http.StatusOK || p.url.Path != "/" {
		t.Fatalf("beta's password sign-in under acme's SSO-only: %d %s", p.status, p.url)
	}
	if st, body := b.me(e.pub); st != http.StatusOK || !strings.Contains(body, beta.Owner.ID) {
		t.Fatalf("signed in to the wrong account: %d %s", st, body)
	}
	// acme's own account, with acme's password, stays refused; so does a wrong
	// password, with the same answer as for an address that has no other account.
	for _, pw := range []string{ownerPassword, "not the password of anyone"} {
		b := newBrowser(t)
		p := b.passwordSignIn(e.pub, "owner@acme.test", pw)
		if p.status != http.StatusForbidden || b.session(e.pub) != "" {
			t.Fatalf("password %q on acme's SSO-only domain: %d", pw, p.status)
		}
		mustContain(t, p, usecase.MsgSSOOnly)
	}
	if p := newBrowser(t).passwordSignIn(e.pub, "nobody@acme.test", "not the password of anyone"); p.status != http.StatusForbidden {
		t.Fatalf("unknown address on an SSO-only domain: %d", p.status)
	}
}
