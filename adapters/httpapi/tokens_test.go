package httpapi_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"harriet/core"
	"harriet/ports"
)

// createToken POSTs a token and returns the answer object.
func (e *env) createToken(c cred, name, scope string) map[string]any {
	e.t.Helper()
	return expect(e.t, e.do(c, "POST", "/api/v1/tokens", map[string]any{"name": name, "scope": scope}), 201).obj(e.t)
}

func (e *env) storedToken(companyID, id string) core.Token {
	e.t.Helper()
	tok, err := e.db.Tokens().Get(context.Background(), companyID, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func TestTokenCreatedAndShownOnce(t *testing.T) {
	e := newEnv(t)
	got := e.createToken(e.ownerCred(), "laptop", "personal")
	want := []string{"created_at", "created_by", "id", "name", "prefix", "scope", "token"}
	if !reflect.DeepEqual(keysOf(got), want) {
		t.Fatalf("keys %v, want %v", keysOf(got), want)
	}
	secret := got["token"].(string)
	if !core.WellFormedToken(secret) || got["scope"] != "personal" || got["name"] != "laptop" ||
		got["created_by"] != e.owner.ID || !strings.HasPrefix(secret, got["prefix"].(string)) {
		t.Fatalf("answer %v", got)
	}
	stored := e.storedToken(e.company.ID, got["id"].(string))
	if !bytes.Equal(stored.Hash, core.HashToken(secret)) || stored.CreatedBy != e.owner.ID {
		t.Fatalf("stored %+v", stored)
	}
	// the new token works, and no later answer shows it
	p, err := e.svc.AuthenticateToken(context.Background(), secret, "r1")
	if err != nil || p.User.ID != e.owner.ID || p.CompanyID != e.company.ID {
		t.Fatalf("authenticate: %+v %v", p, err)
	}
	list := expect(t, e.do(bearer(secret), "GET", "/api/v1/tokens", nil), 200)
	if bytes.Contains(list.raw, []byte(secret)) || bytes.Contains(list.raw, []byte(`"token"`)) {
		t.Fatalf("the list shows the token: %s", list.raw)
	}
	items := list.obj(t)["items"].([]any)
	if len(items) != 2 || list.obj(t)["total"] != float64(2) {
		t.Fatalf("list %s", list.raw)
	}
	item := items[1].(map[string]any)
	wantItem := []string{"created_at", "created_by", "id", "last_used_at", "name", "prefix", "scope"}
	if !reflect.DeepEqual(keysOf(item), wantItem) || item["id"] != got["id"] {
		t.Fatalf("item %v", item)
	}
	if entries := e.auditEntries(e.company.ID, "token.create"); len(entries) != 2 || entries[0].Target.ID != got["id"] {
		t.Fatalf("token.create entries %+v", entries)
	}
}

func TestTokenPermissions(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		role                    core.Role
		personal, scim, listAll bool
	}{
		{core.RoleOwner, true, true, true},
		{core.RoleAdmin, true, false, false},
		{core.RoleManageAPIKeys, true, true, true},
		{core.RoleManageIntegrations, false, false, false},
		{core.RoleManageUsers, false, false, false},
		{"", false, false, false},
	}
	status := map[bool]int{true: 201, false: 403}
	for i, c := range cases {
		t.Run(string(c.role), func(t *testing.T) {
			var roles []core.Role
			if c.role != "" {
				roles = []core.Role{c.role}
			}
			u := e.addUser(e.company.ID, fmt.Sprintf("tok%d@acme.com", i), roles...)
			before, _ := e.db.Tokens().List(context.Background(), e.company.ID, ports.TokenQuery{})
			expect(t, e.do(session(u), "POST", "/api/v1/tokens", map[string]any{"name": "p"}), status[c.personal])
			expect(t, e.do(session(u), "POST", "/api/v1/tokens", map[string]any{"name": "s", "scope": "scim"}), status[c.scim])
			after, _ := e.db.Tokens().List(context.Background(), e.company.ID, ports.TokenQuery{})
			made := 0
			for _, ok := range []bool{c.personal, c.scim} {
				if ok {
					made++
				}
			}
			if len(after)-len(before) != made {
				t.Fatalf("%d tokens stored, want %d", len(after)-len(before), made)
			}
			all := e.do(session(u), "GET", "/api/v1/tokens?all=true", nil)
			if c.listAll {
				if n := int(expect(t, all, 200).obj(t)["total"].(float64)); n != len(after) {
					t.Fatalf("all=true lists %d of %d", n, len(after))
				}
			} else {
				expectError(t, all, 403, "forbidden", "permission")
			}
			own := e.do(session(u), "GET", "/api/v1/tokens", nil)
			if c.personal {
				expect(t, own, 200)
			} else {
				expectError(t, own, 403, "forbidden", "permission")
			}
		})
	}
}

func TestTokenRevoke(t *testing.T) {
	e := newEnv(t)
	admin := e.addUser(e.company.ID, "admin@acme.com", core.RoleAdmin)
	adminTok := e.createToken(session(admin), "admin laptop", "personal")
	ownerTok := e.createToken(e.ownerCred(), "owner laptop", "personal")

	// an Admin may not revoke the Owner's token; the Owner may revoke the Admin's
	expectError(t, e.do(session(admin), "DELETE", "/api/v1/tokens/"+ownerTok["id"].(string), nil), 403, "forbidden", "another person's token")
	if !e.storedToken(e.company.ID, ownerTok["id"].(string)).Usable() {
		t.Fatal("a refused revoke revoked")
	}
	expect(t, e.do(e.ownerCred(), "DELETE", "/api/v1/tokens/"+adminTok["id"].(string), nil), 204)
	if e.storedToken(e.company.ID, adminTok["id"].(string)).Usable() {
		t.Fatal("not revoked in the store")
	}
	if _, err := e.svc.AuthenticateToken(context.Background(), adminTok["token"].(string), "r"); !core.IsKind(err, core.Unauthenticated) {
		t.Fatalf("a revoked token still authenticates: %v", err)
	}
	expectError(t, e.do(bearer(adminTok["token"].(string)), "GET", "/api/v1/me", nil), 401, "unauthenticated", "revoked")
	// revoking again changes nothing
	expect(t, e.do(e.ownerCred(), "DELETE", "/api/v1/tokens/"+adminTok["id"].(string), nil), 204)
	if n := len(e.auditEntries(e.company.ID, "token.revoke")); n != 1 {
		t.Fatalf("%d token.revoke entries, want 1", n)
	}
	// an own token may revoke itself
	expect(t, e.do(bearer(ownerTok["token"].(string)), "DELETE", "/api/v1/tokens/"+ownerTok["id"].(string), nil), 204)
	expect(t, e.do(bearer(ownerTok["token"].(string)), "GET", "/api/v1/me", nil), 401)
	expectError(t, e.do(e.ownerCred(), "DELETE", "/api/v1/tokens/no-such-id", nil), 404, "not_found", "No API token")
}

func TestTokenOfAnotherCompanyIsNotFound(t *testing.T) {
	e := newEnv(t)
	e.bootstrap("globex", "boss@globex.com")
	globexSecret := e.operatorToken("globex", "boss@globex.com", core.ScopeSCIM)
	p, err := e.svc.AuthenticateToken(context.Background(), globexSecret, "r")
	if err != nil {
		t.Fatal(err)
	}
	expectError(t, e.do(e.ownerCred(), "DELETE", "/api/v1/tokens/"+p.TokenID, nil), 404, "not_found", "No API token")
	if _, err := e.svc.AuthenticateToken(context.Background(), globexSecret, "r"); err != nil {
		t.Fatalf("another company's revoke stopped the token: %v", err)
	}
	all := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/tokens?all=true", nil), 200)
	if strings.Contains(string(all.raw), p.TokenID) {
		t.Fatal("another company's token is listed")
	}
}

func TestPersonalTokenStopsWhenUserDeactivated(t *testing.T) {
	e := newEnv(t)
	keeper := e.addUser(e.company.ID, "keys@acme.com", core.RoleManageAPIKeys)
	personal := e.createToken(session(keeper), "mine", "personal")["token"].(string)
	scim := e.createToken(session(keeper), "okta", "scim")["token"].(string)
	expect(t, e.do(bearer(personal), "GET", "/api/v1/me", nil), 200)

	e.deactivate(keeper)
	if _, err := e.svc.AuthenticateToken(context.Background(), personal, "r"); !core.IsKind(err, core.Unauthenticated) {
		t.Fatalf("a deactivated user's personal token authenticates: %v", err)
	}
	expect(t, e.do(bearer(personal), "GET", "/api/v1/tokens", nil), 401)
	p, err := e.svc.AuthenticateToken(context.Background(), scim, "r")
	if err != nil || p.Scope != core.ScopeSCIM || p.CompanyID != e.company.ID {
		t.Fatalf("the provisioning token stopped with its creator: %+v %v", p, err)
	}
}

func TestProvisioningTokenRefusedOnAdminAPI(t *testing.T) {
	e := newEnv(t)
	scim := e.createToken(e.ownerCred(), "okta", "scim")
	if scim["scope"] != "scim" {
		t.Fatalf("scope %v", scim["scope"])
	}
	for _, path := range []string{"/api/v1/me", "/api/v1/tokens", "/api/v1/integrations/okta", "/api/v1/audit"} {
		expectError(t, e.do(bearer(scim["token"].(string)), "GET", path, nil), 401, "unauthenticated", "only on /scim/v2")
	}
	a := e.do(bearer(scim["token"].(string)), "POST", "/api/v1/tokens", map[string]any{"name": "escalate", "scope": "scim"})
	expectError(t, a, 401, "unauthenticated", "provisioning")
	list, _ := e.db.Tokens().List(context.Background(), e.company.ID, ports.TokenQuery{})
	if len(list) != 2 {
		t.Fatalf("%d tokens, want 2", len(list))
	}
}

func TestTokenInput(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		body any
		want string
	}{
		{map[string]any{"name": ""}, "name"},
		{map[string]any{"name": "   "}, "name"},
		{map[string]any{"scope": "personal"}, "name"},
		{map[string]any{"name": strings.Repeat("x", 101)}, "at most 100"},
		{map[string]any{"name": "x", "scope": "admin"}, `"personal"`},
		{map[string]any{"name": "x", "scopes": "scim"}, `"scopes"`},
	}
	for _, c := range cases {
		expectError(t, e.do(e.ownerCred(), "POST", "/api/v1/tokens", c.body), 400, "invalid", c.want)
	}
	got := e.createToken(e.ownerCred(), strings.Repeat("y", 100), "")
	if got["scope"] != "personal" {
		t.Fatalf("default scope %v", got["scope"])
	}
	list, _ := e.db.Tokens().List(context.Background(), e.company.ID, ports.TokenQuery{})
	if len(list) != 2 {
		t.Fatalf("%d tokens stored, want 2", len(list))
	}
}

func TestTokenListPaging(t *testing.T) {
	e := newEnv(t)
	for i := range 4 {
		e.createToken(e.ownerCred(), fmt.Sprintf("t%d", i), "personal")
	}
	var ids []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatal("paging does not end")
		}
		m := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/tokens?limit=2&cursor="+cursor, nil), 200).obj(t)
		if m["total"] != float64(5) {
			t.Fatalf("total %v", m["total"])
		}
		for _, it := range m["items"].([]any) {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		cursor = m["next_cursor"].(string)
		if cursor == "" {
			break
		}
	}
	if len(ids) != 5 {
		t.Fatalf("pages gave %d tokens: %v", len(ids), ids)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Fatalf("not in creation order: %v", ids)
		}
	}
	for _, q := range []string{"limit=0", "limit=501", "limit=ten", "cursor=not%20a%20cursor", "all=maybe"} {
		param := strings.SplitN(q, "=", 2)[0]
		expectError(t, e.do(e.ownerCred(), "GET", "/api/v1/tokens?"+q, nil), 400, "invalid", param)
	}
}
