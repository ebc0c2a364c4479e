package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"harriet/adapters/devidp"
	"harriet/bootstrap"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/tests/fixture"
)

// server is the real Harriet, wired by bootstrap.NewApp, on an httptest listener
// whose URL is its public URL, with a loopback IdP for integrations to point at.
type server struct {
	URL string
	app *bootstrap.App
	idp *devidp.Provider

	noIntegrationOnce  sync.Once
	noIntegrationToken string
}

// startBolt starts a server on a fresh bbolt file.
func startBolt(t *testing.T) *server {
	t.Helper()
	return startServer(t, "bbolt:"+filepath.Join(t.TempDir(), "harriet.db"))
}

// startServer wires an App on the store named like --store (bbolt:PATH or
// mysql:DSN) and serves it until the test ends. The logs are shown when a test
// failed.
func startServer(t *testing.T, store string) *server {
	t.Helper()
	hs := httptest.NewUnstartedServer(nil)
	url := "http://" + hs.Listener.Addr().String()
	cfg := bootstrap.DefaultConfig()
	cfg.Store, cfg.PublicURL, cfg.AllowInsecureIdP = store, url, true
	cfg.SecretKey = newSecretKey(t) // MySQL needs one; bbolt takes it instead of a key file
	logs := &syncBuffer{}
	app, err := bootstrap.NewApp(context.Background(), cfg, bootstrap.WithLogger(bootstrap.NewLogger(bootstrap.LogJSON, logs)))
	if err != nil {
		hs.Listener.Close()
		t.Fatalf("bootstrap.NewApp on %s: %v", storeKind(store), err)
	}
	hs.Config.Handler = app.Handler
	hs.Start()
	t.Cleanup(func() {
		hs.Close()
		if err := app.Close(); err != nil {
			t.Errorf("closing the app: %v", err)
		}
		if t.Failed() {
			t.Logf("--- server log (tail)\n%s", logs.tail(8000))
		}
	})
	return &server{URL: url, app: app, idp: startIdP(t)}
}

func storeKind(store string) string {
	for i, c := range store {
		if c == ':' {
			return store[:i]
		}
	}
	return store
}

func newSecretKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// company is a bootstrapped company as a test uses it.
type company struct {
	Slug, OwnerEmail, OwnerID, Domain string
	Token                             string // the Owner's personal API token
}

// newCompany bootstraps a company with its primary Owner, issues the Owner a
// personal token (README: "token" is an Owner's personal token) and, when
// withIntegration, saves its Okta integration with a domain of its own through the
// admin API.
func (s *server) newCompany(t testing.TB, withIntegration bool) company {
	t.Helper()
	ctx := context.Background()
	run := fixture.NewRunNumber()
	c := company{Slug: "e2e-" + run, OwnerEmail: "owner." + run + "@c" + run + ".acme.test", Domain: "c" + run + ".acme.test"}
	res, err := s.app.Service.BootstrapCompany(ctx, usecase.BootstrapInput{
		Slug: c.Slug, Name: "E2E Company " + run, OwnerEmail: c.OwnerEmail, OwnerName: "Owner Person",
		Password: "e2e-password-" + run,
	})
	if err != nil {
		t.Fatalf("bootstrapping company %s: %v", c.Slug, err)
	}
	c.OwnerID = res.Owner.ID
	c.Token, _, err = s.app.Service.IssueTokenAsOperator(ctx, c.Slug, c.OwnerEmail, "e2e owner token", core.ScopePersonal)
	if err != nil {
		t.Fatalf("issuing the owner's token for %s: %v", c.Slug, err)
	}
	if withIntegration {
		saveIntegration(t, newClient(s.URL, c.Token), c.Domain, s.idp.URL())
	}
	return c
}

// target is a fresh company with its integration saved, plus a company without
// one for the "no-integration" precondition: what one fixture run needs. The
// company without an integration is only read, so fixtures share one.
func (s *server) target(t testing.TB) fixture.Target {
	t.Helper()
	s.noIntegrationOnce.Do(func() { s.noIntegrationToken = s.newCompany(t, false).Token })
	if s.noIntegrationToken == "" {
		t.Fatal("the company without an integration could not be set up (see the first fixture's failure)")
	}
	return fixture.Target{BaseURL: s.URL, Token: s.newCompany(t, true).Token, NoIntegrationToken: s.noIntegrationToken}
}

// syncBuffer is a log sink the server's goroutines may write to concurrently.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) tail(n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.b.Bytes()
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
