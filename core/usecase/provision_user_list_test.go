package usecase_test

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// groupReadCounter counts group reads and membership reads by user, to prove what a
// user list costs.
type groupReadCounter struct {
	ports.Store
	groupGets, groupsOf atomic.Int64
}

func (s *groupReadCounter) Groups() ports.GroupRepo {
	return countedGroups{GroupRepo: s.Store.Groups(), n: &s.groupGets}
}

func (s *groupReadCounter) Members() ports.MembershipRepo {
	return countedMemberships{MembershipRepo: s.Store.Members(), n: &s.groupsOf}
}

func (s *groupReadCounter) reset() { s.groupGets.Store(0); s.groupsOf.Store(0) }

type countedGroups struct {
	ports.GroupRepo
	n *atomic.Int64
}

func (g countedGroups) Get(ctx context.Context, cid, id string) (core.Group, error) {
	g.n.Add(1)
	return g.GroupRepo.Get(ctx, cid, id)
}

type countedMemberships struct {
	ports.MembershipRepo
	n *atomic.Int64
}

func (m countedMemberships) GroupsOf(ctx context.Context, cid, uid string) ([]string, error) {
	m.n.Add(1)
	return m.MembershipRepo.GroupsOf(ctx, cid, uid)
}

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
	counter := &groupReadCounter{Store: e.db}
	svc := &usecase.Service{Store: counter, Clock: system.Clock{}, IDs: system.IDs{}}
	list := func(q usecase.UserQuery) usecase.UserList {
		t.Helper()
		counter.reset()
		l, err := svc.ListUsers(e.ctx, e.okta, q)
		must(t, err)
		return l
	}

	page := list(usecase.UserQuery{WithGroups: true, Page: usecase.Page{StartIndex: 1, Count: 100}})
	if page.Total != nUsers+1 || len(page.Users) != nUsers+1 {
		t.Fatalf("listed %d of %d users, want %d", len(page.Users), page.Total, nUsers+1)
	}
	if n := counter.groupGets.Load(); n > nGroups {
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
	if n := counter.groupGets.Load(); n > nGroups {
		t.Errorf("a scan matching on groups read groups %d times; at most %d", n, nGroups)
	}

	// Without groups, no membership and no group is read.
	slim := list(usecase.UserQuery{Page: usecase.Page{StartIndex: 1, Count: 100}})
	if len(slim.Users) != nUsers+1 || counter.groupsOf.Load() != 0 || counter.groupGets.Load() != 0 {
		t.Errorf("list without groups: %d users, %d membership reads, %d group reads",
			len(slim.Users), counter.groupsOf.Load(), counter.groupGets.Load())
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
