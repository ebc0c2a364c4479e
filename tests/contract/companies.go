package contract

import (
	"testing"

	"harriet/core"
)

func companyChecks() []check {
	return []check{
		{"Companies/RoundTrip", companyRoundTrip},
		{"Companies/SlugUnique", companySlugUnique},
		{"Companies/Update", companyUpdate},
		{"Companies/NotFound", companyNotFound},
	}
}

func companyRoundTrip(t *testing.T, k *kit) {
	now := k.now()
	c := core.Company{ID: k.id(), Slug: "acme", Name: "Acme Inc.", PrimaryOwnerID: k.id(), CreatedAt: now, UpdatedAt: k.now()}
	k.must(k.s.Companies().Create(k.ctx, c))
	want := c
	want.Version = 1
	got, err := k.s.Companies().Get(k.ctx, c.ID)
	k.must(err)
	same(t, "Get", got, want)
	got, err = k.s.Companies().BySlug(k.ctx, "acme")
	k.must(err)
	same(t, "BySlug", got, want)
	other := k.company("globex")
	list, err := k.s.Companies().List(k.ctx)
	k.must(err)
	same(t, "List", list, []core.Company{want, other})
}

func companySlugUnique(t *testing.T, k *kit) {
	first := k.company("acme")
	dup := core.Company{ID: k.id(), Slug: "acme", Name: "Other", CreatedAt: k.now(), UpdatedAt: k.now()}
	wantKind(t, k.s.Companies().Create(k.ctx, dup), core.Conflict, "Create with a taken slug")
	list, err := k.s.Companies().List(k.ctx)
	k.must(err)
	same(t, "List after the refused Create", list, []core.Company{first})
	_, err = k.s.Companies().Get(k.ctx, dup.ID)
	wantKind(t, err, core.NotFound, "Get of the refused company")
}

func companyUpdate(t *testing.T, k *kit) {
	a, b := k.company("acme"), k.company("globex")
	got, err := k.s.Companies().Update(k.ctx, a.ID, func(c *core.Company) error {
		c.Name = "Acme Two"
		return nil
	})
	k.must(err)
	if got.Version != 2 || got.Name != "Acme Two" {
		t.Fatalf("Update returned version %d name %q, want 2 and Acme Two", got.Version, got.Name)
	}
	stored, err := k.s.Companies().Get(k.ctx, a.ID)
	k.must(err)
	same(t, "Get after Update", stored, got)

	_, err = k.s.Companies().Update(k.ctx, a.ID, func(c *core.Company) error {
		c.Name = "Changed"
		return errBoom
	})
	if err == nil || !errorsIs(err, errBoom) {
		t.Fatalf("an updater's error must come back as is, got %v", err)
	}
	_, err = k.s.Companies().Update(k.ctx, a.ID, func(c *core.Company) error {
		c.Slug, c.Name = "globex", "Clash"
		return nil
	})
	wantKind(t, err, core.Conflict, "Update to a taken slug")
	stored2, err := k.s.Companies().Get(k.ctx, a.ID)
	k.must(err)
	same(t, "Get after refused updates", stored2, got)

	_, err = k.s.Companies().Update(k.ctx, b.ID, func(c *core.Company) error { c.Slug = "initech"; return nil })
	k.must(err)
	_, err = k.s.Companies().BySlug(k.ctx, "globex")
	wantKind(t, err, core.NotFound, "BySlug of a slug given up")
	k.company("globex") // the old slug is free again
}

func companyNotFound(t *testing.T, k *kit) {
	k.company("acme")
	_, err := k.s.Companies().Get(k.ctx, k.id())
	wantKind(t, err, core.NotFound, "Get of an unknown company")
	_, err = k.s.Companies().BySlug(k.ctx, "nope")
	wantKind(t, err, core.NotFound, "BySlug of an unknown slug")
	_, err = k.s.Companies().Update(k.ctx, k.id(), func(*core.Company) error { return nil })
	wantKind(t, err, core.NotFound, "Update of an unknown company")
}
