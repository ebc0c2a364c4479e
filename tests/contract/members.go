package contract

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"harriet/core"
	"harriet/ports"
)

func memberChecks() []check {
	return []check{
		{"Members/AddRemove", memberAddRemove},
		{"Members/BothWaysAgree", memberBothWays},
		{"Members/RemoveUser", memberRemoveUser},
		{"Members/Paging", memberPaging},
		{"Members/NotFound", memberNotFound},
		{"Members/ConcurrentAdds", memberConcurrentAdds},
	}
}

func (k *kit) addMembers(cid, gid string, uids ...string) []string {
	k.t.Helper()
	added, err := k.s.Members().Add(k.ctx, cid, gid, uids, k.now())
	k.must(err)
	return added
}

// wantMembership checks both directions against want (group ID → member IDs): every
// group of the company lists exactly its members in ID order and counts them, and
// each of users lists exactly the groups that have it.
func (k *kit) wantMembership(cid string, want map[string][]string, users ...string) {
	k.t.Helper()
	gs, err := k.s.Groups().List(k.ctx, cid, listAll)
	k.must(err)
	groupsOf := map[string][]string{}
	for _, g := range gs {
		got, err := k.s.Members().Members(k.ctx, cid, g.ID, listAll)
		k.must(err)
		sameIDs(k.t, "Members of "+g.DisplayName, got, sorted(want[g.ID]))
		n, err := k.s.Members().CountMembers(k.ctx, cid, g.ID)
		k.must(err)
		if n != len(want[g.ID]) {
			k.t.Fatalf("CountMembers of %s: %d, want %d", g.DisplayName, n, len(want[g.ID]))
		}
		for _, u := range want[g.ID] {
			groupsOf[u] = append(groupsOf[u], g.ID)
		}
	}
	for _, u := range users {
		got, err := k.s.Members().GroupsOf(k.ctx, cid, u)
		k.must(err)
		sameIDs(k.t, "GroupsOf "+u, got, sorted(groupsOf[u]))
	}
}

func memberAddRemove(t *testing.T, k *kit) {
	c := k.company("acme")
	g := k.group(c.ID, "Eng")
	u := []string{k.user(c.ID, "u1", "").ID, k.user(c.ID, "u2", "").ID, k.user(c.ID, "u3", "").ID}
	sameSet(t, "Add names a user twice", k.addMembers(c.ID, g.ID, u[0], u[1], u[0]), u[:2])
	k.wantMembership(c.ID, map[string][]string{g.ID: u[:2]}, u...)
	sameSet(t, "Add of a present member", k.addMembers(c.ID, g.ID, u[1], u[2]), u[2:])
	k.wantMembership(c.ID, map[string][]string{g.ID: u}, u...)
	removed, err := k.s.Members().Remove(k.ctx, c.ID, g.ID, []string{u[1], k.id()})
	k.must(err)
	sameSet(t, "Remove of an absent member", removed, u[1:2])
	k.wantMembership(c.ID, map[string][]string{g.ID: {u[0], u[2]}}, u...)
	removed, err = k.s.Members().Remove(k.ctx, c.ID, g.ID, []string{u[1]})
	k.must(err)
	sameSet(t, "Remove of a member already removed", removed, nil)
	sameSet(t, "Add with no users", k.addMembers(c.ID, g.ID), nil)
}

// memberBothWays applies random adds and removes to three groups and checks both
// directions against a model after every operation.
func memberBothWays(t *testing.T, k *kit) {
	c := k.company("acme")
	var gids, uids []string
	for _, n := range []string{"A", "B", "C"} {
		gids = append(gids, k.group(c.ID, n).ID)
	}
	for _, n := range []string{"u1", "u2", "u3", "u4", "u5"} {
		uids = append(uids, k.user(c.ID, n, "").ID)
	}
	model := map[string]map[string]bool{}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 30 {
		g := gids[rng.IntN(len(gids))]
		pick := []string{uids[rng.IntN(len(uids))], uids[rng.IntN(len(uids))]}
		if model[g] == nil {
			model[g] = map[string]bool{}
		}
		if rng.IntN(2) == 0 {
			k.addMembers(c.ID, g, pick...)
			model[g][pick[0]], model[g][pick[1]] = true, true
		} else {
			_, err := k.s.Members().Remove(k.ctx, c.ID, g, pick)
			k.must(err)
			delete(model[g], pick[0])
			delete(model[g], pick[1])
		}
		want := map[string][]string{}
		for g, set := range model {
			for u := range set {
				want[g] = append(want[g], u)
			}
		}
		k.wantMembership(c.ID, want, uids...)
	}
}

