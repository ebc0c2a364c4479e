package contract

import (
	"fmt"
	"testing"

	"harriet/core"
	"harriet/ports"
)

// listAll asks for every live record.
var listAll = ports.ListQuery{}

func userListChecks() []check {
	return []check{
		{"Users/ListPaging", userListPaging},
		{"Users/Count", userCount},
	}
}

// seedUsers stores n users and soft-deletes every one whose index is in deleted.
// It returns the IDs of all of them and of the live ones, in ID order.
func (k *kit) seedUsers(cid string, n int, deleted map[int]bool) (all, live []string) {
	k.t.Helper()
	for i := range n {
		u := k.user(cid, fmt.Sprintf("user%03d", i), fmt.Sprintf("user%03d@example.com", i))
		all = append(all, u.ID)
		if deleted[i] {
			k.deleteUser(u)
		} else {
			live = append(live, u.ID)
		}
	}
	return all, live
}

func userListPaging(t *testing.T, k *kit) {
	c := k.company("acme")
	other := k.company("globex")
	k.seedUsers(other.ID, 3, nil)
	all, live := k.seedUsers(c.ID, 23, map[int]bool{0: true, 7: true, 8: true, 22: true})
	list := func(q ports.ListQuery) []string {
		t.Helper()
		us, err := k.s.Users().List(k.ctx, c.ID, q)
		k.must(err)
		return userIDs(us)
	}
	sameIDs(t, "List of live users", list(listAll), live)
	sameIDs(t, "List with IncludeDeleted", list(ports.ListQuery{IncludeDeleted: true}), all)
	for _, del := range []bool{false, true} {
		want := map[bool][]string{false: live, true: all}[del]
		sameIDs(t, "walk by After", walkAfter(list, 6, del), want)
		sameIDs(t, "walk by Offset", walkOffset(list, 6, del), want)
	}
	sameIDs(t, "After and Offset together", list(ports.ListQuery{After: live[4], Offset: 2, Limit: 3}), live[7:10])
	sameIDs(t, "After a deleted user's ID", list(ports.ListQuery{After: all[7], Limit: 2}), live[6:8])
	sameIDs(t, "Offset past the end", list(ports.ListQuery{Offset: 100}), nil)
	sameIDs(t, "After the last ID", list(ports.ListQuery{After: all[22]}), nil)
}

// walkAfter pages with the keyset cursor After and checks no page is longer than limit.
func walkAfter(list func(ports.ListQuery) []string, limit int, del bool) []string {
	var out []string
	after := ""
	for range 100 {
		page := list(ports.ListQuery{After: after, Limit: limit, IncludeDeleted: del})
		if len(page) > limit {
			return append(out, "page-too-long")
		}
		out = append(out, page...)
		if len(page) < limit {
			break
		}
		after = page[len(page)-1]
	}
	return out
}

// walkOffset pages with Offset, as SCIM's startIndex does.
func walkOffset(list func(ports.ListQuery) []string, limit int, del bool) []string {
	var out []string
	for off := 0; off < 100*limit; off += limit {
		page := list(ports.ListQuery{Offset: off, Limit: limit, IncludeDeleted: del})
		out = append(out, page...)
		if len(page) < limit {
			break
		}
	}
	return out
}

func userCount(t *testing.T, k *kit) {
	c := k.company("acme")
	k.wantCounts(c.ID, 0, 0)
	_, live := k.seedUsers(c.ID, 5, map[int]bool{2: true})
	k.wantCounts(c.ID, 4, 5)
	u := k.getUser(c.ID, live[0])
	_, err := k.s.Users().Update(k.ctx, c.ID, u.ID, func(u *core.User) error { u.Active = false; return nil })
	k.must(err)
	k.wantCounts(c.ID, 4, 5) // deactivated is not deleted
	k.deleteUser(u)
	k.wantCounts(c.ID, 3, 5)
	other := k.company("globex")
	k.wantCounts(other.ID, 0, 0)
}
