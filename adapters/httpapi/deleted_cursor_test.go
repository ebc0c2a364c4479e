package httpapi_test

import (
	"context"
	"strings"
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

// Every /api/v1 list refuses a cursor that cannot be an ID (SPEC.md: IDs are
// [A-Za-z0-9-]), naming it, instead of answering an empty page. IDs are opaque, so a
// value that could be one ("garbage" too) is a position and answers a page, even
// when it names no record.
func TestListsRefuseACursorThatIsNotAnID(t *testing.T) {
	e := newEnv(t)
	tooLong := strings.Repeat("a", core.MaxIDLen+1)
	for _, list := range []string{"/api/v1/users?", "/api/v1/users?q=a&", "/api/v1/groups?", "/api/v1/audit?", "/api/v1/tokens?", "/api/v1/tokens?all=true&"} {
		for _, bad := range []string{"garbage!", "not%20a%20cursor", "100%25", "under_score", "%00", "%C3%BC", tooLong} {
			expectError(t, e.do(e.ownerCred(), "GET", list+"cursor="+bad, nil), 400, "invalid", "cursor")
		}
		for _, position := range []string{system.IDs{}.New(), "garbage", "ghost-1", "0193A7C2-5E4F-7D1A-9B2C-3D4E5F6A7B8C", strings.Repeat("z", core.MaxIDLen)} {
			expect(t, e.do(e.ownerCred(), "GET", list+"cursor="+position, nil), 200)
		}
	}
	// a cursor past every ID answers the empty last page
	m := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/users?cursor=zzz", nil), 200).obj(t)
	if items := m["items"].([]any); len(items) != 0 || m["next_cursor"] != "" {
		t.Fatalf("past the end: %v", m)
	}
}
