package httpapi_test

import (
	"context"
	"reflect"
	"testing"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
)

// pushGroup creates a group as Okta's Group Push does, saving the company's
// integration first when needed, and returns its ID.
func (e *env) pushGroup(companyID, name string, members ...string) string {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.db.Integrations().Get(ctx, companyID); core.IsKind(err, core.NotFound) {
		now := system.Clock{}.Now()
		_, err := e.db.Integrations().Put(ctx, core.Integration{CompanyID: companyID, Domain: companyID + ".test",
			ClientID: "c", LoginDomain: "x.okta.com", Issuer: "https://x.okta.com", CreatedAt: now, UpdatedAt: now})
		if err != nil {
			e.t.Fatal(err)
		}
	}
	okta := core.Principal{CompanyID: companyID, Kind: core.ActorToken, TokenID: "okta", Scope: core.ScopeSCIM}
	res, err := e.svc.CreateGroup(ctx, okta, usecase.GroupInput{DisplayName: name, Members: members, MembersGiven: true})
	if err != nil {
		e.t.Fatal(err)
	}
	return res.Group.ID
}

var userKeys = []string{"active", "created_at", "deleted_at", "direct_roles", "email", "groups", "id", "name", "okta_link",
	"primary_owner", "role_sources", "roles", "updated_at", "user_name"}

func TestGetUserObject(t *testing.T) {
	e := newEnv(t)
	u := e.addUser(e.company.ID, "ada.lovelace@acme.com", core.RoleAdmin)
	gid := e.pushGroup(e.company.ID, "Harriet Admin Group", u.ID)
	plain := e.pushGroup(e.company.ID, "Engineering", u.ID)
	got := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/users/"+u.ID, nil), 200).obj(t)
	if !reflect.DeepEqual(keysOf(got), userKeys) {
		t.Fatalf("keys %v", keysOf(got))
	}
	if got["id"] != u.ID || got["email"] != "ada.lovelace@acme.com" || !reflect.DeepEqual(got["roles"], []any{"Admin"}) ||
		!reflect.DeepEqual(got["direct_roles"], []any{"Admin"}) || got["okta_link"] != nil || got["primary_owner"] != false {
		t.Fatalf("user %v", got)
	}
	sources := got["role_sources"].(map[string]any)["Admin"].([]any)
	if len(sources) != 2 || !containsAll(sources, "direct", gid) {
		t.Fatalf("role_sources %v", got["role_sources"])
	}
	groups := map[string]any{}
	for _, g := range got["groups"].([]any) {
		g := g.(map[string]any)
		groups[g["id"].(string)] = g["role"]
	}
	if !reflect.DeepEqual(groups, map[string]any{gid: "Admin", plain: nil}) {
		t.Fatalf("groups %v", got["groups"])
	}
	owner := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/users/"+e.owner.ID, nil), 200).obj(t)
	if owner["primary_owner"] != true || !reflect.DeepEqual(owner["roles"], []any{"Owner"}) {
		t.Fatalf("owner %v", owner)
	}
	expectError(t, e.do(e.ownerCred(), "GET", "/api/v1/users/nope", nil), 404, "not_found", "No user")
	other, _ := e.bootstrap("other", "boss@other.com")
	stranger := e.addUser(other.ID, "x@other.com")
	expectError(t, e.do(e.ownerCred(), "GET", "/api/v1/users/"+stranger.ID, nil), 404, "not_found", "No user")
}

func containsAll(xs []any, want ...string) bool {
	for _, w := range want {
		found := false
		for _, x := range xs {
			found = found || x == w
		}
		if !found {
			return false
		}
	}
	return true
}

