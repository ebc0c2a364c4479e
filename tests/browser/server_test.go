package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"harriet/adapters/devidp"
	"harriet/bootstrap"
	"harriet/core/usecase"
)

// server is Harriet wired by bootstrap on a temp bbolt store with one company,
// and the development OpenID provider standing in for the company's Okta.
type server struct {
	app      *bootstrap.App
	url      string
	idp      *devidp.Provider
	owner    string
	password string
	logs     *syncBuffer
}

const (
	clientID     = "0oa-acme-harriet"
	clientSecret = "dev-client-secret-of-acme-0123456789"
)

func startServer(t *testing.T) *server {
	t.Helper()
	l, u, err := bootstrap.ListenLocal()
	if err != nil {
		t.Fatal(err)
	}
	cfg := bootstrap.DefaultConfig()
	cfg.Store, cfg.PublicURL = "bbolt:"+filepath.Join(t.TempDir(), "harriet.db"), u
	cfg.AllowInsecureIdP, cfg.SCIMRate = true, 0
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	app, err := bootstrap.NewApp(ctx, cfg, bootstrap.WithLogger(bootstrap.NewLogger(bootstrap.LogJSON, logs)))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = app.Serve(ctx, l); close(done) }()
	t.Cleanup(func() { cancel(); <-done; _ = app.Close() })
	idp, err := devidp.Start(devidp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Close() })
	idp.AddClient(devidp.Client{ID: clientID, Secret: clientSecret, RedirectURIs: []string{u + "/bots/okta/callback/"}})
	s := &server{app: app, url: u, idp: idp, owner: "olivia@acme.test", password: "a demo password for olivia", logs: logs}
	_, err = app.Service.BootstrapCompany(ctx, usecase.BootstrapInput{Slug: "acme", Name: "Acme Inc",
		OwnerEmail: s.owner, OwnerName: "Olivia Owner", Password: s.password})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// scim sends one SCIM request as Okta does and decodes the answer.
func (s *server) scim(t *testing.T, token, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+"/scim/v2"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]any{}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// provision creates a user over SCIM and returns its ID.
func (s *server) provision(t *testing.T, token, email, given, family string) string {
	t.Helper()
	st, body := s.scim(t, token, http.MethodPost, "/Users", map[string]any{
		"schemas":  []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName": email, "active": true, "name": map[string]any{"givenName": given, "familyName": family},
		"emails": []map[string]any{{"value": email, "primary": true, "type": "work"}},
	})
	if st != http.StatusCreated {
		t.Fatalf("SCIM POST /Users %s: %d %v", email, st, body)
	}
	return body["id"].(string)
}

// pushGroup pushes a group with members as Okta's Group Push does.
func (s *server) pushGroup(t *testing.T, token, name string, members ...string) string {
	t.Helper()
	var ms []map[string]any
	for _, m := range members {
		ms = append(ms, map[string]any{"value": m})
	}
	st, body := s.scim(t, token, http.MethodPost, "/Groups", map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": name, "members": ms})
	if st != http.StatusCreated {
		t.Fatalf("SCIM POST /Groups %s: %d %v", name, st, body)
	}
	return body["id"].(string)
}
