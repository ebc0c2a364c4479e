package usecase_test

import (
	"fmt"
	"slices"
	"testing"

	"harriet/core"
	"harriet/core/usecase"
)

func TestListGroupsLookupsPagingAndMembers(t *testing.T) {
	e := newEnv(t)
	u := e.user("m@acme.test")
	var ids []string
	for i := range 7 {
		res, err := e.svc.CreateGroup(e.ctx, e.okta, usecase.GroupInput{
			DisplayName: fmt.Sprintf("Team %d", i), ExternalID: fmt.Sprintf("ext-%d", i%2), Members: []string{u.ID}})
		must(t, err)
		ids = append(ids, res.Group.ID)
	}
	list := func(q usecase.GroupQuery) usecase.GroupList {
		t.Helper()
		l, err := e.svc.ListGroups(e.ctx, e.okta, q)
		must(t, err)
		return l
	}
	all := list(usecase.GroupQuery{Page: usecase.Page{StartIndex: 3, Count: 2}})
	if all.Total != 7 || len(all.Groups) != 2 || all.Groups[0].Group.ID != ids[2] || all.Groups[1].Group.ID != ids[3] {
		t.Fatalf("page 3..4 = %+v", all)
	}
	byExt := list(usecase.GroupQuery{Lookup: &usecase.Lookup{Key: usecase.ByExternalID, Value: "ext-1"}, Page: usecase.Page{StartIndex: 1, Count: 100}})
	if byExt.Total != 3 || byExt.Groups[0].Group.ID != ids[1] {
		t.Fatalf("externalId eq = %+v", byExt)
	}
	byID := list(usecase.GroupQuery{Lookup: &usecase.Lookup{Key: usecase.ByID, Value: ids[4]}, Page: usecase.Page{StartIndex: 1, Count: 100}, WithMembers: true})
	if byID.Total != 1 || !slices.Equal(byID.Groups[0].Members, []string{u.ID}) {
		t.Fatalf("id eq with members = %+v", byID)
	}
	countOnly := list(usecase.GroupQuery{Page: usecase.Page{StartIndex: 1, Count: 0}})
	if countOnly.Total != 7 || len(countOnly.Groups) != 0 {
		t.Fatalf("count=0 = %+v", countOnly)
	}
	matched := list(usecase.GroupQuery{Match: func(r usecase.GroupResult) bool { return r.Group.DisplayName >= "Team 5" },
		Page: usecase.Page{StartIndex: 1, Count: 100}})
	if matched.Total != 2 {
		t.Fatalf("match = %+v", matched)
	}
	reads := e.store.memberReads.Load()
	noMembers := list(usecase.GroupQuery{Page: usecase.Page{StartIndex: 1, Count: 100}})
	if e.store.memberReads.Load() != reads || noMembers.Groups[0].MembersLoaded {
		t.Fatal("a list without members read the member lists")
	}
	withMembers := list(usecase.GroupQuery{Page: usecase.Page{StartIndex: 1, Count: 100}, WithMembers: true})
	if e.store.memberReads.Load() != reads+7 || len(withMembers.Groups[6].Members) != 1 {
		t.Fatal("a list with members did not read them")
	}
	if _, err := e.svc.GetGroup(e.ctx, e.okta, ids[0], false); err != nil || e.store.memberReads.Load() != reads+7 {
		t.Fatalf("GetGroup without members read them (err %v)", err)
	}
}

func TestReplaceGroupPUT(t *testing.T) {
	e := newEnv(t)
	a, b := e.user("a@acme.test"), e.user("b@acme.test")
	g := e.create("Team", a.ID)
	res, err := e.svc.ReplaceGroup(e.ctx, e.okta, g.Group.ID, usecase.GroupInput{DisplayName: "Team Renamed", ExternalID: "x1"})
	must(t, err)
	if !slices.Equal(res.Members, []string{a.ID}) || res.Group.DisplayName != "Team Renamed" || res.Group.ExternalID != "x1" {
		t.Fatalf("PUT without members = %+v", res)
	}
	res, err = e.svc.ReplaceGroup(e.ctx, e.okta, g.Group.ID, usecase.GroupInput{
		DisplayName: "Team Renamed", Members: []string{b.ID, "ghost"}, MembersGiven: true, IfMatch: usecase.IfMatch{res.Group.Version}})
	must(t, err)
	if !slices.Equal(res.Members, []string{b.ID}) || !slices.Equal(res.Skipped, []string{"ghost"}) || res.Group.ExternalID != "" {
		t.Fatalf("PUT with members = %+v", res)
	}
	_, err = e.svc.ReplaceGroup(e.ctx, e.okta, g.Group.ID, usecase.GroupInput{DisplayName: "Stale", IfMatch: usecase.IfMatch{1}})
	if !core.IsKind(err, core.Precondition) || e.group(g.Group.ID).DisplayName != "Team Renamed" {
		t.Fatalf("stale If-Match: %v", err)
	}
}

// Tenancy and the SCIM gate: another company's groups are 404, and SCIM needs a
// credential that may use it and a saved integration.
func TestGroupTenancyAndSCIMGate(t *testing.T) {
	e := newEnv(t)
	g := e.create("Ours")
	other, otherOwner := e.newCompany("other")
	theirs := core.Principal{CompanyID: other.ID, Kind: core.ActorToken, Scope: core.ScopeSCIM, User: otherOwner}
	if _, err := e.svc.GetGroup(e.ctx, theirs, g.Group.ID, true); !core.IsKind(err, core.NotFound) {
		t.Fatalf("get another company's group: %v", err)
	}
	if _, err := e.svc.PatchGroup(e.ctx, theirs, g.Group.ID, usecase.GroupPatch{Ops: []usecase.GroupOp{rename("Mine")}}); !core.IsKind(err, core.NotFound) {
		t.Fatalf("patch another company's group: %v", err)
	}
	if err := e.svc.DeleteGroup(e.ctx, theirs, g.Group.ID, nil); !core.IsKind(err, core.NotFound) {
		t.Fatalf("delete another company's group: %v", err)
	}
	if l, _ := e.svc.ListGroups(e.ctx, theirs, usecase.GroupQuery{Lookup: &usecase.Lookup{Key: usecase.ByDisplayName, Value: "Ours"}, Page: usecase.Page{StartIndex: 1, Count: 10}}); l.Total != 0 {
		t.Fatal("another company's group listed")
	}
	member := e.user("plain@acme.test")
	if _, err := e.svc.CreateGroup(e.ctx, e.as(member), usecase.GroupInput{DisplayName: "X"}); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("non-owner personal token: %v", err)
	}
	if _, err := e.svc.CreateGroup(e.ctx, e.as(e.owner), usecase.GroupInput{DisplayName: "By Owner"}); err != nil {
		t.Fatalf("owner personal token: %v", err)
	}
	must(t, e.db.Integrations().Delete(e.ctx, e.company.ID))
	if _, err := e.svc.CreateGroup(e.ctx, e.okta, usecase.GroupInput{DisplayName: "Y"}); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("without integration: %v", err)
	}
	if e.group(g.Group.ID).DisplayName != "Ours" {
		t.Fatal("a refused request changed the group")
	}
}
