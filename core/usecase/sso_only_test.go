package usecase_test

import (
	"bytes"
	"testing"

	"harriet/core"
)

func TestSetSSOOnlyAsOperator(t *testing.T) {
	e := newAdminEnv(t)
	res := e.bootstrap("acme")
	wantKind(t, e.svc.SetSSOOnlyAsOperator(e.ctx, "acme", false), core.NotFound, "no Okta integration")
	wantKind(t, e.svc.SetSSOOnlyAsOperator(e.ctx, "nope", false), core.NotFound, "nope")

	in := firstSave()
	on := true
	in.SSOOnly = &on
	saved, err := e.svc.SaveIntegration(e.ctx, e.signedIn(res.Owner), in)
	if err != nil || !saved.SSOOnly {
		t.Fatalf("%+v %v", saved, err)
	}
	if err := e.svc.SetSSOOnlyAsOperator(e.ctx, "acme", false); err != nil {
		t.Fatal(err)
	}
	after, _ := e.db.Integrations().Get(e.ctx, res.Company.ID)
	if after.SSOOnly || after.Domain != saved.Domain || !bytes.Equal(after.SecretSealed, saved.SecretSealed) {
		t.Fatalf("after %+v", after)
	}
	entries := e.audit(res.Company.ID, "integration.sso_only")
	if len(entries) != 1 || entries[0].Actor.Kind != core.ActorOperator || entries[0].Details["sso_only"] != false {
		t.Fatalf("entries %+v", entries)
	}
}
