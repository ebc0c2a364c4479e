package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"harriet/adapters/devidp"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// adminAs signs a provisioned user in with Okta after the owner grants them direct
// roles, and returns their browser and ID.
func adminAs(t *testing.T, tn *tenant, email string, roles ...string) (*browser, string) {
	t.Helper()
	id := tn.provision(email)
	if len(roles) > 0 {
		st, body := tn.e.api(http.MethodPut, "/api/v1/users/"+id+"/direct_roles", tn.token, map[string]any{"roles": roles})
		if st != http.StatusOK {
			t.Fatalf("granting %v: %d %v", roles, st, body)
		}
	}
	tn.idp.AddUser(devidp.User{Email: email})
	b := newBrowser(t)
	if p := b.oktaSignIn(tn.e.pub, email); p.status != http.StatusOK || p.url.Path != "/" {
		t.Fatalf("Okta sign-in of %s: %d %s", email, p.status, p.url)
	}
	return b, id
}

func TestAdminPagesSendSignedOutBrowsersToLogin(t *testing.T) {
	e := newEnv(t, 1)
	e.newTenant("acme", "acme.test", startIdP(t), false)
	for _, path := range []string{"/settings/integrations/okta", "/preferences/tokens", "/settings/users?q=ada", "/settings/groups", "/settings/audit"} {
		p := newBrowser(t).get(e.pub + path)
		if p.url.Path != "/login" || p.url.Query().Get("return_to") != path {
			t.Fatalf("signed out, %s ended at %s", path, p.url)
		}
	}
}

func TestAdminAddsUsersAndGrantsRolesWithinPermissions(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	admin, _ := adminAs(t, acme, "admin@acme.test", "Admin")
	page := admin.get(e.pub + "/settings/users")
	mustContain(t, page, "Add a user by hand", `value="Support"`)
	if strings.Contains(page.body, `name="role" value="Owner"`) {
		t.Fatal("an Admin is offered to grant Owner")
	}
	p := admin.post(e.pub+"/settings/users", url.Values{"email": {"new@acme.test"}, "role": {"Owner"}})
	if p.status != http.StatusForbidden || !strings.Contains(p.body, "only Owners can") {
		t.Fatalf("an Admin granting Owner: %d\n%s", p.status, p.body)
	}
	if _, err := e.db.Users().ByEmail(e.ctx, acme.company.ID, "new@acme.test"); !core.IsKind(err, core.NotFound) {
		t.Fatalf("a refused add stored the user: %v", err)
	}
	p = admin.post(e.pub+"/settings/users", url.Values{"email": {"new@acme.test"}, "given_name": {"Nia"}, "role": {"Support"}})
	mustContain(t, p, "User added.", "Nia", "Support")
	u, err := e.db.Users().ByEmail(e.ctx, acme.company.ID, "new@acme.test")
	if err != nil || len(u.DirectRoles) != 1 || u.DirectRoles[0] != core.RoleSupport || u.Source != core.SourceManual {
		t.Fatalf("stored user = %+v, %v", u, err)
	}
	p = admin.post(e.pub+"/settings/users", url.Values{"email": {"NEW@acme.test"}})
	if p.status != http.StatusConflict || !regexp.MustCompile(`id="email-error"[^>]*>.*already`).MatchString(p.body) {
		t.Fatalf("a second user with the same email: %d\n%s", p.status, p.body)
	}
	p = admin.post(e.pub+"/settings/users/"+u.ID+"/roles", url.Values{"role": {"Support", "Manage Users"}})
	mustContain(t, p, "Direct roles saved.")
	if got := acme.user(u.ID).DirectRoles; len(got) != 2 {
		t.Fatalf("direct roles = %v", got)
	}
	p = admin.post(e.pub+"/settings/users/"+acme.owner.ID+"/roles", url.Values{})
	if p.status != http.StatusForbidden || !acme.user(acme.owner.ID).Active || len(acme.user(acme.owner.ID).DirectRoles) != 1 {
		t.Fatalf("an Admin took Owner from the primary owner: %d", p.status)
	}
	// An Owner's roles are the Owners' to change: the page says so and offers no
	// form, and a post anyway is refused and changes nothing.
	page = admin.get(e.pub + "/settings/users/" + acme.owner.ID)
	mustContain(t, page, "which is as powerful as Owner, so only an Owner can change their roles")
	if strings.Contains(page.body, "Save direct roles") || !strings.Contains(page.body, `value="Support" disabled`) {
		t.Fatal("an Admin is offered to change an Owner's roles")
	}
	p = admin.post(e.pub+"/settings/users/"+acme.owner.ID+"/roles", url.Values{"role": {"Owner", "Restricted access"}})
	if p.status != http.StatusForbidden || len(acme.user(acme.owner.ID).DirectRoles) != 1 {
		t.Fatalf("an Admin changed the primary owner's roles: %d %v", p.status, acme.user(acme.owner.ID).DirectRoles)
	}
	mustContain(t, p, "Only an Owner can change the roles of a user who holds Owner.")
}

