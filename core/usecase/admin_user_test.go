package usecase_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"harriet/core"
	"harriet/core/usecase"
)

func TestAdminGetUserShowsRolesGroupsAndSources(t *testing.T) {
	e := newEnv(t)
	u := e.user("ada@acme.test", core.RoleAdmin)
	g := e.create("Harriet Admin Group", u.ID)
	plain := e.create("Engineering", u.ID)
	d, err := e.svc.AdminGetUser(e.ctx, e.as(e.owner), u.ID)
	must(t, err)
	if got := d.Roles[core.RoleAdmin]; !slices.Equal(got, sorted(core.SourceDirect, g.Group.ID)) {
		t.Fatalf("Admin sources = %v", got)
	}
	if len(d.Groups) != 2 || d.PrimaryOwner {
		t.Fatalf("detail = %+v", d)
	}
	var gotGroups []string
	for _, x := range d.Groups {
		gotGroups = append(gotGroups, x.ID)
	}
	if !slices.Equal(sorted(gotGroups...), sorted(g.Group.ID, plain.Group.ID)) {
		t.Fatalf("groups = %v", gotGroups)
	}
	own, err := e.svc.AdminGetUser(e.ctx, e.as(e.owner), e.owner.ID)
	must(t, err)
	if !own.PrimaryOwner {
		t.Fatal("the primary owner is not marked")
	}
	nobody := e.user("nobody@acme.test")
	if _, err := e.svc.AdminGetUser(e.ctx, e.as(nobody), u.ID); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("user without a role reads users: %v", err)
	}
	_, otherOwner := e.newCompany("other")
	if _, err := e.svc.AdminGetUser(e.ctx, e.as(e.owner), otherOwner.ID); !core.IsKind(err, core.NotFound) {
		t.Fatalf("another company's user: %v", err)
	}
}

func TestAdminListUsersFiltersAndPages(t *testing.T) {
	e := newEnv(t)
	for i := range 5 {
		e.user(fmt.Sprintf("person%d@acme.test", i))
	}
	e.user("Grace.Hopper@Acme.test")
	p := e.as(e.owner)
	page, err := e.svc.AdminListUsers(e.ctx, p, usecase.AdminUserQuery{Limit: 3})
	must(t, err)
	if page.Total != 7 || len(page.Users) != 3 || page.Next != page.Users[2].User.ID {
		t.Fatalf("first page = total %d, %d users, next %q", page.Total, len(page.Users), page.Next)
	}
	seen := len(page.Users)
	for page.Next != "" {
		page, err = e.svc.AdminListUsers(e.ctx, p, usecase.AdminUserQuery{Limit: 3, After: page.Next})
		must(t, err)
		seen += len(page.Users)
	}
	if seen != 7 {
		t.Fatalf("paged through %d users, want 7", seen)
	}
	byEmail, err := e.svc.AdminListUsers(e.ctx, p, usecase.AdminUserQuery{Email: "grace.hopper@acme.TEST"})
	must(t, err)
	if byEmail.Total != 1 || byEmail.Users[0].User.UserName != "Grace.Hopper@Acme.test" {
		t.Fatalf("?email= = %+v", byEmail)
	}
	byText, err := e.svc.AdminListUsers(e.ctx, p, usecase.AdminUserQuery{Text: "HOPPER"})
	must(t, err)
	if byText.Total != 1 {
		t.Fatalf("?q= found %d", byText.Total)
	}
	byText, err = e.svc.AdminListUsers(e.ctx, p, usecase.AdminUserQuery{Text: "person", Limit: 2})
	must(t, err)
	if byText.Total != 5 || len(byText.Users) != 2 || byText.Next == "" {
		t.Fatalf("?q=person = total %d, %d users", byText.Total, len(byText.Users))
	}
}