func TestUserReadPermissions(t *testing.T) {
	e := newEnv(t)
	plain := e.addUser(e.company.ID, "plain@acme.com")
	manager := e.addUser(e.company.ID, "manager@acme.com", core.RoleManageUsers)
	expectError(t, e.do(session(plain), "GET", "/api/v1/users", nil), 403, "forbidden", "read users")
	expectError(t, e.do(session(plain), "GET", "/api/v1/groups", nil), 403, "forbidden", "read groups")
	expect(t, e.do(session(manager), "GET", "/api/v1/users", nil), 200)
	expect(t, e.do(session(manager), "GET", "/api/v1/groups", nil), 200)
	expectError(t, e.do(session(manager), "POST", "/api/v1/users", map[string]any{"email": "n@acme.com"}), 403, "forbidden", "add users")
	scim := e.operatorToken("acme", "owner@acme.com", core.ScopeSCIM)
	expect(t, e.do(bearer(scim), "GET", "/api/v1/users", nil), 401)
	expect(t, e.do(cred{}, "GET", "/api/v1/users", nil), 401)
}

func TestListUsersQueries(t *testing.T) {
	e := newEnv(t)
	e.addUser(e.company.ID, "grace.hopper@acme.com")
	gone := e.addUser(e.company.ID, "gone@acme.com")
	for _, x := range []string{"a", "b", "c"} {
		e.addUser(e.company.ID, "person."+x+"@acme.com")
	}
	_, err := e.db.Users().Update(context.Background(), e.company.ID, gone.ID, func(u *core.User) error {
		now := u.UpdatedAt
		u.DeletedAt, u.Active = &now, false
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func(path string) (int, int, string) {
		m := expect(t, e.do(e.ownerCred(), "GET", path, nil), 200).obj(t)
		next, _ := m["next_cursor"].(string)
		return len(m["items"].([]any)), int(m["total"].(float64)), next
	}
	if n, total, _ := count("/api/v1/users"); n != 5 || total != 5 {
		t.Fatalf("list = %d of %d", n, total)
	}
	if n, total, _ := count("/api/v1/users?include_deleted=true"); n != 6 || total != 6 {
		t.Fatalf("with deleted = %d of %d", n, total)
	}
	if n, _, _ := count("/api/v1/users?email=GRACE.HOPPER%40acme.com"); n != 1 {
		t.Fatalf("?email= found %d", n)
	}
	if n, total, next := count("/api/v1/users?q=person&limit=2"); n != 2 || total != 3 || next == "" {
		t.Fatalf("?q=person&limit=2 = %d of %d next %q", n, total, next)
	} else if n, _, next := count("/api/v1/users?q=person&limit=2&cursor=" + next); n != 1 || next != "" {
		t.Fatalf("second page = %d next %q", n, next)
	}
	expectError(t, e.do(e.ownerCred(), "GET", "/api/v1/users?include_deleted=maybe", nil), 400, "invalid", "include_deleted")
}

func TestAddUserByHand(t *testing.T) {
	e := newEnv(t)
	admin := e.addUser(e.company.ID, "admin@acme.com", core.RoleAdmin)
	body := map[string]any{"email": "new.hire@acme.com", "name": map[string]any{"given": "New", "family": "Hire"}, "direct_roles": []string{"Support"}}
	a := expect(t, e.do(session(admin), "POST", "/api/v1/users", body), 201)
	got := a.obj(t)
	if got["email"] != "new.hire@acme.com" || got["user_name"] != "new.hire@acme.com" || got["active"] != true ||
		!reflect.DeepEqual(got["roles"], []any{"Support"}) || a.header.Get("Location") != publicURL+"/api/v1/users/"+got["id"].(string) {
		t.Fatalf("created %v %v", got, a.header)
	}
	stored, err := e.db.Users().Get(context.Background(), e.company.ID, got["id"].(string))
	if err != nil || stored.Source != core.SourceManual || !reflect.DeepEqual(stored.DirectRoles, []core.Role{core.RoleSupport}) {
		t.Fatalf("stored %+v %v", stored, err)
	}
	expectError(t, e.do(session(admin), "POST", "/api/v1/users", map[string]any{"email": "NEW.HIRE@acme.com"}), 409, "conflict", "already")
	expectError(t, e.do(session(admin), "POST", "/api/v1/users", map[string]any{"email": "o@acme.com", "direct_roles": []string{"Owner"}}), 403, "forbidden", "Owner")
	expectError(t, e.do(session(admin), "POST", "/api/v1/users", map[string]any{"email": "not-an-email"}), 400, "invalid", "email")
	expectError(t, e.do(session(admin), "POST", "/api/v1/users", map[string]any{"email": "r@acme.com", "direct_roles": []string{"admin"}}), 400, "invalid", "not a Harriet role")
	expect(t, e.do(e.ownerCred(), "POST", "/api/v1/users", map[string]any{"email": "co.owner@acme.com", "direct_roles": []string{"Owner"}}), 201)
	if n := len(e.auditEntries(e.company.ID, "user.create")); n != 3 { // the bootstrap owner and two by hand
		t.Fatalf("user.create audits = %d", n)
	}
}

func TestSetDirectRolesAndResetLink(t *testing.T) {
	e := newEnv(t)
	admin := e.addUser(e.company.ID, "admin@acme.com", core.RoleAdmin)
	u := e.addUser(e.company.ID, "u@acme.com")
	got := expect(t, e.do(session(admin), "PUT", "/api/v1/users/"+u.ID+"/direct_roles", map[string]any{"roles": []string{"Manage Users", "Support"}}), 200).obj(t)
	if !reflect.DeepEqual(got["direct_roles"], []any{"Support", "Manage Users"}) {
		t.Fatalf("direct_roles %v", got["direct_roles"])
	}
	if n := len(e.auditEntries(e.company.ID, "role.grant")); n < 2 {
		t.Fatalf("role.grant audits = %d", n)
	}
	expectError(t, e.do(session(admin), "PUT", "/api/v1/users/"+u.ID+"/direct_roles", map[string]any{}), 400, "invalid", "roles is required")
	expectError(t, e.do(session(admin), "PUT", "/api/v1/users/"+u.ID+"/direct_roles", map[string]any{"roles": []string{"Owner"}}), 403, "forbidden", "Owner")
	expectError(t, e.do(e.ownerCred(), "PUT", "/api/v1/users/"+e.owner.ID+"/direct_roles", map[string]any{"roles": []string{}}), 403, "forbidden", "primary owner")
	expect(t, e.do(session(admin), "PUT", "/api/v1/users/"+u.ID+"/direct_roles", map[string]any{"roles": []string{}}), 200)
	if d, _ := e.db.Users().Get(context.Background(), e.company.ID, u.ID); len(d.DirectRoles) != 0 {
		t.Fatalf("roles not cleared: %v", d.DirectRoles)
	}
	_, err := e.db.Users().Update(context.Background(), e.company.ID, u.ID, func(x *core.User) error {
		x.OktaLink = &core.OktaLink{Issuer: "https://acme.okta.com", Subject: "00u9", LinkedAt: x.UpdatedAt}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a := expect(t, e.do(session(admin), "DELETE", "/api/v1/users/"+u.ID+"/okta_link", nil), 204)
	if len(a.raw) != 0 {
		t.Fatalf("204 with a body: %s", a.raw)
	}
	if d, _ := e.db.Users().Get(context.Background(), e.company.ID, u.ID); d.OktaLink != nil {
		t.Fatal("link kept")
	}
	if n := len(e.auditEntries(e.company.ID, "user.okta_link_reset")); n != 1 {
		t.Fatalf("reset audits = %d", n)
	}
	expectError(t, e.do(session(admin), "DELETE", "/api/v1/users/"+e.owner.ID+"/okta_link", nil), 403, "forbidden", "Owner")
	expectError(t, e.do(session(admin), "DELETE", "/api/v1/users/nope/okta_link", nil), 404, "not_found", "No user")
}

// An Admin must not reach Owner through a role as powerful as Owner: Manage API Keys
// makes provisioning tokens, and SCIM can push "Harriet Owner Group".
func TestAdminCannotGrantOwnerEquivalentRoles(t *testing.T) {
	e := newEnv(t)
	admin := e.addUser(e.company.ID, "admin@acme.com", core.RoleAdmin)
	keyHolder := e.addUser(e.company.ID, "keys@acme.com", core.RoleManageAPIKeys)
	expectError(t, e.do(session(admin), "PUT", "/api/v1/users/"+admin.ID+"/direct_roles",
		map[string]any{"roles": []string{"Admin", "Manage API Keys"}}), 403, "forbidden", "Manage API Keys")
	expectError(t, e.do(session(admin), "POST", "/api/v1/users",
		map[string]any{"email": "sneaky@acme.com", "direct_roles": []string{"Manage API Keys"}}), 403, "forbidden", "Manage API Keys")
	expectError(t, e.do(session(admin), "PUT", "/api/v1/users/"+keyHolder.ID+"/direct_roles",
		map[string]any{"roles": []string{}}), 403, "forbidden", "Manage API Keys")
	expectError(t, e.do(session(admin), "DELETE", "/api/v1/users/"+keyHolder.ID+"/okta_link", nil), 403, "forbidden", "Manage API Keys")
	stored, err := e.db.Users().Get(context.Background(), e.company.ID, admin.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored.DirectRoles, []core.Role{core.RoleAdmin}) {
		t.Fatalf("the Admin's direct roles changed to %v", stored.DirectRoles)
	}
	if _, err := e.db.Users().ByEmail(context.Background(), e.company.ID, "sneaky@acme.com"); !core.IsKind(err, core.NotFound) {
		t.Fatalf("the refused user was stored: %v", err)
	}
	expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/users/"+admin.ID+"/direct_roles",
		map[string]any{"roles": []string{"Admin", "Manage API Keys"}}), 200)
}

// An Admin changes no role of a user as powerful as an Owner, even one the Admin may
// grant and even keeping the Owner-level role: those users are the Owners' to manage.
func TestAdminCannotChangeTheRolesOfOwnerEquivalentUsers(t *testing.T) {
	e := newEnv(t)
	admin := e.addUser(e.company.ID, "admin@acme.com", core.RoleAdmin)
	owner2 := e.addUser(e.company.ID, "owner2@acme.com", core.RoleOwner)
	keyHolder := e.addUser(e.company.ID, "keys@acme.com", core.RoleManageAPIKeys)
	for who, c := range map[string]struct {
		id    string
		roles []string
		held  string
	}{
		"another owner":       {owner2.ID, []string{"Owner", "Support"}, "Owner"},
		"the primary owner":   {e.owner.ID, []string{"Owner", "Restricted access"}, "Owner"},
		"a Manage API Keys":   {keyHolder.ID, []string{"Manage API Keys", "Support"}, "Manage API Keys"},
		"a Manage API Keys 2": {keyHolder.ID, []string{"Manage API Keys"}, "Manage API Keys"}, // no change asked
	} {
		before, _ := e.db.Users().Get(context.Background(), e.company.ID, c.id)
		expectError(t, e.do(session(admin), "PUT", "/api/v1/users/"+c.id+"/direct_roles",
			map[string]any{"roles": c.roles}), 403, "forbidden", "Only an Owner can change the roles of a user who holds "+c.held)
		after, _ := e.db.Users().Get(context.Background(), e.company.ID, c.id)
		if !reflect.DeepEqual(before.DirectRoles, after.DirectRoles) || before.Version != after.Version {
			t.Fatalf("%s: a refused change was stored: %v -> %v", who, before.DirectRoles, after.DirectRoles)
		}
	}
	// Deactivated, an Owner is still the Owners' to manage: their roles come back
	// with them.
	e.deactivate(owner2)
	expectError(t, e.do(session(admin), "PUT", "/api/v1/users/"+owner2.ID+"/direct_roles",
		map[string]any{"roles": []string{"Owner", "Support"}}), 403, "forbidden", "Only an Owner can change the roles of a user who holds Owner")
	expectError(t, e.do(session(admin), "DELETE", "/api/v1/users/"+owner2.ID+"/okta_link", nil), 403, "forbidden", "Only an Owner")
	expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/users/"+owner2.ID+"/direct_roles",
		map[string]any{"roles": []string{"Owner", "Support"}}), 200)
	plain := e.addUser(e.company.ID, "plain@acme.com")
	expect(t, e.do(session(admin), "PUT", "/api/v1/users/"+plain.ID+"/direct_roles",
		map[string]any{"roles": []string{"Support"}}), 200)
}
