package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"harriet/adapters/boltstore"
	"harriet/adapters/devidp"
	"harriet/adapters/keys"
	"harriet/bootstrap"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
	"harriet/tests/syncbuf"
)

// env is Harriet wired by bootstrap on a temp bbolt file, served on loopback by one
// or more Apps sharing that store (nodes behind one public URL), with development
// OpenID providers standing in for Okta.
type env struct {
	t     testing.TB
	ctx   context.Context
	db    ports.Database
	apps  []*bootstrap.App
	urls  []string // where each App listens
	pub   string   // the public URL every App is configured with
	clock *testClock
	logs  *syncBuffer
	// tenants are the companies made by newTenant, by slug.
	tenants map[string]*tenant
}

// testClock is the wall clock plus an offset a test can move forward.
type testClock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off).UTC().Truncate(time.Millisecond)
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// syncBuffer is a log sink safe for the goroutines that write to it.
type syncBuffer = syncbuf.Buffer

// newEnv starts n Apps on one bbolt store. The first App's address is the public
// URL of them all, as nodes behind one load balancer.
func newEnv(t testing.TB, n int, tweaks ...func(*bootstrap.Config)) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "harriet.db")
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return newEnvOn(t, n, db, "bbolt:"+path, tweaks...)
}

// newEnvOn starts n Apps on an open store; store is its --store value. tweaks
// change the settings every App gets.
func newEnvOn(t testing.TB, n int, db ports.Database, store string, tweaks ...func(*bootstrap.Config)) *env {
	t.Helper()
	key, _ := keys.FromBytes(bytes.Repeat([]byte{7}, keys.Size))
	e := &env{t: t, ctx: context.Background(), db: db, clock: &testClock{}, logs: &syncBuffer{}}
	for i := range n {
		l, u, err := bootstrap.ListenLocal()
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			e.pub = u
		}
		cfg := bootstrap.DefaultConfig()
		cfg.Store, cfg.PublicURL, cfg.AllowInsecureIdP, cfg.SCIMRate = store, e.pub, true, 0
		for _, tw := range tweaks {
			tw(&cfg)
		}
		app, err := bootstrap.NewApp(e.ctx, cfg, bootstrap.WithDatabase(db), bootstrap.WithRootKey(key),
			bootstrap.WithClock(e.clock), bootstrap.WithLogger(bootstrap.NewLogger(bootstrap.LogJSON, e.logs)))
		if err != nil {
			t.Fatal(err)
		}
		srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: app.Handler}}
		srv.Start()
		t.Cleanup(srv.Close)
		e.apps, e.urls = append(e.apps, app), append(e.urls, u)
	}
	return e
}

func startIdP(t testing.TB) *devidp.Provider {
	t.Helper()
	idp, err := devidp.Start(devidp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Close() })
	return idp
}

// tenant is a bootstrapped company with its owner's API token and its Okta
// integration pointing at idp.
type tenant struct {
	e        *env
	company  core.Company
	owner    core.User
	token    string
	domain   string
	clientID string
	idp      *devidp.Provider
}

// ownerPassword is every bootstrapped owner's password.
const ownerPassword = "correct horse battery staple"

// newTenant bootstraps slug with an owner at domain and saves its integration.
func (e *env) newTenant(slug, domain string, idp *devidp.Provider, ssoOnly bool) *tenant {
	t := e.t
	t.Helper()
	res, err := e.apps[0].Service.BootstrapCompany(e.ctx, usecase.BootstrapInput{Slug: slug, Name: strings.ToUpper(slug[:1]) + slug[1:] + " Inc",
		OwnerEmail: "owner@" + domain, Password: ownerPassword})
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := e.apps[0].Service.IssueTokenAsOperator(e.ctx, slug, "owner@"+domain, "setup", core.ScopePersonal)
	if err != nil {
		t.Fatal(err)
	}
	tn := &tenant{e: e, company: res.Company, owner: res.Owner, token: tok, domain: domain, clientID: "0oa" + slug, idp: idp}
	idp.AddClient(devidp.Client{ID: tn.clientID, Secret: "secret-of-" + slug + "-0123456789abcdef",
		RedirectURIs: []string{e.pub + "/bots/okta/callback/"}})
	tn.saveIntegration(idp.URL(), ssoOnly)
	if e.tenants == nil {
		e.tenants = map[string]*tenant{}
	}
	e.tenants[slug] = tn
	return tn
}

func (tn *tenant) saveIntegration(loginDomain string, ssoOnly bool) {
	t := tn.e.t
	t.Helper()
	st, body := tn.e.api(http.MethodPut, "/api/v1/integrations/okta", tn.token, map[string]any{
		"domain": tn.domain, "client_id": tn.clientID, "login_domain": loginDomain,
		"client_secret": "secret-of-" + tn.company.Slug + "-0123456789abcdef", "sso_only": ssoOnly})
	if st != http.StatusOK || body["discovery"].(map[string]any)["status"] != "ok" {
		t.Fatalf("saving the integration: %d %v", st, body)
	}
}

// provision creates a user over SCIM, as Okta does, and returns its ID.
func (tn *tenant) provision(email string) string {
	t := tn.e.t
	t.Helper()
	st, body := tn.e.api(http.MethodPost, "/scim/v2/Users", tn.token, map[string]any{
		"schemas":  []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName": email, "active": true,
		"name":   map[string]any{"givenName": "Ada", "familyName": "Lovelace"},
		"emails": []map[string]any{{"value": email, "primary": true, "type": "work"}},
	})
	if st != http.StatusCreated {
		t.Fatalf("SCIM create %s: %d %v", email, st, body)
	}
	return body["id"].(string)
}

// deactivate deactivates a user over SCIM as Okta does (PATCH without a path).
func (tn *tenant) deactivate(id string) {
	t := tn.e.t
	t.Helper()
	st, body := tn.e.api(http.MethodPatch, "/scim/v2/Users/"+id, tn.token, map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []map[string]any{{"op": "replace", "value": map[string]any{"active": false}}},
	})
	if st != http.StatusOK {
		t.Fatalf("SCIM deactivate: %d %v", st, body)
	}
}

// user reads a user from the store.
func (tn *tenant) user(id string) core.User {
	tn.e.t.Helper()
	u, err := tn.e.db.Users().Get(tn.e.ctx, tn.company.ID, id)
	if err != nil {
		tn.e.t.Fatal(err)
	}
	return u
}

// sessionsOf ends and counts the user's sessions in the store: how many were open.
func (tn *tenant) sessionsOf(userID string) int {
	n, err := tn.e.db.Sessions().DeleteForUser(tn.e.ctx, tn.company.ID, userID)
	if err != nil {
		tn.e.t.Fatal(err)
	}
	return n
}

// api calls the JSON API (or SCIM) with a bearer token on the first App.
func (e *env) api(method, path, token string, body any) (int, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.urls[0]+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		ct := "application/json"
		if strings.HasPrefix(path, "/scim/") {
			ct = "application/scim+json"
		}
		req.Header.Set("Content-Type", ct)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

// auditActions lists the company's audit actions, newest first.
func (tn *tenant) auditActions() []string {
	entries, err := tn.e.db.Audit().List(tn.e.ctx, tn.company.ID, portsAuditAll())
	if err != nil {
		tn.e.t.Fatal(err)
	}
	var out []string
	for _, a := range entries {
		out = append(out, a.Action)
	}
	return out
}

func newJar(t testing.TB) *cookiejar.Jar {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return jar
}

func mustURL(t testing.TB, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (e *env) tenantBySlug(slug string) *tenant { return e.tenants[slug] }
