package contract

import (
	"testing"

	"harriet/core"
)

func integrationChecks() []check {
	return []check{
		{"Integrations/PutGet", integrationPutGet},
		{"Integrations/DomainUnique", integrationDomainUnique},
		{"Integrations/ByIssuer", integrationByIssuer},
		{"Integrations/Delete", integrationDelete},
	}
}

func (k *kit) newIntegration(cid, domain, issuerHost string) core.Integration {
	return core.Integration{CompanyID: cid, Domain: domain, ClientID: "0oa1client",
		LoginDomain: issuerHost, Issuer: "https://" + issuerHost, SecretSealed: []byte{0, 1, 2, 0xfe, 0xff},
		SSOOnly: true, SignInSetByOwner: true, Discovery: core.Discovery{Status: core.DiscoveryOK, Message: "fine",
			Metadata: []byte(`{"issuer":"https://` + issuerHost + `"}`)},
		CreatedAt: k.now(), UpdatedAt: k.now()}
}

func integrationPutGet(t *testing.T, k *kit) {
	c := k.company("acme")
	_, err := k.s.Integrations().Get(k.ctx, c.ID)
	wantKind(t, err, core.NotFound, "Get before any Put")
	in := k.newIntegration(c.ID, "acme.com", "acme.okta.com")
	got, err := k.s.Integrations().Put(k.ctx, in)
	k.must(err)
	in.Version = 1
	same(t, "Put returns what it stored", got, in)
	stored, err := k.s.Integrations().Get(k.ctx, c.ID)
	k.must(err)
	same(t, "Get", stored, in)
	for _, d := range []string{"acme.com", "ACME.com", "acme.com."} {
		byDomain, err := k.s.Integrations().ByDomain(k.ctx, d)
		k.must(err)
		same(t, "ByDomain "+d, byDomain, in)
	}
	in.ClientID, in.SSOOnly, in.SignInSetByOwner, in.Discovery = "0oa2client", false, false, core.Discovery{Status: core.DiscoveryNotChecked}
	got, err = k.s.Integrations().Put(k.ctx, in)
	k.must(err)
	in.Version = 2
	same(t, "a second Put replaces and bumps Version", got, in)
	stored, err = k.s.Integrations().Get(k.ctx, c.ID)
	k.must(err)
	same(t, "Get after the second Put", stored, in)
}

func integrationDomainUnique(t *testing.T, k *kit) {
	a, b := k.company("acme"), k.company("globex")
	ina, err := k.s.Integrations().Put(k.ctx, k.newIntegration(a.ID, "acme.com", "acme.okta.com"))
	k.must(err)
	_, err = k.s.Integrations().Put(k.ctx, k.newIntegration(b.ID, "acme.com", "globex.okta.com"))
	wantKind(t, err, core.Conflict, "Put of a domain another company holds")
	_, err = k.s.Integrations().Get(k.ctx, b.ID)
	wantKind(t, err, core.NotFound, "Get after a refused Put")
	got, err := k.s.Integrations().ByDomain(k.ctx, "acme.com")
	k.must(err)
	same(t, "ByDomain after a refused Put", got, ina)

	ina.Domain = "acme.org"
	_, err = k.s.Integrations().Put(k.ctx, ina)
	k.must(err)
	_, err = k.s.Integrations().ByDomain(k.ctx, "acme.com")
	wantKind(t, err, core.NotFound, "ByDomain of a domain given up")
	inb, err := k.s.Integrations().Put(k.ctx, k.newIntegration(b.ID, "acme.com", "globex.okta.com"))
	k.must(err)
	got, err = k.s.Integrations().ByDomain(k.ctx, "acme.com")
	k.must(err)
	same(t, "ByDomain of a domain taken over", got, inb)
}

func integrationByIssuer(t *testing.T, k *kit) {
	a, b, c := k.company("acme"), k.company("globex"), k.company("initech")
	ina, err := k.s.Integrations().Put(k.ctx, k.newIntegration(a.ID, "acme.com", "shared.okta.com"))
	k.must(err)
	inb, err := k.s.Integrations().Put(k.ctx, k.newIntegration(b.ID, "globex.com", "shared.okta.com"))
	k.must(err)
	_, err = k.s.Integrations().Put(k.ctx, k.newIntegration(c.ID, "initech.com", "initech.okta.com"))
	k.must(err)
	list, err := k.s.Integrations().ByIssuer(k.ctx, "https://shared.okta.com")
	k.must(err)
	want := []string{ina.CompanyID, inb.CompanyID}
	got := make([]string, len(list))
	for i, in := range list {
		got[i] = in.CompanyID
	}
	sameSet(t, "ByIssuer", got, want)
	list, err = k.s.Integrations().ByIssuer(k.ctx, "https://nobody.okta.com")
	k.must(err)
	if len(list) != 0 {
		t.Fatalf("ByIssuer of an unknown issuer: %d results", len(list))
	}
}

func integrationDelete(t *testing.T, k *kit) {
	a, b := k.company("acme"), k.company("globex")
	_, err := k.s.Integrations().Put(k.ctx, k.newIntegration(a.ID, "acme.com", "acme.okta.com"))
	k.must(err)
	wantKind(t, k.s.Integrations().Delete(k.ctx, b.ID), core.NotFound, "Delete of a company without one")
	k.must(k.s.Integrations().Delete(k.ctx, a.ID))
	_, err = k.s.Integrations().Get(k.ctx, a.ID)
	wantKind(t, err, core.NotFound, "Get after Delete")
	_, err = k.s.Integrations().ByDomain(k.ctx, "acme.com")
	wantKind(t, err, core.NotFound, "ByDomain after Delete")
	list, err := k.s.Integrations().ByIssuer(k.ctx, "https://acme.okta.com")
	k.must(err)
	if len(list) != 0 {
		t.Fatalf("ByIssuer after Delete: %d results", len(list))
	}
	wantKind(t, k.s.Integrations().Delete(k.ctx, a.ID), core.NotFound, "a second Delete")
	_, err = k.s.Integrations().Put(k.ctx, k.newIntegration(b.ID, "acme.com", "globex.okta.com"))
	k.must(err) // the domain is free
}
