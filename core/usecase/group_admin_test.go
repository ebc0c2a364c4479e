package usecase_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"harriet/core"
	"harriet/core/usecase"
)

func TestAdminDeleteGroupRevokesItsRoleAndAudits(t *testing.T) {
	e := newEnv(t)
	ada := e.user("ada@acme.test")
	bob := e.user("bob@acme.test", core.RoleAdmin)
	g := e.create("Harriet Admin Group", ada.ID, bob.ID)
	admin := e.user("admin@acme.test", core.RoleAdmin)
	support := e.user("support@acme.test", core.RoleSupport, core.RoleManageUsers)
	if err := e.svc.AdminDeleteGroup(e.ctx, e.as(support), g.Group.ID, 0); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("a user who is neither Owner nor Admin deleted the group: %v", err)
	}
	if err := e.svc.AdminDeleteGroup(e.ctx, e.as(admin), g.Group.ID, g.Group.Version+1); !core.IsKind(err, core.Precondition) {
		t.Fatalf("a stale confirmation deleted the group: %v", err)
	}
	if _, err := e.db.Groups().Get(e.ctx, e.company.ID, g.Group.ID); err != nil {
		t.Fatalf("refused deletes removed the group: %v", err)
	}
	must(t, e.svc.AdminDeleteGroup(e.ctx, e.as(admin), g.Group.ID, g.Group.Version))
	if _, err := e.db.Groups().Get(e.ctx, e.company.ID, g.Group.ID); !core.IsKind(err, core.NotFound) {
		t.Fatalf("group still there: %v", err)
	}
	if got := e.roles(ada.ID); len(got) != 0 {
		t.Fatalf("ada keeps %v after the group is deleted", got)
	}
	if got := e.roles(bob.ID); !slices.Equal(got, []string{"Admin"}) {
		t.Fatalf("bob's direct Admin = %v", got)
	}
	if n := len(e.audits("group.delete")); n != 1 {
		t.Fatalf("%d group.delete entries", n)
	}
	if n := len(e.audits("group.member_remove")); n != 2 {
		t.Fatalf("%d group.member_remove entries", n)
	}
	revokes := e.audits("role.revoke")
	if len(revokes) != 1 || revokes[0].Target.ID != ada.ID || revokes[0].Actor.ID != "tok-"+admin.ID {
		t.Fatalf("role.revoke entries = %+v", revokes)
	}
}

func TestAdminCannotDeleteOrKeepOwnerGroup(t *testing.T) {
	e := newEnv(t)
	ada := e.user("ada@acme.test")
	g := e.create("Harriet Owner Group", ada.ID)
	admin := e.user("admin@acme.test", core.RoleAdmin)
	if err := e.svc.AdminDeleteGroup(e.ctx, e.as(admin), g.Group.ID, 0); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("an Admin deleted Harriet Owner Group: %v", err)
	}
	if _, err := e.svc.AdminKeepGroup(e.ctx, e.as(admin), g.Group.ID, 0); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("an Admin kept Harriet Owner Group: %v", err)
	}
	if got := e.roles(ada.ID); !slices.Equal(got, []string{"Owner"}) {
		t.Fatalf("ada = %v", got)
	}
	must(t, e.svc.AdminDeleteGroup(e.ctx, e.as(e.owner), g.Group.ID, 0))
	if got := e.roles(ada.ID); len(got) != 0 {
		t.Fatalf("ada keeps %v", got)
	}
}

