package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"harriet/adapters/devidp"
	"harriet/adapters/keys"
)

// A client secret saved through a node started with another key does not open on
// this one: its Okta sign-ins fail, and /readyz says why, so a load balancer stops
// sending it traffic, until the secret is saved again through this node.
func TestNodeWithAnotherKeyIsNotReady(t *testing.T) {
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	if st, _ := readyz(t, e.pub); st != http.StatusOK {
		t.Fatalf("readyz before: %d", st)
	}

	otherRoot, _ := keys.FromBytes(bytes.Repeat([]byte{8}, keys.Size))
	other, err := keys.NewSecretBox(otherRoot, keys.PurposeOktaClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	in, err := e.db.Integrations().Get(e.ctx, acme.company.ID)
	if err != nil {
		t.Fatal(err)
	}
	if in.SecretSealed, err = other.Seal(acme.company.ID, []byte("secret-of-acme-0123456789abcdef")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Integrations().Put(e.ctx, in); err != nil { // as the other node saves it
		t.Fatal(err)
	}
	if p := newBrowser(t).oktaSignIn(e.pub, "ada@acme.test"); p.status != http.StatusBadRequest {
		t.Fatalf("a sign-in with a secret this node cannot open: %d", p.status)
	}
	st, body := readyz(t, e.pub)
	if st != http.StatusServiceUnavailable || !strings.Contains(body, "Give every node the same key") || !strings.Contains(body, acme.company.ID) {
		t.Fatalf("readyz on the node with another key: %d %s", st, body)
	}
	if strings.Contains(body, "Acme") {
		t.Fatal("readyz names the company")
	}

	acme.saveIntegration(idp.URL(), false) // saved again through this node
	if p := newBrowser(t).oktaSignIn(e.pub, "ada@acme.test"); p.status != http.StatusOK {
		t.Fatalf("a sign-in after the secret was saved through this node: %d", p.status)
	}
	if st, body := readyz(t, e.pub); st != http.StatusOK {
		t.Fatalf("readyz after: %d %s", st, body)
	}
}

func readyz(t *testing.T, base string) (int, string) {
	t.Helper()
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var v map[string]any
	if json.Unmarshal(b, &v) != nil {
		t.Fatalf("readyz is not JSON: %s", b)
	}
	return res.StatusCode, string(b)
}

// While the store cannot be used, the pages answer 503 with Retry-After, as SCIM
// and the API do, so a browser or a proxy knows to come back.
func TestPagesSay503WithRetryAfter(t *testing.T) {
	e := newEnv(t, 1)
	e.newTenant("acme", "acme.test", startIdP(t), false)
	signedIn := newBrowser(t)
	signedIn.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]page{
		"password sign-in": newBrowser(t).passwordSignIn(e.pub, "owner@acme.test", ownerPassword),
		"Okta sign-in":     newBrowser(t).oktaSignIn(e.pub, "ada@acme.test"),
		"a signed-in page": signedIn.get(e.pub + "/settings/users"),
	} {
		if p.status != http.StatusServiceUnavailable || p.header.Get("Retry-After") == "" {
			t.Errorf("%s with the store closed: %d, Retry-After %q", name, p.status, p.header.Get("Retry-After"))
		}
	}
}
