package core

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// specRoleTable is SPEC.md's table of Okta group names and the roles they grant,
// written out again here so that a change to the code's table shows up as a test
// failure, not as a silent change of who is an admin.
var specRoleTable = []struct {
	group string
	role  string
}{
	{"Harriet Owner Group", "Owner"},
	{"Harriet Admin Group", "Admin"},
	{"Harriet Support Group", "Support"},
	{"Harriet Access Personal Data Group", "Access Personal Data"},
	{"Harriet Access Pay Data Group", "Access Pay Data"},
	{"Harriet Manage Users Group", "Manage Users"},
	{"Harriet Manage Knowledge Group", "Manage Knowledge"},
	{"Harriet Manage Workflows Group", "Manage Workflows"},
	{"Harriet Manage Embeds Group", "Manage Embeds"},
	{"Harriet Access Billing Group", "Access Billing"},
	{"Harriet Manage Integrations Group", "Manage Integrations"},
	{"Harriet Export Data Group", "Export Data"},
	{"Harriet Manage API Keys Group", "Manage API Keys"},
	{"Harriet Finance Group", "Finance"},
	{"Harriet Restricted Access Group", "Restricted access"},
}

func TestRoleTableMatchesSpec(t *testing.T) {
	if len(roleGroups) != len(specRoleTable) || len(AllRoles()) != len(specRoleTable) {
		t.Fatalf("code has %d role groups and %d roles, SPEC.md has %d", len(roleGroups), len(AllRoles()), len(specRoleTable))
	}
	for i, row := range specRoleTable {
		r, ok := RoleForGroupName(row.group)
		if !ok || string(r) != row.role {
			t.Errorf("%q grants %q (%v), want %q", row.group, r, ok, row.role)
		}
		if got := AllRoles()[i]; string(got) != row.role {
			t.Errorf("AllRoles()[%d] = %q, want %q (SPEC.md's order)", i, got, row.role)
		}
		if p, ok := ParseRole(row.role); !ok || p != r {
			t.Errorf("ParseRole(%q) = %q, %v", row.role, p, ok)
		}
		if got := RoleGroupName(r); got != row.group {
			t.Errorf("RoleGroupName(%q) = %q, want %q", r, got, row.group)
		}
		if NearMissRoleGroup(row.group) != "" {
			t.Errorf("the exact name %q is reported as a near miss", row.group)
		}
		g := Group{ID: "g", DisplayName: row.group}
		if gr, ok := g.Role(); !ok || gr != r {
			t.Errorf("Group %q Role() = %q, %v", row.group, gr, ok)
		}
		if rs := EffectiveRoles(User{Active: true}, []Group{g}); !slices.Equal(rs.Roles(), []Role{r}) {
			t.Errorf("a member of %q holds %v, want exactly %q", row.group, rs.Roles(), r)
		}
	}
}

func TestNearMissNamesGrantNothing(t *testing.T) {
	for _, row := range specRoleTable {
		for _, name := range nearMisses(row.group) {
			if r, ok := RoleForGroupName(name); ok {
				t.Errorf("near-miss name %q grants %q", name, r)
			}
			if got := NearMissRoleGroup(name); got != row.group {
				t.Errorf("NearMissRoleGroup(%q) = %q, want %q", name, got, row.group)
			}
			if rs := EffectiveRoles(User{Active: true}, []Group{{ID: "g", DisplayName: name}}); len(rs) != 0 {
				t.Errorf("a member of %q holds %v", name, rs.Roles())
			}
		}
	}
	for _, name := range []string{"", "Harriet", "Harriet Admins Group", "Harriet Admin", "Admin", "Harriet-Admin-Group", "Harriet Admin Group s"} {
		if _, ok := RoleForGroupName(name); ok {
			t.Errorf("%q grants a role", name)
		}
		if got := NearMissRoleGroup(name); got != "" {
			t.Errorf("NearMissRoleGroup(%q) = %q, want none", name, got)
		}
	}
	for _, s := range []string{"owner", "OWNER", "Owner ", "Restricted Access", "restricted access", ""} {
		if r, ok := ParseRole(s); ok {
			t.Errorf("ParseRole(%q) = %q: roles are spelled exactly", s, r)
		}
	}
}

