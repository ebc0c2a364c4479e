package usecase_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"harriet/core"
	"harriet/core/usecase"
)

// Okta's Group Push as group-push-basic.json sends it, checked against the store.
func TestGroupPushBasic(t *testing.T) {
	e := newEnv(t)
	u1, u2, u3 := e.user("one@acme.test"), e.user("two@acme.test"), e.user("three@acme.test")
	g := e.create("Push Basic")
	if g.Group.Version != 1 || !g.Group.ManagedByOkta || g.Group.OktaChangedAt == nil || len(g.Members) != 0 {
		t.Fatalf("created group = %+v", g)
	}
	before, auditsBefore := e.group(g.Group.ID), e.auditCount()
	res := e.patch(g.Group.ID, rename("Push Basic"))
	if res.Changed || e.group(g.Group.ID).Version != before.Version || e.auditCount() != auditsBefore {
		t.Fatalf("same-name rename wrote something: changed=%v version %d→%d audits %d→%d",
			res.Changed, before.Version, e.group(g.Group.ID).Version, auditsBefore, e.auditCount())
	}
	e.patch(g.Group.ID, add(u1.ID, u2.ID, u3.ID))
	if got, want := e.members(g.Group.ID), sorted(u1.ID, u2.ID, u3.ID); !slices.Equal(got, want) {
		t.Fatalf("members = %v, want %v", got, want)
	}
	v := e.group(g.Group.ID).Version
	if v != before.Version+1 {
		t.Fatalf("version after one add = %d, want %d", v, before.Version+1)
	}
	e.patch(g.Group.ID, remove(u1.ID))
	e.patch(g.Group.ID, remove(u2.ID), add(u1.ID))
	if got, want := e.members(g.Group.ID), sorted(u1.ID, u3.ID); !slices.Equal(got, want) {
		t.Fatalf("members = %v, want %v", got, want)
	}
	list, err := e.svc.ListGroups(e.ctx, e.okta, usecase.GroupQuery{
		Lookup: &usecase.Lookup{Key: usecase.ByDisplayName, Value: "Push Basic"}, Page: usecase.Page{StartIndex: 1, Count: 100}})
	must(t, err)
	if list.Total != 1 || list.Groups[0].Group.ID != g.Group.ID {
		t.Fatalf("lookup by name = %+v", list)
	}
	if n := len(e.audits("scim.group.member_add")); n != 4 {
		t.Fatalf("member_add audits = %d, want 4", n)
	}
	if n := len(e.audits("scim.group.member_remove")); n != 2 {
		t.Fatalf("member_remove audits = %d, want 2", n)
	}
}

// group-add-appends.json: add appends, adding a member twice and removing an absent
// one change nothing.
func TestGroupAddAppendsAndNoOps(t *testing.T) {
	e := newEnv(t)
	a, b, c := e.user("a@acme.test"), e.user("b@acme.test"), e.user("c@acme.test")
	g := e.create("Appends")
	e.patch(g.Group.ID, add(a.ID, b.ID))
	e.patch(g.Group.ID, add(c.ID))
	v, audits := e.group(g.Group.ID).Version, e.auditCount()
	if res := e.patch(g.Group.ID, add(a.ID, a.ID)); res.Changed {
		t.Fatal("re-adding a member reported a change")
	}
	if e.group(g.Group.ID).Version != v || e.auditCount() != audits {
		t.Fatal("re-adding a member wrote")
	}
	e.patch(g.Group.ID, remove(c.ID))
	e.patch(g.Group.ID, remove(c.ID))
	if got, want := e.members(g.Group.ID), sorted(a.ID, b.ID); !slices.Equal(got, want) {
		t.Fatalf("members = %v, want %v", got, want)
	}
}

// group-replace-empty.json: replacing members with [] empties the group, which stays.
func TestGroupReplaceMembersEmpty(t *testing.T) {
	e := newEnv(t)
	u1, u2, u3 := e.user("one@acme.test"), e.user("two@acme.test"), e.user("three@acme.test")
	g := e.create("Replace Empty", u1.ID, u2.ID)
	if g.Group.Version != 1 || !slices.Equal(g.Members, sorted(u1.ID, u2.ID)) {
		t.Fatalf("create with members = %+v", g)
	}
	e.patch(g.Group.ID, replaceMembers(u2.ID, u3.ID))
	if got := e.members(g.Group.ID); !slices.Equal(got, sorted(u2.ID, u3.ID)) {
		t.Fatalf("after replace members = %v", got)
	}
	e.patch(g.Group.ID, replaceMembers())
	if got := e.members(g.Group.ID); len(got) != 0 {
		t.Fatalf("after replace [] members = %v", got)
	}
	if e.group(g.Group.ID).DisplayName != "Replace Empty" {
		t.Fatal("group lost its name")
	}
}