func TestTokenIsShownOnceAndRevokedWithConfirmation(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	owner := newBrowser(t)
	owner.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	p := owner.post(e.pub+"/preferences/tokens", url.Values{"name": {"Okta"}, "scope": {"scim"}})
	secret := regexp.MustCompile(`hrt_[A-Za-z0-9]{49}`).FindString(p.body)
	if p.url.Path != "/preferences/tokens" || !core.WellFormedToken(secret) || !strings.Contains(p.body, "It will not be shown again") {
		t.Fatalf("after creating a token: %s\n%s", p.url, p.body)
	}
	if again := owner.get(e.pub + "/preferences/tokens"); strings.Contains(again.body, secret) {
		t.Fatal("the token is shown a second time")
	}
	if st, _ := e.api(http.MethodGet, "/scim/v2/Users", secret, nil); st != http.StatusOK {
		t.Fatalf("the new provisioning token does not work on SCIM: %d", st)
	}
	tokens, _ := e.db.Tokens().List(e.ctx, acme.company.ID, allTokens())
	var id string
	for _, tk := range tokens {
		if tk.Name == "Okta" {
			id = tk.ID
		}
	}
	confirm := owner.get(e.pub + "/preferences/tokens/" + id + "/revoke")
	mustContain(t, confirm, "Revoke “Okta”?", "Okta stops provisioning")
	if st, _ := e.api(http.MethodGet, "/scim/v2/Users", secret, nil); st != http.StatusOK {
		t.Fatal("opening the confirmation revoked the token")
	}
	mustContain(t, owner.post(e.pub+"/preferences/tokens/"+id+"/revoke", nil), "Token revoked.")
	if st, _ := e.api(http.MethodGet, "/scim/v2/Users", secret, nil); st != http.StatusUnauthorized {
		t.Fatalf("a revoked token still works: %d", st)
	}
	admin, _ := adminAs(t, acme, "admin@acme.test", "Admin")
	p = admin.post(e.pub+"/preferences/tokens", url.Values{"name": {"Mine"}, "scope": {"scim"}})
	if p.status != http.StatusForbidden || !strings.Contains(p.body, `id="scope-error"`) {
		t.Fatalf("an Admin making a provisioning token: %d\n%s", p.status, p.body)
	}
}

func TestGroupPagesKeepDeleteAndFlagAbandoned(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	ada := acme.provision("ada@acme.test")
	st, body := e.api(http.MethodPost, "/scim/v2/Groups", acme.token, map[string]any{
		"displayName": "Harriet Admin Group", "members": []map[string]any{{"value": ada}}})
	if st != http.StatusCreated {
		t.Fatalf("push: %d %v", st, body)
	}
	gid := body["id"].(string)
	e.clock.advance(usecase.AbandonedAfter + time.Hour)
	owner := newBrowser(t)
	owner.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	mustContain(t, owner.get(e.pub+"/settings/groups"), "Possibly abandoned: Okta has not changed it for 90 days.")
	confirm := owner.get(e.pub + "/settings/groups/" + gid + "/delete")
	mustContain(t, confirm, "Its 1 member loses the <strong>Admin</strong> role")
	g, _ := e.db.Groups().Get(e.ctx, acme.company.ID, gid)
	stale := strconv.FormatInt(g.Version, 10)
	mustContain(t, owner.post(e.pub+"/settings/groups/"+gid+"/keep", url.Values{"version": {stale}}), "Kept as a Harriet group.")
	if g, _ = e.db.Groups().Get(e.ctx, acme.company.ID, gid); g.ManagedByOkta {
		t.Fatal("a kept group is still managed by Okta")
	}
	if p := owner.post(e.pub+"/settings/groups/"+gid+"/delete", url.Values{"version": {stale}}); p.status != http.StatusPreconditionFailed {
		t.Fatalf("a delete confirmed on an older version: %d", p.status)
	}
	mustContain(t, owner.post(e.pub+"/settings/groups/"+gid+"/delete", url.Values{"version": {strconv.FormatInt(g.Version, 10)}}), "Group deleted.")
	if _, err := e.db.Groups().Get(e.ctx, acme.company.ID, gid); !core.IsKind(err, core.NotFound) {
		t.Fatalf("the group is still there: %v", err)
	}
	if d, _ := e.apps[0].Service.AdminGetUser(e.ctx, core.Principal{CompanyID: acme.company.ID, Kind: core.ActorOperator}, ada); d.Roles.Has(core.RoleAdmin) {
		t.Fatal("ada keeps Admin after the group is deleted")
	}
	actions := strings.Join(acme.auditActions(), " ")
	for _, a := range []string{"group.keep", "group.delete", "group.member_remove", "role.revoke"} {
		if !strings.Contains(actions, a) {
			t.Fatalf("no %s in the audit log: %s", a, actions)
		}
	}
}

func TestAdminPostsFromAnotherSiteAreRefused(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	owner := newBrowser(t)
	owner.passwordSignIn(e.pub, "owner@acme.test", ownerPassword)
	before := len(acme.auditActions())
	for path, form := range map[string]url.Values{
		"/settings/integrations/okta":                           {"domain": {"evil.example"}},
		"/preferences/tokens":                                   {"name": {"x"}, "scope": {"scim"}},
		"/settings/users":                                       {"email": {"evil@acme.test"}, "role": {"Owner"}},
		"/settings/users/" + acme.owner.ID + "/roles":           {},
		"/settings/users/" + acme.owner.ID + "/okta-link/reset": {},
	} {
		p := owner.post(e.pub+path, form, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "Request refused") {
			t.Fatalf("cross-site POST %s: %d", path, p.status)
		}
	}
	if after := len(acme.auditActions()); after != before {
		t.Fatalf("cross-site posts changed something: %d audit entries, were %d", after, before)
	}
}

func TestUserWithoutRoleGets403Pages(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	sam, _ := adminAs(t, acme, "sam@acme.test")
	for _, path := range []string{"/settings/integrations/okta", "/preferences/tokens", "/settings/users", "/settings/groups", "/settings/audit"} {
		p := sam.get(e.pub + path)
		if p.status != http.StatusForbidden || !strings.Contains(p.body, "You don&#39;t have access to this page") {
			t.Fatalf("%s for a user without a role: %d\n%s", path, p.status, p.body)
		}
	}
}

func allTokens() ports.TokenQuery { return ports.TokenQuery{IncludeRevoked: true} }
