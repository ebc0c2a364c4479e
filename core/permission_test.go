package core

import (
	"slices"
	"testing"
)

// specPermissions is SPEC.md's "Who may do what" table, row by row: the action and
// the roles that may take it (nil with anyone: every signed-in user).
var specPermissions = []struct {
	row    string
	action Action
	anyone bool
	roles  []Role
}{
	{"read own profile, sign out", ActReadOwnProfile, true, nil},
	{"read the Okta integration", ActReadIntegration, false, []Role{RoleOwner, RoleAdmin, RoleManageIntegrations}},
	{"save or delete the Okta integration", ActWriteIntegration, false, []Role{RoleOwner, RoleAdmin, RoleManageIntegrations}},
	{"create, list and revoke own personal tokens", ActManageOwnTokens, false, []Role{RoleOwner, RoleAdmin, RoleManageAPIKeys}},
	{"create provisioning tokens", ActCreateProvisioningToken, false, []Role{RoleOwner, RoleManageAPIKeys}},
	{"list and revoke every token of the company", ActManageAllTokens, false, []Role{RoleOwner, RoleManageAPIKeys}},
	{"use SCIM (with a personal token)", ActUseSCIM, false, []Role{RoleOwner}},
	{"read users and groups", ActReadDirectory, false, []Role{RoleOwner, RoleAdmin, RoleManageUsers}},
	{"add users by hand, grant direct roles, reset a user's Okta link", ActManageUsers, false, []Role{RoleOwner, RoleAdmin}},
	{"read the audit log", ActReadAudit, false, []Role{RoleOwner, RoleAdmin}},
	{"transfer the primary owner", ActTransferPrimaryOwner, false, []Role{RoleOwner}},
}

func holding(roles ...Role) RoleSources {
	rs := RoleSources{}
	for _, r := range roles {
		rs[r] = []string{SourceDirect}
	}
	return rs
}

func TestAllowedMatchesSpecTable(t *testing.T) {
	if len(permissions) != len(specPermissions) {
		t.Fatalf("the code's table has %d actions, SPEC.md's %d", len(permissions), len(specPermissions))
	}
	for _, row := range specPermissions {
		if got := Allowed(RoleSources{}, row.action); got != row.anyone {
			t.Errorf("%s: a user with no role allowed = %v, want %v", row.row, got, row.anyone)
		}
		for _, r := range AllRoles() {
			want := row.anyone || slices.Contains(row.roles, r)
			if got := Allowed(holding(r), row.action); got != want {
				t.Errorf("%s: %s allowed = %v, want %v", row.row, r, got, want)
			}
		}
	}
	if Allowed(holding(AllRoles()...), Action("no_such_action")) {
		t.Error("an action outside the table is allowed")
	}
}

func TestCanGrantRole(t *testing.T) {
	for _, role := range AllRoles() {
		if !CanGrantRole(holding(RoleOwner), role) {
			t.Errorf("an Owner cannot grant %s", role)
		}
		if got, want := CanGrantRole(holding(RoleAdmin), role), role != RoleOwner && role != RoleManageAPIKeys; got != want {
			t.Errorf("an Admin may grant %s = %v, want %v", role, got, want)
		}
		if CanGrantRole(RoleSources{}, role) {
			t.Errorf("a user with no role may grant %s", role)
		}
		for _, holder := range AllRoles() {
			if holder == RoleOwner || holder == RoleAdmin {
				continue
			}
			if CanGrantRole(holding(holder), role) {
				t.Errorf("a %s holder may grant %s", holder, role)
			}
		}
	}
	if !CanGrantRole(holding(RoleAdmin, RoleRestrictedAccess), RoleFinance) {
		t.Error("a restricted Admin cannot grant Finance")
	}
}

func TestPrincipalCan(t *testing.T) {
	var actions []Action
	for _, row := range specPermissions {
		actions = append(actions, row.action)
	}
	// A provisioning token serves SCIM only, whatever its creator holds.
	for _, roles := range []RoleSources{{}, holding(AllRoles()...)} {
		p := Principal{CompanyID: "c", Kind: ActorToken, Scope: ScopeSCIM, Roles: roles}
		for _, a := range actions {
			if got, want := p.Can(a), a == ActUseSCIM; got != want {
				t.Errorf("provisioning token (creator roles %v) Can(%s) = %v, want %v", roles.Roles(), a, got, want)
			}
		}
		if err := p.Require(ActReadOwnProfile, "read your profile"); !IsKind(err, Forbidden) {
			t.Errorf("provisioning token Require(read own profile) = %v, want Forbidden", err)
		}
	}
	// A personal token and a session act with the user's roles.
	for _, kind := range []string{ActorToken, ActorUser} {
		for _, r := range AllRoles() {
			p := Principal{CompanyID: "c", Kind: kind, Scope: ScopePersonal, Roles: holding(r)}
			for _, row := range specPermissions {
				want := Allowed(holding(r), row.action)
				if kind == ActorUser && row.action == ActUseSCIM {
					want = false // SCIM never takes a session
				}
				if got := p.Can(row.action); got != want {
					t.Errorf("%s holding %s Can(%s) = %v, want %v", kind, r, row.action, got, want)
				}
			}
		}
	}
	owner := Principal{CompanyID: "c", Kind: ActorToken, Scope: ScopePersonal, Roles: holding(RoleOwner)}
	keys := Principal{CompanyID: "c", Kind: ActorToken, Scope: ScopePersonal, Roles: holding(RoleManageAPIKeys)}
	if !owner.Can(ActUseSCIM) || keys.Can(ActUseSCIM) {
		t.Errorf("personal tokens on SCIM: Owner %v, Manage API Keys %v; want true, false", owner.Can(ActUseSCIM), keys.Can(ActUseSCIM))
	}
	session := Principal{CompanyID: "c", Kind: ActorUser, Roles: holding(RoleOwner)}
	if session.Can(ActUseSCIM) {
		t.Error("an Owner's session may use SCIM; only tokens may")
	}
	if err := owner.Require(ActTransferPrimaryOwner, "transfer"); err != nil {
		t.Errorf("Owner Require(transfer) = %v", err)
	}
	for _, kind := range []string{ActorOperator, ActorSystem} {
		p := Principal{Kind: kind}
		for _, a := range actions {
			if !p.Can(a) {
				t.Errorf("%s cannot %s", kind, a)
			}
		}
	}
}
