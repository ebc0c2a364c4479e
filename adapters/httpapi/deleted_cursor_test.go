package httpapi_test

import (
	"context"
	"testing"
	"time"

	"harriet/adapters/system"
	"harriet/core"
)

// A deleted user, listed with ?include_deleted=true, says when it was deleted; a
// live one (deactivated or not) says null, so "active": false is no longer the only
// sign and a deactivated user is not taken for a deleted one.
func TestListedUsersSayWhenTheyWereDeleted(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	gone := e.addUser(e.company.ID, "gone@acme.com")
	off := e.addUser(e.company.ID, "off@acme.com")
	e.deactivate(off)
	at := time.Date(2026, 5, 6, 7, 8, 9, 123e6, time.UTC)
	if _, err := e.db.Users().Update(ctx, e.company.ID, gone.ID, func(u *core.User) error {
		u.DeletedAt, u.Active = &at, false
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	m := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/users?include_deleted=true", nil), 200).obj(t)
	seen := map[string]any{}
	for _, it := range m["items"].([]any) {
		u := it.(map[string]any)
		d, ok := u["deleted_at"]
		if !ok {
			t.Fatalf("a listed user has no deleted_at: %v", u)
		}
		seen[u["id"].(string)] = d
	}
	if seen[gone.ID] != "2026-05-06T07:08:09.123Z" || seen[off.ID] != nil || seen[e.owner.ID] != nil || len(seen) != 3 {
		t.Fatalf("deleted_at by user: %v", seen)
	}
}

// Every /api/v1 list refuses a cursor that is not an ID, naming it, instead of
// answering an empty page; an ID that is no record's is a position, and answers.
func TestListsRefuseACursorThatIsNotAnID(t *testing.T) {
	e := newEnv(t)
	for _, list := range []string{"/api/v1/users?", "/api/v1/users?q=a&", "/api/v1/groups?", "/api/v1/audit?", "/api/v1/tokens?", "/api/v1/tokens?all=true&"} {
		for _, bad := range []string{"garbage", "0193A7C2-5E4F-7D1A-9B2C-3D4E5F6A7B8C", "not%20a%20cursor", "ghost-1", "%00"} {
			expectError(t, e.do(e.ownerCred(), "GET", list+"cursor="+bad, nil), 400, "invalid", "cursor")
		}
		expect(t, e.do(e.ownerCred(), "GET", list+"cursor="+system.IDs{}.New(), nil), 200)
	}
}
