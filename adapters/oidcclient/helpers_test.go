package oidcclient_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"testing"
	"time"

	"harriet/adapters/devidp"
	"harriet/adapters/oidcclient"
	"harriet/ports"
)

const redirectURI = "http://127.0.0.1:9/bots/okta/callback/"

// rig is a development provider with one client and one user, and a Client.
type rig struct {
	idp    *devidp.Provider
	client *oidcclient.Client
	oc     ports.OIDCClient
	user   devidp.User
}

func newRig(t *testing.T, opts oidcclient.Options) *rig {
	t.Helper()
	idp, err := devidp.Start(devidp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Close() })
	idp.AddClient(devidp.Client{ID: "0oaclient", Secret: "a-long-client-secret-for-tests-0123456789", RedirectURIs: []string{redirectURI}})
	u := idp.AddUser(devidp.User{Email: "ada@acme.test", GivenName: "Ada", FamilyName: "Lovelace"})
	c := oidcclient.New(opts)
	d, err := c.Discover(context.Background(), idp.Issuer(""))
	if err != nil {
		t.Fatal(err)
	}
	oc := ports.OIDCClient{CompanyID: "c1", Version: 1, Issuer: idp.Issuer(""), ClientID: "0oaclient",
		ClientSecret: "a-long-client-secret-for-tests-0123456789", RedirectURI: redirectURI, Metadata: d.Metadata}
	return &rig{idp: idp, client: c, oc: oc, user: u}
}

// code runs the authorization step as a browser would and returns the code, the
// verifier and the nonce.
func (r *rig) code(t *testing.T) (code, verifier, nonce string) {
	t.Helper()
	verifier, nonce = random(), random()
	sum := sha256.Sum256([]byte(verifier))
	u, err := r.client.AuthCodeURL(context.Background(), r.oc, ports.AuthRequest{
		State: "st", Nonce: nonce, CodeChallenge: base64.RawURLEncoding.EncodeToString(sum[:]), LoginHint: r.user.Login})
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if loc.Query().Get("state") != "st" {
		t.Fatalf("state not returned: %v", loc)
	}
	return loc.Query().Get("code"), verifier, nonce
}

func random() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