// nearMisses are names equal to a role group's after case folding and collapsing
// white space, but not exactly equal.
func nearMisses(name string) []string {
	return []string{
		strings.ToLower(name), strings.ToUpper(name), " " + name, name + " ", "\t" + name,
		strings.Replace(name, " ", "  ", 1), strings.Replace(name, " ", "\u00a0", 1), strings.Replace(name, " ", "\t", 1),
	}
}

func TestEffectiveRolesDirectAndGroupsWithSortedSources(t *testing.T) {
	u := User{Active: true, DirectRoles: []Role{RoleAdmin, RoleSupport}}
	groups := []Group{
		{ID: "g9", DisplayName: "Harriet Admin Group"},
		{ID: "g1", DisplayName: "Harriet Admin Group copy"}, // plain
		{ID: "g5", DisplayName: "Harriet Finance Group"},
		{ID: "g2", DisplayName: "Harriet Admin Group"}, // a second group of the same name cannot exist, but sources still sort
		{ID: "g3", DisplayName: "harriet support group"},
	}
	rs := EffectiveRoles(u, groups)
	want := RoleSources{
		RoleAdmin:   {"direct", "g2", "g9"},
		RoleSupport: {"direct"},
		RoleFinance: {"g5"},
	}
	if len(rs) != len(want) {
		t.Fatalf("roles = %v, want %v", rs, want)
	}
	for r, src := range want {
		if !slices.Equal(rs[r], src) {
			t.Errorf("sources of %s = %v, want %v", r, rs[r], src)
		}
	}
	if got := rs.Roles(); !slices.Equal(got, []Role{RoleAdmin, RoleSupport, RoleFinance}) {
		t.Errorf("Roles() = %v, want table order", got)
	}
	if !rs.Has(RoleFinance) || rs.Has(RoleOwner) {
		t.Errorf("Has: %v", rs)
	}
	if got := (RoleSources{}).Roles(); got == nil || len(got) != 0 {
		t.Errorf("no roles = %#v, want an empty list", got)
	}
}

func TestRestrictedAccessRemovesExactlyTheFive(t *testing.T) {
	five := []Role{RoleAccessPersonalData, RoleAccessPayData, RoleExportData, RoleAccessBilling, RoleFinance}
	all := AllRoles()
	var allGroups, groupsButRestricted []Group
	for _, row := range specRoleTable {
		g := Group{ID: "g-" + row.role, DisplayName: row.group}
		allGroups = append(allGroups, g)
		if row.role != string(RoleRestrictedAccess) {
			groupsButRestricted = append(groupsButRestricted, g)
		}
	}
	allButRestricted := all[:len(all)-1]
	for name, c := range map[string]struct {
		u      User
		groups []Group
	}{
		"every role direct":                    {User{Active: true, DirectRoles: all}, nil},
		"every role from groups":               {User{Active: true}, allGroups},
		"restricted direct, the rest by group": {User{Active: true, DirectRoles: []Role{RoleRestrictedAccess}}, groupsButRestricted},
		"restricted by group, the rest direct": {User{Active: true, DirectRoles: allButRestricted},
			[]Group{{ID: "gr", DisplayName: "Harriet Restricted Access Group"}}},
	} {
		rs := EffectiveRoles(c.u, c.groups)
		for _, r := range all {
			if got, want := rs.Has(r), !slices.Contains(five, r); got != want {
				t.Errorf("%s: has %s = %v, want %v", name, r, got, want)
			}
		}
	}
	if rs := EffectiveRoles(User{Active: true, DirectRoles: allButRestricted}, nil); len(rs) != len(allButRestricted) {
		t.Errorf("an unrestricted user lost roles: holds %v", rs.Roles())
	}
}

func TestDeactivatedOrDeletedUserHoldsNoRole(t *testing.T) {
	groups := []Group{{ID: "g", DisplayName: "Harriet Owner Group"}}
	deleted := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for name, u := range map[string]User{
		"deactivated":             {Active: false, DirectRoles: []Role{RoleAdmin}},
		"deleted":                 {Active: false, DirectRoles: []Role{RoleAdmin}, DeletedAt: &deleted},
		"deleted, flagged active": {Active: true, DirectRoles: []Role{RoleAdmin}, DeletedAt: &deleted},
	} {
		if rs := EffectiveRoles(u, groups); len(rs) != 0 {
			t.Errorf("%s user holds %v", name, rs.Roles())
		}
	}
}
