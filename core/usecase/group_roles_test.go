package usecase_test

import (
	"slices"
	"strings"
	"testing"

	"harriet/core"
)

// Every role group name grants exactly its role, and only to its members.
func TestRoleTableEveryGroupGrantsItsRole(t *testing.T) {
	e := newEnv(t)
	outsider := e.user("outsider@acme.test")
	for _, r := range core.AllRoles() {
		name := core.RoleGroupName(r)
		if name == "" {
			t.Fatalf("no group name for %s", r)
		}
		u := e.user("role." + strings.ReplaceAll(strings.ToLower(string(r)), " ", ".") + "@acme.test")
		e.create(name, u.ID)
		if got := e.roles(u.ID); !slices.Equal(got, []string{string(r)}) {
			t.Errorf("member of %q has %v, want [%s]", name, got, r)
		}
	}
	if got := e.roles(outsider.ID); len(got) != 0 {
		t.Fatalf("a user in no group has %v", got)
	}
}

// Names that are almost a role group's grant nothing.
func TestNearMissNamesGrantNothing(t *testing.T) {
	e := newEnv(t)
	for i, name := range []string{"harriet admin group", "HARRIET ADMIN GROUP", "Harriet  Admin Group",
		"Harriet Admin Group ", " Harriet Admin Group", "Harriet Admin group", "Harriet Admins Group", "Harriet Admin"} {
		u := e.user(strings.Repeat("x", i+1) + "@acme.test")
		e.create(name, u.ID)
		if got := e.roles(u.ID); len(got) != 0 {
			t.Errorf("member of %q has roles %v", name, got)
		}
	}
}

// Restricted access takes away exactly the five sensitive roles, whatever grants them.
func TestRestrictedAccessRemovesExactlyFive(t *testing.T) {
	e := newEnv(t)
	var all []core.Role
	for _, r := range core.AllRoles() {
		if r != core.RoleRestrictedAccess {
			all = append(all, r)
		}
	}
	u := e.user("restricted@acme.test", all...)
	e.create("Harriet Access Pay Data Group", u.ID)
	restricted := e.create("Harriet Restricted Access Group", u.ID)
	want := []string{"Owner", "Admin", "Support", "Manage Users", "Manage Knowledge", "Manage Workflows",
		"Manage Embeds", "Manage Integrations", "Manage API Keys", "Restricted access"}
	if got := e.roles(u.ID); !slices.Equal(got, want) {
		t.Fatalf("restricted roles = %v, want %v", got, want)
	}
	revokes := e.audits("role.revoke")
	if len(revokes) != 5 {
		t.Fatalf("joining the restricted group audited %d revocations, want 5", len(revokes))
	}
	e.patch(restricted.Group.ID, remove(u.ID))
	if got := e.roles(u.ID); len(got) != len(all) {
		t.Fatalf("after leaving the restricted group roles = %v", got)
	}
}

// A deactivated user holds no role, from groups or direct.
func TestDeactivatedUserHoldsNoRole(t *testing.T) {
	e := newEnv(t)
	u := e.user("inactive@acme.test", core.RoleSupport)
	e.create("Harriet Admin Group", u.ID)
	if got := e.roles(u.ID); !slices.Equal(got, []string{"Admin", "Support"}) {
		t.Fatalf("active roles = %v", got)
	}
	_, err := e.db.Users().Update(e.ctx, e.company.ID, u.ID, func(x *core.User) error { x.Active = false; return nil })
	must(t, err)
	if got := e.roles(u.ID); len(got) != 0 {
		t.Fatalf("deactivated user has %v", got)
	}
}

// The primary owner keeps Owner whatever Okta pushes: removal, an empty replace, a
// rename away and the group's deletion.
func TestPrimaryOwnerSurvivesDemotingPush(t *testing.T) {
	e := newEnv(t)
	g := e.create("Harriet Owner Group", e.owner.ID)
	e.patch(g.Group.ID, remove(e.owner.ID))
	e.patch(g.Group.ID, add(e.owner.ID))
	e.patch(g.Group.ID, replaceMembers())
	e.patch(g.Group.ID, add(e.owner.ID), rename("Former Owners"))
	must(t, e.svc.DeleteGroup(e.ctx, e.okta, g.Group.ID, nil))
	if got := e.roles(e.owner.ID); !slices.Equal(got, []string{"Owner"}) {
		t.Fatalf("primary owner roles = %v", got)
	}
	if n := len(e.audits("role.revoke")); n != 0 {
		t.Fatalf("%d role revocations audited for a user who kept every role", n)
	}
}

// Rename into a role name grants, rename away revokes, DELETE revokes; a direct role
// survives removal from the group. Each role change is audited with its cause.
func TestRenameAndDeleteGrantAndRevoke(t *testing.T) {
	e := newEnv(t)
	u, direct := e.user("member@acme.test"), e.user("direct@acme.test", core.RoleSupport)
	g := e.create("Helpdesk", u.ID, direct.ID)
	if len(e.roles(u.ID)) != 0 {
		t.Fatal("plain group granted a role")
	}
	e.patch(g.Group.ID, rename("Harriet Support Group"))
	if got := e.roles(u.ID); !slices.Equal(got, []string{"Support"}) {
		t.Fatalf("after rename into a role name: %v", got)
	}
	grants := e.audits("role.grant")
	if len(grants) != 1 || grants[0].Target.ID != u.ID {
		t.Fatalf("grants = %+v", grants)
	}
	d := grants[0].Details
	if d["role"] != "Support" || d["via_group"] != g.Group.ID || !sameStrings(d["before"], nil) ||
		!sameStrings(d["after"], []string{"Support"}) || grants[0].RequestID != "req-test" {
		t.Fatalf("grant details = %+v", grants[0])
	}
	e.patch(g.Group.ID, rename("Helpdesk"))
	if len(e.roles(u.ID)) != 0 || len(e.audits("role.revoke")) != 1 {
		t.Fatalf("rename away: roles %v, revokes %d", e.roles(u.ID), len(e.audits("role.revoke")))
	}
	e.patch(g.Group.ID, rename("Harriet Support Group"))
	e.patch(g.Group.ID, remove(direct.ID))
	if got := e.roles(direct.ID); !slices.Equal(got, []string{"Support"}) {
		t.Fatalf("direct role lost with the group: %v", got)
	}
	must(t, e.svc.DeleteGroup(e.ctx, e.okta, g.Group.ID, nil))
	if len(e.roles(u.ID)) != 0 {
		t.Fatal("DELETE did not revoke")
	}
	revokes := e.audits("role.revoke")
	if len(revokes) != 2 || revokes[1].Target.ID != u.ID || revokes[1].Details["via_group"] != g.Group.ID {
		t.Fatalf("revokes = %+v", revokes)
	}
	if _, err := e.svc.GetGroup(e.ctx, e.okta, g.Group.ID, false); !core.IsKind(err, core.NotFound) {
		t.Fatalf("deleted group: %v", err)
	}
}

// sameStrings compares an audit detail (as stored: []string or []any) with want.
func sameStrings(v any, want []string) bool {
	var got []string
	switch x := v.(type) {
	case []string:
		got = x
	case []any:
		for _, s := range x {
			str, _ := s.(string)
			got = append(got, str)
		}
	}
	return slices.Equal(got, want) || (len(got) == 0 && len(want) == 0)
}
