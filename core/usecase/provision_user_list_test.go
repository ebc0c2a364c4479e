package usecase_test

import (
	"fmt"
	"slices"
	"testing"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/tests/storecount"
)

// A page of users who share groups reads each distinct group once, whatever the
// number of memberships, and lists exactly the groups a single read gives.
func TestListUsersReadsEachGroupOnce(t *testing.T) {
	e := newEnv(t)
	const nUsers, nGroups = 40, 6
	var users []string
	for i := range nUsers {
		users = append(users, e.user(fmt.Sprintf("u%02d@acme.test", i)).ID)
	}
	for g := range nGroups {
		// Group g holds every user whose index is not a multiple of g+2, so the users'
		// group lists differ; the last group is a role group.
		var members []string
		for i, id := range users {
			if i%(g+2) != 0 {
				members = append(members, id)
			}
		}
		name := fmt.Sprintf("Team %d", g)
		if g == nGroups-1 {
			name = "Harriet Admin Group"
		}
		e.create(name, members...)
	}
	counter := storecount.New(e.db)
	svc := &usecase.Service{Store: counter, Clock: system.Clock{}, IDs: system.IDs{}}
	list := func(q usecase.UserQuery) usecase.UserList {
		t.Helper()
		counter.N.Reset()
		l, err := svc.ListUsers(e.ctx, e.okta, q)
		must(t, err)
		return l
	}

	page := list(usecase.UserQuery{WithGroups: true, Page: usecase.Page{StartIndex: 1, Count: 100}})
	if page.Total != nUsers+1 || len(page.Users) != nUsers+1 {
		t.Fatalf("listed %d of %d users, want %d", len(page.Users), page.Total, nUsers+1)
	}
	if n := counter.N.GroupGets.Load(); n > nGroups {
		t.Errorf("a page of %d users read groups %d times; at most %d distinct groups", len(page.Users), n, nGroups)
	}
	memberships := 0
	for _, rec := range page.Users {
		want, err := e.svc.GetUser(e.ctx, e.okta, rec.User.ID, true)
		must(t, err)
		memberships += len(want.Groups)
		if rec.Groups == nil || !sameGroups(rec.Groups, want.Groups) {
			t.Errorf("user %s listed groups %v, a read gives %v", rec.User.UserName, groupNames(rec.Groups), groupNames(want.Groups))
		}
	}
	if memberships < 3*nUsers {
		t.Fatalf("only %d memberships: the test does not exercise sharing", memberships)
	}

	// A filter on groups loads them while scanning: still once per group.
	admins := list(usecase.UserQuery{MatchGroups: true, WithGroups: true, Page: usecase.Page{StartIndex: 1, Count: 100},
		Match: func(r usecase.UserRecord) bool { return slices.ContainsFunc(r.Groups, isAdminGroup) }})
	if admins.Total == 0 || admins.Total == nUsers+1 {
		t.Fatalf("filter on groups matched %d users", admins.Total)
	}
	if n := counter.N.GroupGets.Load(); n > nGroups {
		t.Errorf("a scan matching on groups read groups %d times; at most %d", n, nGroups)
	}

	// Without groups, no membership and no group is read.
	slim := list(usecase.UserQuery{Page: usecase.Page{StartIndex: 1, Count: 100}})
	if len(slim.Users) != nUsers+1 || counter.N.GroupsOf.Load() != 0 || counter.N.GroupGets.Load() != 0 {
		t.Errorf("list without groups: %d users, %d membership reads, %d group reads",
			len(slim.Users), counter.N.GroupsOf.Load(), counter.N.GroupGets.Load())
	}
	for _, rec := range slim.Users {
		if rec.Groups != nil {
			t.Fatalf("groups loaded though not asked for: %+v", rec)
		}
	}
}

func isAdminGroup(g core.Group) bool { return g.DisplayName == "Harriet Admin Group" }

func sameGroups(a, b []core.Group) bool {
	return slices.EqualFunc(a, b, func(x, y core.Group) bool {
		return x.ID == y.ID && x.DisplayName == y.DisplayName && x.Version == y.Version
	})
}

func groupNames(gs []core.Group) []string {
	out := []string{}
	for _, g := range gs {
		out = append(out, g.DisplayName)
	}
	return out
}
