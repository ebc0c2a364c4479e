package httpapi_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"harriet/adapters/system"
	"harriet/core"
)

func TestMeAsPrimaryOwner(t *testing.T) {
	e := newEnv(t)
	got := expect(t, e.do(e.ownerCred(), "GET", "/api/v1/me", nil), 200).obj(t)
	if !reflect.DeepEqual(keysOf(got), userKeys) {
		t.Fatalf("keys %v, want %v", keysOf(got), userKeys)
	}
	want := map[string]any{
		"id": e.owner.ID, "email": "owner@acme.com", "user_name": "owner@acme.com",
		"name": map[string]any{"given": "Owner", "family": "Owner"}, "active": true,
		"roles": []any{"Owner"}, "direct_roles": []any{"Owner"}, "groups": []any{},
		"role_sources": map[string]any{"Owner": []any{"direct"}}, "okta_link": nil, "primary_owner": true, "deleted_at": nil,
		"created_at": e.owner.CreatedAt.Format("2006-01-02T15:04:05.000Z"),
	}
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
}

func TestMeWithGroupsAndLink(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.addUser(e.company.ID, "jane.doe@acme.com", core.RoleAdmin)
	now := system.Clock{}.Now()
	roleGroup := core.Group{ID: system.IDs{}.New(), CompanyID: e.company.ID, DisplayName: "Harriet Admin Group", Version: 1, CreatedAt: now, UpdatedAt: now}
	plain := core.Group{ID: system.IDs{}.New(), CompanyID: e.company.ID, DisplayName: "harriet admin group", Version: 1, CreatedAt: now, UpdatedAt: now}
	for _, g := range []core.Group{roleGroup, plain} {
		if err := e.db.Groups().Create(ctx, g); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.Members().Add(ctx, e.company.ID, g.ID, []string{u.ID}, now); err != nil {
			t.Fatal(err)
		}
	}
	linked := now.Add(-time.Hour)
	if _, err := e.db.Users().Update(ctx, e.company.ID, u.ID, func(u *core.User) error {
		u.OktaLink = &core.OktaLink{Issuer: "https://acme.okta.com", Subject: "00u1", LinkedAt: linked}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got := expect(t, e.do(session(u), "GET", "/api/v1/me", nil), 200).obj(t)
	if got["primary_owner"] != false || !reflect.DeepEqual(got["roles"], []any{"Admin"}) ||
		!reflect.DeepEqual(got["name"], map[string]any{"given": "Jane", "family": "Doe"}) {
		t.Fatalf("me %v", got)
	}
	wantSources := []any{"direct", roleGroup.ID}
	if roleGroup.ID < "direct" {
		wantSources = []any{roleGroup.ID, "direct"}
	}
	if !reflect.DeepEqual(got["role_sources"], map[string]any{"Admin": wantSources}) {
		t.Fatalf("role_sources %v", got["role_sources"])
	}
	groups := map[string]any{}
	for _, g := range got["groups"].([]any) {
		g := g.(map[string]any)
		groups[g["name"].(string)] = g["role"]
	}
	if !reflect.DeepEqual(groups, map[string]any{"Harriet Admin Group": "Admin", "harriet admin group": nil}) {
		t.Fatalf("groups %v", got["groups"])
	}
	wantLink := map[string]any{"issuer": "https://acme.okta.com", "subject": "00u1", "linked_at": linked.Format("2006-01-02T15:04:05.000Z")}
	if !reflect.DeepEqual(got["okta_link"], wantLink) {
		t.Fatalf("okta_link %v", got["okta_link"])
	}
}

func TestMeAsPlainUser(t *testing.T) {
	e := newEnv(t)
	u := e.addUser(e.company.ID, "plain@acme.com")
	got := expect(t, e.do(session(u), "GET", "/api/v1/me", nil), 200).obj(t)
	if got["id"] != u.ID || !reflect.DeepEqual(got["roles"], []any{}) || !reflect.DeepEqual(got["direct_roles"], []any{}) ||
		!reflect.DeepEqual(got["role_sources"], map[string]any{}) {
		t.Fatalf("me %v", got)
	}
}
