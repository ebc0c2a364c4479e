package httpapi_test

import (
	"context"
	"reflect"
	"testing"

	"harriet/core"
)

func TestTransferPrimaryOwner(t *testing.T) {
	e := newEnv(t)
	admin := e.addUser(e.company.ID, "admin@acme.com", core.RoleAdmin)
	next := e.addUser(e.company.ID, "next@acme.com")
	expectError(t, e.do(session(admin), "PUT", "/api/v1/company/primary_owner", map[string]any{"user_id": next.ID}), 403, "forbidden", "Owners")
	expectError(t, e.do(e.ownerCred(), "PUT", "/api/v1/company/primary_owner", map[string]any{"user_id": "nope"}), 404, "not_found", "No user")
	expectError(t, e.do(e.ownerCred(), "PUT", "/api/v1/company/primary_owner", map[string]any{}), 400, "invalid", "user_id")
	got := expect(t, e.do(e.ownerCred(), "PUT", "/api/v1/company/primary_owner", map[string]any{"user_id": next.ID}), 200).obj(t)
	if got["id"] != next.ID || got["primary_owner"] != true || !reflect.DeepEqual(got["direct_roles"], []any{"Owner"}) {
		t.Fatalf("new owner %v", got)
	}
	c, err := e.db.Companies().Get(context.Background(), e.company.ID)
	if err != nil || c.PrimaryOwnerID != next.ID {
		t.Fatalf("company %+v %v", c, err)
	}
	old := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/users/"+e.owner.ID, nil), 200).obj(t)
	if old["primary_owner"] != false || !reflect.DeepEqual(old["roles"], []any{"Owner"}) {
		t.Fatalf("old owner %v", old)
	}
	if n := len(e.auditEntries(e.company.ID, "company.primary_owner_transfer")); n != 1 {
		t.Fatalf("transfer audits = %d", n)
	}
}
