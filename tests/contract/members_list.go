package contract

import (
	"slices"
	"strings"
	"testing"
	"time"

	"harriet/core"
	"harriet/ports"
)

func memberListChecks() []check {
	return []check{
		{"Members/MembershipsKeepAddedAt", memberListAddedAt},
	}
}

// memberListAddedAt adds members at two different times and reads them back with
// Memberships: each keeps the time it was added (to the millisecond), in user ID
// order, with paging, and another company's group is NotFound.
func memberListAddedAt(t *testing.T, k *kit) {
	c, other := k.company("acme"), k.company("other")
	g := k.group(c.ID, "Eng")
	u1, u2, u3 := k.user(c.ID, "u1", "").ID, k.user(c.ID, "u2", "").ID, k.user(c.ID, "u3", "").ID
	first, second := k.now(), k.now().Add(3*time.Second)
	_, err := k.s.Members().Add(k.ctx, c.ID, g.ID, []string{u1, u3}, first)
	k.must(err)
	_, err = k.s.Members().Add(k.ctx, c.ID, g.ID, []string{u2}, second)
	k.must(err)
	got, err := k.s.Members().Memberships(k.ctx, c.ID, g.ID, listAll)
	k.must(err)
	want := []core.Membership{
		{CompanyID: c.ID, GroupID: g.ID, UserID: u1, AddedAt: first},
		{CompanyID: c.ID, GroupID: g.ID, UserID: u2, AddedAt: second},
		{CompanyID: c.ID, GroupID: g.ID, UserID: u3, AddedAt: first},
	}
	slices.SortFunc(want, func(a, b core.Membership) int { return strings.Compare(a.UserID, b.UserID) })
	if len(got) != len(want) {
		t.Fatalf("Memberships: %d, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].CompanyID != want[i].CompanyID || got[i].GroupID != want[i].GroupID ||
			got[i].UserID != want[i].UserID || !got[i].AddedAt.Equal(want[i].AddedAt) {
			t.Fatalf("Memberships[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	page, err := k.s.Members().Memberships(k.ctx, c.ID, g.ID, ports.ListQuery{After: want[0].UserID, Limit: 1})
	k.must(err)
	if len(page) != 1 || page[0].UserID != want[1].UserID {
		t.Fatalf("Memberships after %s, limit 1: %+v", want[0].UserID, page)
	}
	_, err = k.s.Members().Memberships(k.ctx, other.ID, g.ID, listAll)
	wantKind(t, err, core.NotFound, "Memberships of another company's group")
}