func memberRemoveUser(t *testing.T, k *kit) {
	c := k.company("acme")
	g1, g2, g3 := k.group(c.ID, "A"), k.group(c.ID, "B"), k.group(c.ID, "C")
	u, v := k.user(c.ID, "u", ""), k.user(c.ID, "v", "")
	for _, g := range []core.Group{g1, g2, g3} {
		k.addMembers(c.ID, g.ID, u.ID, v.ID)
	}
	k.deleteUser(u) // the use cases delete, then end memberships, in one transaction
	gids, err := k.s.Members().RemoveUser(k.ctx, c.ID, u.ID)
	k.must(err)
	sameSet(t, "RemoveUser returns the groups", gids, []string{g1.ID, g2.ID, g3.ID})
	k.wantMembership(c.ID, map[string][]string{g1.ID: {v.ID}, g2.ID: {v.ID}, g3.ID: {v.ID}}, u.ID, v.ID)
	gids, err = k.s.Members().RemoveUser(k.ctx, c.ID, u.ID)
	k.must(err)
	sameSet(t, "RemoveUser of a user in no group", gids, nil)
}

func memberPaging(t *testing.T, k *kit) {
	c := k.company("acme")
	g := k.group(c.ID, "Eng")
	var uids []string
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"} {
		uids = append(uids, k.user(c.ID, n, "").ID)
	}
	shuffled := slices.Clone(uids)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	k.addMembers(c.ID, g.ID, shuffled...)
	list := func(q ports.ListQuery) []string {
		t.Helper()
		ids, err := k.s.Members().Members(k.ctx, c.ID, g.ID, q)
		k.must(err)
		return ids
	}
	sameIDs(t, "Members in ID order", list(listAll), uids)
	sameIDs(t, "walk by After", walkAfter(list, 4, false), uids)
	sameIDs(t, "walk by Offset", walkOffset(list, 4, false), uids)
	sameIDs(t, "After and Offset", list(ports.ListQuery{After: uids[0], Offset: 2, Limit: 3}), uids[3:6])
}

func memberNotFound(t *testing.T, k *kit) {
	a, b := k.company("acme"), k.company("globex")
	ga, gb := k.group(a.ID, "Eng"), k.group(b.ID, "Eng")
	ua, ub := k.user(a.ID, "alice", ""), k.user(b.ID, "bob", "")
	k.addMembers(b.ID, gb.ID, ub.ID)
	for _, gid := range []string{k.id(), gb.ID} {
		_, err := k.s.Members().Add(k.ctx, a.ID, gid, []string{ua.ID}, k.now())
		wantKind(t, err, core.NotFound, "Add to an unknown or another company's group")
		_, err = k.s.Members().Remove(k.ctx, a.ID, gid, []string{ub.ID})
		wantKind(t, err, core.NotFound, "Remove from an unknown or another company's group")
		_, err = k.s.Members().Members(k.ctx, a.ID, gid, listAll)
		wantKind(t, err, core.NotFound, "Members of an unknown or another company's group")
		_, err = k.s.Members().CountMembers(k.ctx, a.ID, gid)
		wantKind(t, err, core.NotFound, "CountMembers of an unknown or another company's group")
	}
	for _, uid := range []string{k.id(), ub.ID} {
		_, err := k.s.Members().Add(k.ctx, a.ID, ga.ID, []string{ua.ID, uid}, k.now())
		wantKind(t, err, core.NotFound, "Add of an unknown or another company's user")
		_, err = k.s.Members().GroupsOf(k.ctx, a.ID, uid)
		wantKind(t, err, core.NotFound, "GroupsOf an unknown or another company's user")
		_, err = k.s.Members().RemoveUser(k.ctx, a.ID, uid)
		wantKind(t, err, core.NotFound, "RemoveUser of an unknown or another company's user")
	}
	k.wantMembership(a.ID, map[string][]string{}, ua.ID)
	k.wantMembership(b.ID, map[string][]string{gb.ID: {ub.ID}}, ub.ID)
}

// memberConcurrentAdds adds different users to one group from many goroutines at
// once: every add lands.
func memberConcurrentAdds(t *testing.T, k *kit) {
	const workers = 16
	c := k.company("acme")
	g := k.group(c.ID, "Everyone")
	uids := make([]string, workers)
	for i := range uids {
		uids[i] = k.user(c.ID, "user"+string(rune('a'+i)), "").ID
	}
	at := k.now()
	var wg sync.WaitGroup
	for _, uid := range uids {
		wg.Go(func() {
			added, err := k.s.Members().Add(k.ctx, c.ID, g.ID, []string{uid}, at)
			if err != nil || len(added) != 1 {
				t.Errorf("concurrent Add of %s: added %v, %v", uid, added, err)
			}
		})
	}
	wg.Wait()
	k.wantMembership(c.ID, map[string][]string{g.ID: uids}, uids...)
}
