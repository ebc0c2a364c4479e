package contract

import (
	"fmt"
	"testing"

	"harriet/core"
	"harriet/ports"
)

func groupChecks() []check {
	return []check{
		{"Groups/RoundTrip", groupRoundTrip},
		{"Groups/NamesAreExact", groupNamesExact},
		{"Groups/Update", groupUpdate},
		{"Groups/Delete", groupDelete},
		{"Groups/CompanyIsolation", groupIsolation},
		{"Groups/ListPaging", groupListPaging},
	}
}

func groupRoundTrip(t *testing.T, k *kit) {
	c := k.company("acme")
	g := core.Group{ID: k.id(), CompanyID: c.ID, DisplayName: "Harriet Admin Group", ExternalID: "00g1",
		ManagedByOkta: true, OktaChangedAt: k.nowPtr(), SkippedMemberIDs: []string{"x1", "x2"},
		CreatedAt: k.now(), UpdatedAt: k.now()}
	k.must(k.s.Groups().Create(k.ctx, g))
	g.Version = 1
	got, err := k.s.Groups().Get(k.ctx, c.ID, g.ID)
	k.must(err)
	same(t, "Get", got, g)
	got, err = k.s.Groups().ByDisplayName(k.ctx, c.ID, g.DisplayName)
	k.must(err)
	same(t, "ByDisplayName", got, g)
	list, err := k.s.Groups().ByExternalID(k.ctx, c.ID, "00g1")
	k.must(err)
	same(t, "ByExternalID", list, []core.Group{g})
	list, err = k.s.Groups().List(k.ctx, c.ID, listAll)
	k.must(err)
	same(t, "List", list, []core.Group{g})
	plain := core.Group{ID: k.id(), CompanyID: c.ID, DisplayName: "plain", CreatedAt: k.now(), UpdatedAt: k.now()}
	k.must(k.s.Groups().Create(k.ctx, plain))
	plain.Version = 1
	got, err = k.s.Groups().Get(k.ctx, c.ID, plain.ID)
	k.must(err)
	same(t, "Get of a group with nothing optional", got, plain)
}

func groupNamesExact(t *testing.T, k *kit) {
	c := k.company("acme")
	role := k.group(c.ID, "Harriet Admin Group")
	plain := k.group(c.ID, "harriet admin group")
	for name, want := range map[string]core.Group{"Harriet Admin Group": role, "harriet admin group": plain} {
		got, err := k.s.Groups().ByDisplayName(k.ctx, c.ID, name)
		k.must(err)
		same(t, "ByDisplayName "+name, got, want)
	}
	_, err := k.s.Groups().ByDisplayName(k.ctx, c.ID, "HARRIET ADMIN GROUP")
	wantKind(t, err, core.NotFound, "ByDisplayName matching only case-insensitively")
	dup := core.Group{ID: k.id(), CompanyID: c.ID, DisplayName: "Harriet Admin Group", CreatedAt: k.now(), UpdatedAt: k.now()}
	wantKind(t, k.s.Groups().Create(k.ctx, dup), core.Conflict, "Create with an exactly equal displayName")
	n, err := k.s.Groups().Count(k.ctx, c.ID)
	k.must(err)
	if n != 2 {
		t.Fatalf("Count %d, want 2", n)
	}
}

func groupUpdate(t *testing.T, k *kit) {
	c := k.company("acme")
	a, b := k.group(c.ID, "Alpha"), k.group(c.ID, "Beta")
	got, err := k.s.Groups().Update(k.ctx, c.ID, a.ID, func(g *core.Group) error {
		g.DisplayName, g.ExternalID = "Gamma", "ext-g"
		g.NoteSkipped([]string{"gone"})
		return nil
	})
	k.must(err)
	if got.Version != 2 || got.DisplayName != "Gamma" {
		t.Fatalf("Update returned %+v", got)
	}
	stored, err := k.s.Groups().Get(k.ctx, c.ID, a.ID)
	k.must(err)
	same(t, "Get after Update", stored, got)
	_, err = k.s.Groups().ByDisplayName(k.ctx, c.ID, "Alpha")
	wantKind(t, err, core.NotFound, "ByDisplayName of the old name")
	ext, err := k.s.Groups().ByExternalID(k.ctx, c.ID, "ext-g")
	k.must(err)
	sameIDs(t, "ByExternalID of the new externalId", groupIDs(ext), []string{a.ID})
	k.group(c.ID, "Alpha") // the old name is free

	_, err = k.s.Groups().Update(k.ctx, c.ID, b.ID, func(g *core.Group) error { g.DisplayName = "Gamma"; return nil })
	wantKind(t, err, core.Conflict, "Update to a taken displayName")
	_, err = k.s.Groups().Update(k.ctx, c.ID, b.ID, func(g *core.Group) error { g.DisplayName = "Delta"; return errBoom })
	if !errorsIs(err, errBoom) {
		t.Fatalf("an updater's error must come back as is, got %v", err)
	}
	stored, err = k.s.Groups().Get(k.ctx, c.ID, b.ID)
	k.must(err)
	same(t, "a group after refused updates", stored, b)
	byName, err := k.s.Groups().ByDisplayName(k.ctx, c.ID, "Gamma")
	k.must(err)
	same(t, "the name holder after a refused update", byName, got)
}

