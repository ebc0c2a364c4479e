package httpapi_test

import (
	"context"
	"reflect"
	"testing"

	"harriet/core"
	"harriet/core/usecase"
)

var groupKeys = []string{"id", "managed_by_okta", "member_count", "name", "near_miss", "okta_changed_at", "role", "skipped_member_ids"}

func TestListGroupsObjects(t *testing.T) {
	e := newEnv(t)
	u := e.addUser(e.company.ID, "m@acme.com")
	admin := e.pushGroup(e.company.ID, "Harriet Admin Group", u.ID, e.owner.ID)
	near := e.pushGroup(e.company.ID, "harriet admin  group", u.ID, "ghost-1")
	first := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/groups?limit=1", nil), 200).obj(t)
	items := first["items"].([]any)
	if first["total"] != float64(2) || len(items) != 1 || first["next_cursor"] != admin {
		t.Fatalf("first page %v", first)
	}
	g := items[0].(map[string]any)
	if !reflect.DeepEqual(keysOf(g), groupKeys) {
		t.Fatalf("keys %v", keysOf(g))
	}
	if g["id"] != admin || g["name"] != "Harriet Admin Group" || g["role"] != "Admin" || g["managed_by_okta"] != true ||
		g["okta_changed_at"] == nil || g["member_count"] != float64(2) || g["near_miss"] != nil ||
		!reflect.DeepEqual(g["skipped_member_ids"], []any{}) {
		t.Fatalf("role group %v", g)
	}
	second := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/groups?limit=1&cursor="+admin, nil), 200).obj(t)
	g = second["items"].([]any)[0].(map[string]any)
	if g["id"] != near || g["role"] != nil || g["near_miss"] != "Harriet Admin Group" || g["member_count"] != float64(1) ||
		!reflect.DeepEqual(g["skipped_member_ids"], []any{"ghost-1"}) || second["next_cursor"] != "" {
		t.Fatalf("near-miss group %v", second)
	}
}

// The role a push grants shows through GET /users/{id}, as group-role-mapping.json
// reads it, and goes when the member is removed.
func TestPushedRoleShowsOnUser(t *testing.T) {
	e := newEnv(t)
	u := e.addUser(e.company.ID, "member@acme.com")
	gid := e.pushGroup(e.company.ID, "Harriet Admin Group")
	roles := func() []any {
		return expect(t, e.do(e.ownerCred(), "GET", "/api/v1/users/"+u.ID, nil), 200).obj(t)["roles"].([]any)
	}
	if len(roles()) != 0 {
		t.Fatal("role before the push")
	}
	okta := core.Principal{CompanyID: e.company.ID, Kind: core.ActorToken, TokenID: "okta", Scope: core.ScopeSCIM}
	patch := func(op usecase.GroupOpKind) {
		_, err := e.svc.PatchGroup(context.Background(), okta, gid, usecase.GroupPatch{Ops: []usecase.GroupOp{{Kind: op, Members: []string{u.ID}}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	patch(usecase.GroupOpAddMembers)
	if !reflect.DeepEqual(roles(), []any{"Admin"}) {
		t.Fatalf("roles after add %v", roles())
	}
	patch(usecase.GroupOpRemoveMembers)
	if len(roles()) != 0 {
		t.Fatalf("roles after remove %v", roles())
	}
}
