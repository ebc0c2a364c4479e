package httpapi_test

import (
	"reflect"
	"testing"

	"harriet/core"
)

func TestAuditLog(t *testing.T) {
	e := newEnv(t)
	admin := e.addUser(e.company.ID, "admin@acme.com", core.RoleAdmin)
	expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", fullIntegration()), 200)
	tok := e.createToken(session(admin), "admin laptop", "personal")
	expect(t, e.do(session(admin), "DELETE", "/api/v1/tokens/"+tok["id"].(string), nil), 204)

	m := expect(t, e.do(session(admin), "GET", "/api/v1/audit", nil), 200).obj(t)
	items := m["items"].([]any)
	// bootstrap (company + user), the owner's token, save, create, revoke
	actions := []string{}
	for _, it := range items {
		actions = append(actions, it.(map[string]any)["action"].(string))
	}
	want := []string{"token.revoke", "token.create", "integration.save", "token.create", "user.create", "company.bootstrap"}
	if !reflect.DeepEqual(actions, want) || m["total"] != float64(6) || m["next_cursor"] != "" {
		t.Fatalf("actions %v total %v next %v", actions, m["total"], m["next_cursor"])
	}
	revoke := items[0].(map[string]any)
	wantKeys := []string{"action", "actor", "at", "details", "id", "request_id", "target"}
	if !reflect.DeepEqual(keysOf(revoke), wantKeys) {
		t.Fatalf("keys %v", keysOf(revoke))
	}
	if !reflect.DeepEqual(revoke["actor"], map[string]any{"kind": "user", "id": admin.ID, "name": "admin@acme.com"}) ||
		!reflect.DeepEqual(revoke["target"], map[string]any{"kind": "token", "id": tok["id"], "name": "admin laptop"}) ||
		revoke["request_id"] != "req-session" {
		t.Fatalf("revoke entry %v", revoke)
	}
	save := items[2].(map[string]any)
	if save["actor"].(map[string]any)["kind"] != "token" || save["details"].(map[string]any)["token_scope"] != "personal" {
		t.Fatalf("save entry %v", save)
	}
	boot := items[5].(map[string]any)
	if boot["actor"].(map[string]any)["kind"] != "operator" {
		t.Fatalf("bootstrap entry %v", boot)
	}

	// filters and paging
	f := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/audit?action=token.create&limit=1", nil), 200).obj(t)
	first := f["items"].([]any)
	if len(first) != 1 || f["total"] != float64(2) || f["next_cursor"] == "" {
		t.Fatalf("filtered page %v", f)
	}
	g := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/audit?action=token.create&limit=1&cursor="+f["next_cursor"].(string), nil), 200).obj(t)
	second := g["items"].([]any)
	if len(second) != 1 || g["next_cursor"] != "" || second[0].(map[string]any)["id"] == first[0].(map[string]any)["id"] {
		t.Fatalf("second page %v", g)
	}
	byActor := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/audit?actor="+admin.ID, nil), 200).obj(t)
	if byActor["total"] != float64(2) {
		t.Fatalf("by actor %v", byActor)
	}
	byTarget := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/audit?target="+tok["id"].(string), nil), 200).obj(t)
	if byTarget["total"] != float64(2) {
		t.Fatalf("by target %v", byTarget)
	}
	expectError(t, e.do(e.ownerCred(), "GET", "/api/v1/audit?limit=-1", nil), 400, "invalid", "limit")
}

func TestAuditPermissions(t *testing.T) {
	e := newEnv(t)
	for i, role := range []core.Role{core.RoleManageAPIKeys, core.RoleManageIntegrations, core.RoleManageUsers, ""} {
		var roles []core.Role
		if role != "" {
			roles = []core.Role{role}
		}
		u := e.addUser(e.company.ID, string(rune('a'+i))+"@acme.com", roles...)
		expectError(t, e.do(session(u), "GET", "/api/v1/audit", nil), 403, "forbidden", "audit log")
	}
}