func groupDelete(t *testing.T, k *kit) {
	c := k.company("acme")
	g, keep := k.group(c.ID, "Doomed"), k.group(c.ID, "Kept")
	u1, u2 := k.user(c.ID, "u1", ""), k.user(c.ID, "u2", "")
	k.addMembers(c.ID, g.ID, u1.ID, u2.ID)
	k.addMembers(c.ID, keep.ID, u1.ID)
	k.must(k.s.Groups().Delete(k.ctx, c.ID, g.ID))
	_, err := k.s.Groups().Get(k.ctx, c.ID, g.ID)
	wantKind(t, err, core.NotFound, "Get of a deleted group")
	_, err = k.s.Members().Members(k.ctx, c.ID, g.ID, listAll)
	wantKind(t, err, core.NotFound, "Members of a deleted group")
	k.wantMembership(c.ID, map[string][]string{keep.ID: {u1.ID}}, u1.ID, u2.ID)
	wantKind(t, k.s.Groups().Delete(k.ctx, c.ID, g.ID), core.NotFound, "Delete of a deleted group")
	again := k.group(c.ID, "Doomed") // the name is free
	n, err := k.s.Members().CountMembers(k.ctx, c.ID, again.ID)
	k.must(err)
	if n != 0 {
		t.Fatalf("a new group of a deleted group's name starts with %d members", n)
	}
	n, err = k.s.Groups().Count(k.ctx, c.ID)
	k.must(err)
	if n != 2 {
		t.Fatalf("Count after delete: %d, want 2", n)
	}
}

func groupIsolation(t *testing.T, k *kit) {
	a, b := k.company("acme"), k.company("globex")
	ga, gb := k.group(a.ID, "Engineering"), k.group(b.ID, "Engineering")
	for _, side := range []struct {
		cid      string
		own, not core.Group
	}{{a.ID, ga, gb}, {b.ID, gb, ga}} {
		got, err := k.s.Groups().ByDisplayName(k.ctx, side.cid, "Engineering")
		k.must(err)
		same(t, "ByDisplayName stays in its company", got, side.own)
		list, err := k.s.Groups().List(k.ctx, side.cid, listAll)
		k.must(err)
		same(t, "List stays in its company", list, []core.Group{side.own})
		_, err = k.s.Groups().Get(k.ctx, side.cid, side.not.ID)
		wantKind(t, err, core.NotFound, "Get of another company's group")
		_, err = k.s.Groups().Update(k.ctx, side.cid, side.not.ID, func(g *core.Group) error { g.DisplayName = "x"; return nil })
		wantKind(t, err, core.NotFound, "Update of another company's group")
		wantKind(t, k.s.Groups().Delete(k.ctx, side.cid, side.not.ID), core.NotFound, "Delete of another company's group")
	}
	for _, g := range []core.Group{ga, gb} {
		got, err := k.s.Groups().Get(k.ctx, g.CompanyID, g.ID)
		k.must(err)
		same(t, "a group after another company's calls", got, g)
	}
}

func groupListPaging(t *testing.T, k *kit) {
	c := k.company("acme")
	k.group(k.company("globex").ID, "Other")
	var ids []string
	for i := range 12 {
		ids = append(ids, k.group(c.ID, fmt.Sprintf("Group %02d", i)).ID)
	}
	list := func(q ports.ListQuery) []string {
		t.Helper()
		gs, err := k.s.Groups().List(k.ctx, c.ID, q)
		k.must(err)
		return groupIDs(gs)
	}
	sameIDs(t, "List", list(listAll), ids)
	sameIDs(t, "walk by After", walkAfter(list, 5, false), ids)
	sameIDs(t, "walk by Offset", walkOffset(list, 5, false), ids)
	sameIDs(t, "After and Offset", list(ports.ListQuery{After: ids[1], Offset: 3, Limit: 4}), ids[5:9])
	n, err := k.s.Groups().Count(k.ctx, c.ID)
	k.must(err)
	if n != 12 {
		t.Fatalf("Count %d, want 12", n)
	}
}
