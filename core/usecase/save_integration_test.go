package usecase_test

import (
	"context"
	"testing"

	"harriet/core"
	"harriet/core/usecase"
)

// fakeDiscoverer answers discovery as told and records the issuers asked.
type fakeDiscoverer struct {
	result core.Discovery
	err    error
	asked  []string
}

func (f *fakeDiscoverer) Discover(_ context.Context, issuer string) (core.Discovery, error) {
	f.asked = append(f.asked, issuer)
	return f.result, f.err
}

func firstSave() usecase.SaveIntegrationInput {
	return usecase.SaveIntegrationInput{Domain: "Acme.COM", ClientID: "0oa1", LoginDomain: "https://acme.okta.com/oauth2/default/", ClientSecret: " secret-1 "}
}

func TestSaveIntegrationDiscovery(t *testing.T) {
	e := newAdminEnv(t)
	res := e.bootstrap("acme")
	owner := e.signedIn(res.Owner)
	d := &fakeDiscoverer{err: core.InvalidField("login_domain", "The IdP says its issuer is https://login.acme.com, not https://acme.okta.com/oauth2/default.")}
	e.svc.Discoverer = d

	_, err := e.svc.SaveIntegration(e.ctx, owner, firstSave())
	wantKind(t, err, core.Invalid, "https://login.acme.com")
	if _, err := e.db.Integrations().Get(e.ctx, res.Company.ID); !core.IsKind(err, core.NotFound) {
		t.Fatalf("a refused discovery saved: %v", err)
	}
	if len(d.asked) != 1 || d.asked[0] != "https://acme.okta.com/oauth2/default" {
		t.Fatalf("discovery asked for %v", d.asked)
	}

	d.err, d.result = nil, core.Discovery{Status: core.DiscoveryUnreachable, Message: "connection refused"}
	in, err := e.svc.SaveIntegration(e.ctx, owner, firstSave())
	if err != nil || in.Discovery.Status != core.DiscoveryUnreachable || in.Domain != "acme.com" {
		t.Fatalf("unreachable: %+v %v", in, err)
	}
	d.result = core.Discovery{Status: core.DiscoveryOK, Metadata: []byte(`{"issuer":"https://acme.okta.com/oauth2/default"}`)}
	on := true
	in, err = e.svc.SaveIntegration(e.ctx, owner, usecase.SaveIntegrationInput{SSOOnly: &on})
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := e.db.Integrations().Get(e.ctx, res.Company.ID)
	if stored.Discovery.Status != core.DiscoveryOK || string(stored.Discovery.Metadata) == "" || !stored.SSOOnly ||
		stored.Domain != "acme.com" || stored.ClientID != "0oa1" || stored.LoginDomain != "acme.okta.com/oauth2/default" {
		t.Fatalf("stored %+v", stored)
	}
	secret, err := e.svc.Secrets.Open(res.Company.ID, stored.SecretSealed)
	if err != nil || string(secret) != "secret-1" {
		t.Fatalf("secret %q %v", secret, err)
	}
	if in.Version != stored.Version || in.CreatedAt.After(in.UpdatedAt) {
		t.Fatalf("answer %+v, stored %+v", in, stored)
	}
}

func TestSaveIntegrationNeedsPermission(t *testing.T) {
	e := newAdminEnv(t)
	res := e.bootstrap("acme")
	u := e.addUser(res.Company.ID, "support@acme.com", core.RoleSupport, core.RoleManageAPIKeys)
	_, err := e.svc.SaveIntegration(e.ctx, e.signedIn(u), firstSave())
	wantKind(t, err, core.Forbidden, "Manage Integrations")
	_, err = e.svc.GetIntegration(e.ctx, e.signedIn(u))
	wantKind(t, err, core.Forbidden, "permission")
	wantKind(t, e.svc.DeleteIntegration(e.ctx, e.signedIn(u)), core.Forbidden, "permission")
	if n := len(e.audit(res.Company.ID, "integration.")); n != 0 {
		t.Fatalf("%d integration audit entries", n)
	}
}
