package usecase_test

import (
	"bytes"
	"errors"
	"testing"

	"harriet/adapters/keys"
	"harriet/core"
	"harriet/core/usecase"
)

// The operator clears a company's client secret (its key is lost): the rest of the
// integration stays, SSO-only goes off, the key check passes with any key, and the
// next save must give a secret again.
func TestForgetSecretAsOperator(t *testing.T) {
	e := newAdminEnv(t)
	res := e.bootstrap("acme")
	owner := e.signedIn(res.Owner)
	_, err := e.svc.ForgetSecretAsOperator(e.ctx, "acme")
	wantKind(t, err, core.NotFound, "no Okta integration")
	_, err = e.svc.ForgetSecretAsOperator(e.ctx, "nope")
	wantKind(t, err, core.NotFound, "nope")

	in := firstSave()
	on := true
	in.SSOOnly = &on
	saved, err := e.svc.SaveIntegration(e.ctx, owner, in)
	if err != nil {
		t.Fatal(err)
	}
	// with a lost key, the service has another one: forgetting never opens the secret
	otherRoot, _ := keys.FromBytes(bytes.Repeat([]byte{7}, keys.Size))
	other, err := keys.NewSecretBox(otherRoot, keys.PurposeOktaClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, usecase.CheckSecretKey(e.ctx, e.db, other), core.Precondition, "forget-secret --company SLUG` for acme and")
	e.svc.Secrets = other
	got, err := e.svc.ForgetSecretAsOperator(e.ctx, " acme ")
	if err != nil || !got.SecretWasSet || !got.SSOOnlyWas {
		t.Fatalf("forget: %+v %v", got, err)
	}
	after, _ := e.db.Integrations().Get(e.ctx, res.Company.ID)
	if len(after.SecretSealed) != 0 || after.SSOOnly || after.Domain != saved.Domain || after.ClientID != saved.ClientID ||
		after.LoginDomain != saved.LoginDomain || after.Issuer != saved.Issuer || after.Discovery.Status != saved.Discovery.Status {
		t.Fatalf("after %+v", after)
	}
	if err := usecase.CheckSecretKey(e.ctx, e.db, other); err != nil {
		t.Fatalf("the key check after forgetting: %v", err)
	}
	entries := e.audit(res.Company.ID, "integration.forget_secret")
	if len(entries) != 1 || entries[0].Actor.Kind != core.ActorOperator || entries[0].Details["secret_was_set"] != true ||
		entries[0].Details["sso_only_was"] != true || entries[0].Target.ID != res.Company.ID {
		t.Fatalf("entries %+v", entries)
	}

	// a save that keeps "the saved secret" has none to keep: refused, nothing changes
	_, err = e.svc.SaveIntegration(e.ctx, owner, usecase.SaveIntegrationInput{SSOOnly: &on})
	wantKind(t, err, core.Invalid, "Secret key (client_secret) is required")
	var ce *core.Error
	if !errors.As(err, &ce) || ce.Field != "client_secret" {
		t.Fatalf("field of %v", err)
	}
	if still, _ := e.db.Integrations().Get(e.ctx, res.Company.ID); still.SSOOnly || still.Version != after.Version {
		t.Fatalf("a refused save changed %+v", still)
	}
	saved, err = e.svc.SaveIntegration(e.ctx, owner, usecase.SaveIntegrationInput{ClientSecret: "secret-2", SSOOnly: &on})
	if err != nil || !saved.SSOOnly {
		t.Fatalf("save with a new secret: %+v %v", saved, err)
	}
	if plain, err := other.Open(res.Company.ID, saved.SecretSealed); err != nil || string(plain) != "secret-2" {
		t.Fatalf("the new secret under the new key: %q %v", plain, err)
	}

	// forgetting again where SSO-only is off reports that
	if err := e.svc.SetSSOOnlyAsOperator(e.ctx, "acme", false); err != nil {
		t.Fatal(err)
	}
	if got, err := e.svc.ForgetSecretAsOperator(e.ctx, "acme"); err != nil || !got.SecretWasSet || got.SSOOnlyWas {
		t.Fatalf("second forget: %+v %v", got, err)
	}
}