func TestAdminKeepGroupEndsOktaManagementKeepsRole(t *testing.T) {
	e := newEnv(t)
	ada := e.user("ada@acme.test")
	g := e.create("Harriet Support Group", ada.ID)
	if !g.Group.ManagedByOkta {
		t.Fatal("a pushed group is not managed by Okta")
	}
	kept, err := e.svc.AdminKeepGroup(e.ctx, e.as(e.owner), g.Group.ID, g.Group.Version)
	must(t, err)
	stored := e.group(g.Group.ID)
	if kept.ManagedByOkta || stored.ManagedByOkta || stored.Version <= g.Group.Version {
		t.Fatalf("kept = %+v, stored = %+v", kept, stored)
	}
	if got := e.roles(ada.ID); !slices.Equal(got, []string{"Support"}) {
		t.Fatalf("ada = %v", got)
	}
	before := e.auditCount()
	again, err := e.svc.AdminKeepGroup(e.ctx, e.as(e.owner), g.Group.ID, 0)
	must(t, err)
	if again.Version != stored.Version || e.auditCount() != before {
		t.Fatal("keeping a Harriet group again wrote or audited something")
	}
	if n := len(e.audits("group.keep")); n != 1 {
		t.Fatalf("%d group.keep entries", n)
	}
	e.patch(g.Group.ID, add(e.user("bo@acme.test").ID))
	if !e.group(g.Group.ID).ManagedByOkta {
		t.Fatal("a group Okta pushes again is not Okta's again")
	}
}

func TestAdminGetGroupAndAbandonment(t *testing.T) {
	e := newEnv(t)
	ada := e.user("ada@acme.test")
	g := e.create("Harriet Admin Group", ada.ID, "00u-never-provisioned")
	plain := e.create("harriet admin group", ada.ID)
	d, err := e.svc.AdminGetGroup(e.ctx, e.as(e.owner), g.Group.ID)
	must(t, err)
	if d.Summary.MemberCount != 1 || len(d.Members) != 1 || d.Members[0].ID != ada.ID || d.Abandoned {
		t.Fatalf("detail = %+v", d)
	}
	if !slices.Equal(d.Summary.Group.SkippedMemberIDs, []string{"00u-never-provisioned"}) {
		t.Fatalf("skipped = %v", d.Summary.Group.SkippedMemberIDs)
	}
	pd, err := e.svc.AdminGetGroup(e.ctx, e.as(e.owner), plain.Group.ID)
	must(t, err)
	if pd.Summary.NearMiss != "Harriet Admin Group" {
		t.Fatalf("near miss = %q", pd.Summary.NearMiss)
	}
	old := time.Now().Add(-usecase.AbandonedAfter - time.Hour)
	for _, id := range []string{g.Group.ID, plain.Group.ID} {
		_, err = e.db.Groups().Update(e.ctx, e.company.ID, id, func(x *core.Group) error { x.OktaChangedAt = &old; return nil })
		must(t, err)
	}
	if d, _ = e.svc.AdminGetGroup(e.ctx, e.as(e.owner), g.Group.ID); !d.Abandoned {
		t.Fatal("a role group Okta left alone for 90 days is not flagged")
	}
	if pd, _ = e.svc.AdminGetGroup(e.ctx, e.as(e.owner), plain.Group.ID); pd.Abandoned {
		t.Fatal("a plain group is flagged as an abandoned role group")
	}
	if _, err := e.svc.AdminGetGroup(e.ctx, e.as(e.user("nobody@acme.test")), g.Group.ID); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("a user without the role read the group: %v", err)
	}
	_, otherOwner := e.newCompany("other")
	if _, err := e.svc.AdminGetGroup(e.ctx, e.as(otherOwner), g.Group.ID); !core.IsKind(err, core.NotFound) {
		t.Fatalf("another company read the group: %v", err)
	}
}