// group-unknown-member.json and SPEC.md: unknown IDs (never provisioned, deleted,
// another company's) are skipped, audited and remembered; the rest applies.
func TestGroupUnknownMembersSkipped(t *testing.T) {
	e := newEnv(t)
	known, gone := e.user("known@acme.test"), e.user("gone@acme.test")
	_, err := e.db.Users().Update(e.ctx, e.company.ID, gone.ID, func(u *core.User) error {
		now := u.UpdatedAt
		u.DeletedAt, u.Active = &now, false
		return nil
	})
	must(t, err)
	_, otherOwner := e.newCompany("other")
	g := e.create("Unknown Member")
	res := e.patch(g.Group.ID, add(known.ID, "never-provisioned", gone.ID, otherOwner.ID))
	if want := []string{"never-provisioned", gone.ID, otherOwner.ID}; !slices.Equal(res.Skipped, want) {
		t.Fatalf("skipped = %v, want %v", res.Skipped, want)
	}
	if got := e.members(g.Group.ID); !slices.Equal(got, []string{known.ID}) {
		t.Fatalf("members = %v", got)
	}
	stored := e.group(g.Group.ID)
	if !slices.Equal(stored.SkippedMemberIDs, res.Skipped) {
		t.Fatalf("remembered skipped = %v", stored.SkippedMemberIDs)
	}
	skipAudits := e.audits("scim.group.member_skipped")
	if len(skipAudits) != 1 || skipAudits[0].Target.ID != g.Group.ID || skipAudits[0].RequestID != "req-test" {
		t.Fatalf("skip audits = %+v", skipAudits)
	}
	var many []string
	for i := range 25 {
		many = append(many, fmt.Sprintf("ghost-%02d", i))
	}
	e.patch(g.Group.ID, add(many...))
	if got := e.group(g.Group.ID).SkippedMemberIDs; len(got) != core.MaxSkippedMemberIDs || got[19] != "ghost-24" || got[0] != "ghost-05" {
		t.Fatalf("last 20 skipped = %v", got)
	}
}

func TestGroupNamesExactAndUnique(t *testing.T) {
	e := newEnv(t)
	admin := e.create("Harriet Admin Group")
	lower := e.create("harriet admin group")
	if admin.Group.ID == lower.Group.ID {
		t.Fatal("case variants share a group")
	}
	_, err := e.svc.CreateGroup(e.ctx, e.okta, usecase.GroupInput{DisplayName: "Harriet Admin Group"})
	assertSCIMErr(t, err, core.Conflict, "uniqueness")
	_, err = e.svc.PatchGroup(e.ctx, e.okta, lower.Group.ID, usecase.GroupPatch{Ops: []usecase.GroupOp{rename("Harriet Admin Group")}})
	assertSCIMErr(t, err, core.Conflict, "uniqueness")
	if e.group(lower.Group.ID).DisplayName != "harriet admin group" {
		t.Fatal("a refused rename changed the name")
	}
	for _, name := range []string{"harriet admin group", "Harriet Admin Group"} {
		list, err := e.svc.ListGroups(e.ctx, e.okta, usecase.GroupQuery{
			Lookup: &usecase.Lookup{Key: usecase.ByDisplayName, Value: name}, Page: usecase.Page{StartIndex: 1, Count: 10}})
		must(t, err)
		if list.Total != 1 || list.Groups[0].Group.DisplayName != name {
			t.Fatalf("displayName eq %q = %+v", name, list)
		}
	}
	_, err = e.svc.CreateGroup(e.ctx, e.okta, usecase.GroupInput{DisplayName: "  "})
	assertSCIMErr(t, err, core.Invalid, "invalidValue")
}

func assertSCIMErr(t *testing.T, err error, kind core.Kind, scimType string) {
	t.Helper()
	var ce *core.Error
	if !core.IsKind(err, kind) {
		t.Fatalf("err = %v, want kind %s", err, kind)
	}
	if ok := errors.As(err, &ce); !ok || ce.SCIMType != scimType {
		t.Fatalf("err = %#v, want scimType %q", err, scimType)
	}
}
