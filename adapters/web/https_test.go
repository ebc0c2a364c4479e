package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"harriet/adapters/keys"
	"harriet/bootstrap"
	"harriet/core/usecase"
)

// With an https public URL the cookies are Secure and the session cookie carries
// the __Host- prefix, so no other site or sub-domain can set or read it.
func TestSecureCookiesOnHTTPS(t *testing.T) {
	cfg := bootstrap.DefaultConfig()
	cfg.Store = "bbolt:" + filepath.Join(t.TempDir(), "harriet.db")
	cfg.PublicURL = "https://harriet.example"
	key, _ := keys.FromBytes(bytes.Repeat([]byte{9}, keys.Size))
	app, err := bootstrap.NewApp(context.Background(), cfg, bootstrap.WithRootKey(key),
		bootstrap.WithLogger(bootstrap.NewLogger(bootstrap.LogJSON, &syncBuffer{})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = app.Close() })
	if _, err := app.Service.BootstrapCompany(context.Background(), usecase.BootstrapInput{
		Slug: "acme", Name: "Acme", OwnerEmail: "owner@acme.test", Password: ownerPassword}); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"email": {"owner@acme.test"}, "password": {ownerPassword}}
	req := httptest.NewRequest(http.MethodPost, "https://harriet.example/login/password", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	app.Handler.ServeHTTP(rec, req)
	ck := rec.Header().Get("Set-Cookie")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(ck, "__Host-harriet_session=") ||
		!strings.Contains(ck, "; Secure") || !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "Path=/;") {
		t.Fatalf("%d %q", rec.Code, ck)
	}
	me := httptest.NewRequest(http.MethodGet, "https://harriet.example/api/v1/me", nil)
	me.Header.Set("Cookie", strings.SplitN(ck, ";", 2)[0])
	rec = httptest.NewRecorder()
	app.Handler.ServeHTTP(rec, me)
	if rec.Code != http.StatusOK {
		t.Fatalf("me with the secure cookie: %d %s", rec.Code, rec.Body)
	}
}