func TestSetupChecklistFollowsStoredFacts(t *testing.T) {
	e := newEnv(t)
	c, err := e.svc.CompanySetupChecklist(e.ctx, e.as(e.owner))
	must(t, err)
	if !c.IntegrationSaved.Done || c.ProvisioningToken.Done || c.UsersProvisioned.Done || c.GroupPushed.Done || c.OktaSignIn.Done {
		t.Fatalf("fresh company checklist = %+v", c)
	}
	tok, _, err := e.svc.IssueToken(e.ctx, e.as(e.owner), "Okta", core.ScopeSCIM)
	must(t, err)
	_, err = e.svc.CreateUser(e.ctx, e.okta, usecase.UserInput{Profile: core.User{UserName: "ada@acme.test",
		Emails: []core.Email{{Value: "ada@acme.test", Primary: true}}}})
	must(t, err)
	e.create("Engineering")
	c, err = e.svc.CompanySetupChecklist(e.ctx, e.as(e.owner))
	must(t, err)
	if !c.ProvisioningToken.Done || !c.UsersProvisioned.Done || !c.GroupPushed.Done || c.OktaSignIn.Done {
		t.Fatalf("checklist = %+v", c)
	}
	must(t, e.svc.RevokeToken(e.ctx, e.as(e.owner), tok.ID))
	if c, _ = e.svc.CompanySetupChecklist(e.ctx, e.as(e.owner)); c.ProvisioningToken.Done {
		t.Fatal("a revoked provisioning token still counts")
	}
	nobody := e.user("nobody@acme.test")
	if _, err := e.svc.CompanySetupChecklist(e.ctx, e.as(nobody)); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("a user without the role read the checklist: %v", err)
	}
}

func TestListCompanyTokensNamesCreators(t *testing.T) {
	e := newEnv(t)
	keys := e.user("keys@acme.test", core.RoleManageAPIKeys)
	admin := e.user("admin@acme.test", core.RoleAdmin)
	_, _, err := e.svc.IssueToken(e.ctx, e.as(keys), "Okta", core.ScopeSCIM)
	must(t, err)
	_, _, err = e.svc.IssueToken(e.ctx, e.as(admin), "script", core.ScopePersonal)
	must(t, err)
	list, err := e.svc.ListCompanyTokens(e.ctx, e.as(keys))
	must(t, err)
	if len(list) != 2 || list[0].Creator.ID != keys.ID || list[1].Creator.ID != admin.ID {
		t.Fatalf("company tokens = %+v", list)
	}
	if _, err := e.svc.ListCompanyTokens(e.ctx, e.as(admin)); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("an Admin listed every token: %v", err)
	}
}

// Deleting a role group takes its role from every member; when one of them is as
// powerful as an Owner, that is the Owners' to do, even for a role an Admin grants.
// A deactivated Owner counts: their roles come back with them.
func TestAdminCannotDeleteARoleGroupOfAnOwner(t *testing.T) {
	e := newEnv(t)
	ada := e.user("ada@acme.test")
	owner2 := e.user("owner2@acme.test", core.RoleOwner)
	keys := e.user("keys@acme.test", core.RoleManageAPIKeys)
	admin := e.user("admin@acme.test", core.RoleAdmin)
	support := e.create("Harriet Support Group", ada.ID, owner2.ID)
	err := e.svc.AdminDeleteGroup(e.ctx, e.as(admin), support.Group.ID, 0)
	if !core.IsKind(err, core.Forbidden) || !strings.Contains(core.MessageOf(err), "owner2@acme.test holds Owner, so only an Owner can delete Harriet Support Group") {
		t.Fatalf("an Admin deleting a role group with an Owner in it: %v", err)
	}
	if _, err := e.db.Groups().Get(e.ctx, e.company.ID, support.Group.ID); err != nil {
		t.Fatalf("the refused delete removed the group: %v", err)
	}
	// Deactivated, the Owner is still one to protect.
	_, err = e.db.Users().Update(e.ctx, e.company.ID, owner2.ID, func(u *core.User) error { u.Active = false; return nil })
	must(t, err)
	if err := e.svc.AdminDeleteGroup(e.ctx, e.as(admin), support.Group.ID, 0); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("an Admin deleting a role group with a deactivated Owner in it: %v", err)
	}
	// A plain group changes no role: an Admin may delete it whoever is in it.
	plain := e.create("Engineering", owner2.ID, keys.ID)
	must(t, e.svc.AdminDeleteGroup(e.ctx, e.as(admin), plain.Group.ID, 0))
	// An Owner may delete the role group.
	owner3 := e.user("owner3@acme.test", core.RoleOwner)
	must(t, e.svc.AdminDeleteGroup(e.ctx, e.as(owner3), support.Group.ID, 0))
}
