package usecase_test

import (
	"bytes"
	"strings"
	"testing"

	"harriet/adapters/keys"
	"harriet/core"
	"harriet/core/usecase"
)

// The start-up key check: a store without saved secrets takes any key, the key the
// secrets were sealed with opens them, another key is refused, and one unreadable
// record does not stop a server whose key opens the others.
func TestCheckSecretKey(t *testing.T) {
	e := newAdminEnv(t)
	otherRoot, _ := keys.FromBytes(bytes.Repeat([]byte{1}, keys.Size))
	other, err := keys.NewSecretBox(otherRoot, keys.PurposeOktaClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	e.bootstrap("acme")
	if err := usecase.CheckSecretKey(e.ctx, e.db, other); err != nil {
		t.Fatalf("a store without saved secrets: %v", err)
	}
	for _, slug := range []string{"globex", "initech"} {
		res := e.bootstrap(slug)
		_, err := e.svc.SaveIntegration(e.ctx, e.signedIn(res.Owner), usecase.SaveIntegrationInput{
			Domain: slug + ".com", ClientID: "0oa" + slug, LoginDomain: slug + ".okta.com", ClientSecret: "secret-of-" + slug})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := usecase.CheckSecretKey(e.ctx, e.db, e.svc.Secrets); err != nil {
		t.Fatalf("the store's own key: %v", err)
	}
	err = usecase.CheckSecretKey(e.ctx, e.db, other)
	wantKind(t, err, core.Precondition, "does not open the Okta client secrets saved in this store (none of 2 opens)")
	for _, want := range []string{"if it is lost run `harriet integration forget-secret --company SLUG` for each of ", "globex", "initech"} {
		wantKind(t, err, core.Precondition, want) // the way out when the key is lost, and for which companies
	}
	if strings.Contains(core.MessageOf(err), "acme") {
		t.Fatalf("a company without a saved secret is named: %v", err)
	}

	// a secret that does not open among good ones (saved through a node with another
	// key, or damaged): that company could not sign in, so the start stops, naming it
	globex, err := e.db.Companies().BySlug(e.ctx, "globex")
	if err != nil {
		t.Fatal(err)
	}
	in, err := e.db.Integrations().Get(e.ctx, globex.ID)
	if err != nil {
		t.Fatal(err)
	}
	in.SecretSealed = append([]byte{}, in.SecretSealed[:len(in.SecretSealed)-1]...)
	if _, err := e.db.Integrations().Put(e.ctx, in); err != nil {
		t.Fatal(err)
	}
	err = usecase.CheckSecretKey(e.ctx, e.db, e.svc.Secrets)
	for _, want := range []string{"opens the Okta client secrets of 1 company but not those of globex", "every node the same key", "forget-secret --company SLUG` for globex"} {
		wantKind(t, err, core.Precondition, want)
	}
	if strings.Contains(core.MessageOf(err), "initech") {
		t.Fatalf("a company whose secret opens is named: %v", err)
	}
}
