// Package harness starts the real Harriet server for end-to-end tests and
// benchmarks: bootstrap.NewApp on a store named like --store, served on an httptest
// listener whose URL is the public URL, with a loopback OpenID provider for
// integrations to point at, and companies set up as an operator and an admin would
// (bootstrap, the Owner's personal token, the Okta integration saved over the API).
// Target turns a fresh company into a fixture.Target for the Okta fixture runner.
package harness

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"harriet/adapters/devidp"
	"harriet/bootstrap"
	"harriet/tests/fixture"
)

// Server is the real Harriet, wired by bootstrap.NewApp, serving until the test ends.
type Server struct {
	URL string // the origin, also the public URL
	App *bootstrap.App
	// IdP is a development OpenID provider on loopback; integrations saved by
	// NewCompany use it as Login Domain (the App runs with AllowInsecureIdP), so
	// nothing a save checks ever leaves 127.0.0.1.
	IdP *devidp.Provider

	logs               *syncBuffer
	noIntegrationOnce  sync.Once
	noIntegrationToken string
}

// StartBolt starts a server on a fresh bbolt file in a temp directory.
func StartBolt(t testing.TB) *Server {
	t.Helper()
	return Start(t, "bbolt:"+filepath.Join(t.TempDir(), "harriet.db"))
}

// Start wires an App on store (bbolt:PATH or mysql:DSN, as --store takes it) with a
// fresh random secret key and serves it until the test ends; the server's log is
// shown when the test failed. opts go to bootstrap.NewApp: to run a second server
// on the first one's store (two nodes), pass bootstrap.WithDatabase(first.App.DB)
// and bootstrap.WithRootKey(first.App.Root).
func Start(t testing.TB, store string, opts ...bootstrap.Option) *Server {
	t.Helper()
	hs := httptest.NewUnstartedServer(nil)
	url := "http://" + hs.Listener.Addr().String()
	cfg := bootstrap.DefaultConfig()
	if store != "" {
		cfg.Store = store
	}
	cfg.PublicURL, cfg.AllowInsecureIdP = url, true
	cfg.SecretKey = newSecretKey(t) // MySQL needs one; on bbolt it replaces the key file
	logs := &syncBuffer{}
	opts = append([]bootstrap.Option{bootstrap.WithLogger(bootstrap.NewLogger(bootstrap.LogJSON, logs))}, opts...)
	app, err := bootstrap.NewApp(context.Background(), cfg, opts...)
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
	return &Server{URL: url, App: app, IdP: StartIdP(t), logs: logs}
}

// storeKind is the scheme of a --store value, never its target (a DSN may hold a
// password).
func storeKind(store string) string {
	kind, _, _ := strings.Cut(store, ":")
	return kind
}

func newSecretKey(t testing.TB) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// StartIdP runs the development OpenID provider on loopback until the test ends.
func StartIdP(t testing.TB) *devidp.Provider {
	t.Helper()
	idp, err := devidp.Start(devidp.Options{})
	if err != nil {
		t.Fatalf("starting the loopback IdP: %v", err)
	}
	t.Cleanup(func() { _ = idp.Close() })
	return idp
}

// Target is what one Okta fixture run needs: a fresh company with its integration
// saved (a fresh one each time, since group-role-mapping needs a company where the
// role groups were never pushed), and a company without an integration for the
// "no-integration" precondition, which is only read and so shared by the server's
// fixtures.
func (s *Server) Target(t testing.TB) fixture.Target {
	t.Helper()
	s.noIntegrationOnce.Do(func() { s.noIntegrationToken = s.NewCompany(t, false).Token })
	if s.noIntegrationToken == "" {
		t.Fatal("the company without an integration could not be set up (see the first failure)")
	}
	return fixture.Target{BaseURL: s.URL, Token: s.NewCompany(t, true).Token, NoIntegrationToken: s.noIntegrationToken}
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
