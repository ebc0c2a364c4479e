package scimapi_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/tests/storecount"
)

// GET /Users lists each user's groups reading each distinct group once; a request
// that leaves groups out (excludedAttributes=groups, or attributes without groups)
// reads no membership at all.
func TestUserListGroupReads(t *testing.T) {
	e := newGWEnv(t)
	const nUsers, nGroups = 30, 4
	ids := make([]string, 0, nUsers)
	for i := range nUsers {
		ids = append(ids, e.user(fmt.Sprintf("member%02d@acme.test", i)))
	}
	now := system.Clock{}.Now()
	for g := range nGroups {
		grp := core.Group{ID: system.IDs{}.New(), CompanyID: e.company.ID, DisplayName: fmt.Sprintf("Team %d", g),
			ManagedByOkta: true, Version: 1, CreatedAt: now, UpdatedAt: now}
		gwMust(t, e.db.Groups().Create(context.Background(), grp))
		_, err := e.db.Members().Add(context.Background(), e.company.ID, grp.ID, ids, now)
		gwMust(t, err)
	}
	counter := storecount.New(e.db)
	e.svc.Store = counter
	for _, tc := range []struct {
		query      string
		withGroups bool
	}{
		{"", true},
		{"&attributes=userName,groups", true},
		{"&excludedAttributes=groups", false},
		{"&excludedAttributes=emails,groups", false},
		{"&attributes=userName,name,emails,active", false},
	} {
		counter.N.Reset()
		a := e.expect(e.do(http.MethodGet, "/Users?startIndex=1&count=100"+tc.query, ""), http.StatusOK)
		resources, _ := a.body["Resources"].([]any)
		if len(resources) != nUsers+1 {
			t.Fatalf("%s: %d users listed, want %d", tc.query, len(resources), nUsers+1)
		}
		listed := 0
		for _, r := range resources {
			groups, present := r.(map[string]any)["groups"]
			if present != tc.withGroups {
				t.Fatalf("%s: groups present=%v in %v", tc.query, present, r)
			}
			if list, _ := groups.([]any); len(list) == nGroups {
				listed++
			}
		}
		reads, gets := counter.N.GroupsOf.Load(), counter.N.GroupGets.Load()
		switch {
		case tc.withGroups && (listed != nUsers || gets > nGroups):
			t.Errorf("%s: %d users listed with their %d groups, %d group reads (at most %d)",
				tc.query, listed, nGroups, gets, nGroups)
		case !tc.withGroups && (reads != 0 || gets != 0):
			t.Errorf("%s: groups left out, yet %d membership reads and %d group reads", tc.query, reads, gets)
		}
	}
}