func TestAdminAddUserAndDirectRoles(t *testing.T) {
	e := newEnv(t)
	admin := e.user("admin@acme.test", core.RoleAdmin)
	asAdmin := e.as(admin)
	d, err := e.svc.AdminAddUser(e.ctx, asAdmin, usecase.AdminUserInput{Email: "new.person@acme.test", DirectRoles: []string{"Support", "Manage Users"}})
	must(t, err)
	if d.User.Name.GivenName != "New" || d.User.Name.FamilyName != "Person" || !d.User.Active || d.User.Source != core.SourceManual {
		t.Fatalf("added = %+v", d.User)
	}
	if got := e.roles(d.User.ID); !slices.Equal(got, []string{"Support", "Manage Users"}) {
		t.Fatalf("roles = %v", got)
	}
	if _, err := e.svc.AdminAddUser(e.ctx, asAdmin, usecase.AdminUserInput{Email: "NEW.PERSON@acme.test"}); !core.IsKind(err, core.Conflict) {
		t.Fatalf("duplicate email: %v", err)
	}
	if _, err := e.svc.AdminAddUser(e.ctx, asAdmin, usecase.AdminUserInput{Email: "o@acme.test", DirectRoles: []string{"Owner"}}); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("admin grants Owner: %v", err)
	}
	if _, err := e.svc.AdminAddUser(e.ctx, asAdmin, usecase.AdminUserInput{Email: "x@acme.test", DirectRoles: []string{"admin"}}); !core.IsKind(err, core.Invalid) {
		t.Fatalf("misspelt role: %v", err)
	}
	_, err = e.svc.SetDirectRoles(e.ctx, asAdmin, d.User.ID, []string{"Admin"})
	must(t, err)
	if got := e.roles(d.User.ID); !slices.Equal(got, []string{"Admin"}) {
		t.Fatalf("after set = %v", got)
	}
	if grants := e.audits("role.grant"); grants[len(grants)-1].Details["via_group"] != nil {
		t.Fatalf("direct grant audited via a group: %+v", grants[len(grants)-1])
	}
	if _, err := e.svc.SetDirectRoles(e.ctx, asAdmin, e.owner.ID, []string{"Admin"}); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("admin takes Owner away: %v", err)
	}
	if _, err := e.svc.SetDirectRoles(e.ctx, e.as(e.owner), e.owner.ID, []string{"Admin"}); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("primary owner drops Owner: %v", err)
	}
	if got := e.roles(e.owner.ID); !slices.Equal(got, []string{"Owner"}) {
		t.Fatalf("owner roles = %v", got)
	}
	audits := e.auditCount()
	_, err = e.svc.SetDirectRoles(e.ctx, asAdmin, d.User.ID, []string{"Admin", "Admin"})
	must(t, err)
	if e.auditCount() != audits {
		t.Fatal("setting the same roles wrote an audit entry")
	}
}

func TestResetOktaLinkAndTransferPrimaryOwner(t *testing.T) {
	e := newEnv(t)
	u := e.user("linked@acme.test")
	_, err := e.db.Users().Update(e.ctx, e.company.ID, u.ID, func(x *core.User) error {
		x.OktaLink = &core.OktaLink{Issuer: "https://acme.okta.com", Subject: "00u1", LinkedAt: time.Now().UTC().Truncate(time.Millisecond)}
		return nil
	})
	must(t, err)
	admin := e.user("admin@acme.test", core.RoleAdmin)
	must(t, e.svc.ResetOktaLink(e.ctx, e.as(admin), u.ID))
	if got, _ := e.db.Users().Get(e.ctx, e.company.ID, u.ID); got.OktaLink != nil {
		t.Fatal("link not reset")
	}
	if n := len(e.audits("user.okta_link_reset")); n != 1 {
		t.Fatalf("reset audits = %d", n)
	}
	if err := e.svc.ResetOktaLink(e.ctx, e.as(admin), e.owner.ID); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("admin resets an owner's link: %v", err)
	}
	if _, err := e.svc.TransferPrimaryOwner(e.ctx, e.as(admin), u.ID); !core.IsKind(err, core.Forbidden) {
		t.Fatalf("admin transfers: %v", err)
	}
	d, err := e.svc.TransferPrimaryOwner(e.ctx, e.as(e.owner), u.ID)
	must(t, err)
	if !d.PrimaryOwner || !slices.Contains(d.User.DirectRoles, core.RoleOwner) {
		t.Fatalf("new owner = %+v", d)
	}
	if c, _ := e.db.Companies().Get(e.ctx, e.company.ID); c.PrimaryOwnerID != u.ID {
		t.Fatal("company not updated")
	}
	if got := e.roles(e.owner.ID); !slices.Equal(got, []string{"Owner"}) {
		t.Fatalf("old owner lost roles: %v", got)
	}
	g := e.create("Harriet Owner Group", u.ID)
	e.patch(g.Group.ID, remove(u.ID))
	if got := e.roles(u.ID); !slices.Equal(got, []string{"Owner"}) {
		t.Fatalf("new primary owner demoted by a push: %v", got)
	}
	gone := e.user("inactive@acme.test")
	_, err = e.db.Users().Update(e.ctx, e.company.ID, gone.ID, func(x *core.User) error { x.Active = false; return nil })
	must(t, err)
	if _, err := e.svc.TransferPrimaryOwner(e.ctx, e.as(e.owner), gone.ID); !core.IsKind(err, core.Invalid) {
		t.Fatalf("transfer to a deactivated user: %v", err)
	}
}

func TestAdminListGroupsSummaries(t *testing.T) {
	e := newEnv(t)
	u := e.user("m@acme.test")
	e.create("Harriet Admin Group", u.ID)
	res, err := e.svc.CreateGroup(e.ctx, e.okta, usecase.GroupInput{DisplayName: "harriet  admin group", Members: []string{u.ID, "ghost"}})
	must(t, err)
	page, err := e.svc.AdminListGroups(e.ctx, e.as(e.owner), "", 1)
	must(t, err)
	if page.Total != 2 || len(page.Groups) != 1 || page.Next == "" {
		t.Fatalf("page = %+v", page)
	}
	page, err = e.svc.AdminListGroups(e.ctx, e.as(e.owner), page.Next, 10)
	must(t, err)
	s := page.Groups[0]
	if s.Group.ID != res.Group.ID || s.MemberCount != 1 || s.NearMiss != "Harriet Admin Group" ||
		!slices.Equal(s.Group.SkippedMemberIDs, []string{"ghost"}) || page.Next != "" {
		t.Fatalf("summary = %+v", s)
	}
}
