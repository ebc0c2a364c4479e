package contract

import (
	"testing"

	"harriet/core"
	"harriet/ports"
)

// twoCompanies makes two companies whose users carry the same userName, email and
// externalId.
func (k *kit) twoCompanies() (a, b core.Company, ua, ub core.User) {
	a, b = k.company("acme"), k.company("globex")
	ua, ub = k.newUser(a.ID, "Alice", "alice@example.com"), k.newUser(b.ID, "alice", "ALICE@example.com")
	ua.ExternalID, ub.ExternalID = "ext-1", "ext-1"
	k.must(k.s.Users().Create(k.ctx, ua))
	k.must(k.s.Users().Create(k.ctx, ub))
	ua.Version, ub.Version = 1, 1
	return a, b, ua, ub
}

func userIsolation(t *testing.T, k *kit) {
	a, b, ua, ub := k.twoCompanies()
	for _, side := range []struct {
		c        core.Company
		own, not core.User
	}{{a, ua, ub}, {b, ub, ua}} {
		cid := side.c.ID
		got, err := k.s.Users().ByUserName(k.ctx, cid, "ALICE")
		k.must(err)
		same(t, "ByUserName stays in its company", got, side.own)
		got, err = k.s.Users().ByEmail(k.ctx, cid, "alice@example.com")
		k.must(err)
		same(t, "ByEmail stays in its company", got, side.own)
		list, err := k.s.Users().ByExternalID(k.ctx, cid, "ext-1")
		k.must(err)
		same(t, "ByExternalID stays in its company", list, []core.User{side.own})
		list, err = k.s.Users().List(k.ctx, cid, ports.ListQuery{IncludeDeleted: true})
		k.must(err)
		same(t, "List stays in its company", list, []core.User{side.own})
		n, err := k.s.Users().Count(k.ctx, cid, true)
		k.must(err)
		if n != 1 {
			t.Fatalf("Count in one company sees %d users, want 1", n)
		}
		_, err = k.s.Users().Get(k.ctx, cid, side.not.ID)
		wantKind(t, err, core.NotFound, "Get of another company's user")
		_, err = k.s.Users().Update(k.ctx, cid, side.not.ID, func(u *core.User) error { u.Title = "hijacked"; return nil })
		wantKind(t, err, core.NotFound, "Update of another company's user")
	}
	same(t, "user A untouched", k.getUser(a.ID, ua.ID), ua)
	same(t, "user B untouched", k.getUser(b.ID, ub.ID), ub)
	all, err := k.s.Users().ByEmailAnyCompany(k.ctx, "Alice@Example.com")
	k.must(err)
	sameSet(t, "ByEmailAnyCompany finds the address in every company", userIDs(all), []string{ua.ID, ub.ID})
	k.deleteUser(ua)
	same(t, "deleting in one company leaves the other", k.getUser(b.ID, ub.ID), ub)
}

func userSoftDelete(t *testing.T, k *kit) {
	c := k.company("acme")
	u := k.newUser(c.ID, "alice", "alice@example.com")
	u.ExternalID = "ext-a"
	k.must(k.s.Users().Create(k.ctx, u))
	del := k.deleteUser(u)
	if del.DeletedAt == nil || del.Version != 2 {
		t.Fatalf("soft delete returned %+v", del)
	}
	k.wantGone(c.ID, u)
	list, err := k.s.Users().List(k.ctx, c.ID, ports.ListQuery{IncludeDeleted: true})
	k.must(err)
	same(t, "List with IncludeDeleted shows the deleted user", list, []core.User{del})
	_, err = k.s.Users().Update(k.ctx, c.ID, u.ID, func(u *core.User) error { u.DeletedAt = nil; return nil })
	wantKind(t, err, core.NotFound, "Update of a deleted user")

	again := k.newUser(c.ID, "ALICE", "Alice@Example.com")
	again.ExternalID = "ext-a"
	k.must(k.s.Users().Create(k.ctx, again))
	got, err := k.s.Users().ByUserName(k.ctx, c.ID, "alice")
	k.must(err)
	if got.ID != again.ID {
		t.Fatalf("a new user must take a deleted user's userName: found %s", got.ID)
	}
	got, err = k.s.Users().ByEmail(k.ctx, c.ID, "alice@example.com")
	k.must(err)
	if got.ID != again.ID {
		t.Fatalf("a new user must take a deleted user's email: found %s", got.ID)
	}
	ext, err := k.s.Users().ByExternalID(k.ctx, c.ID, "ext-a")
	k.must(err)
	sameIDs(t, "ByExternalID skips deleted users", userIDs(ext), []string{again.ID})
	k.wantCounts(c.ID, 1, 2)
}

// wantGone checks that a soft-deleted user is NotFound to every lookup and absent
// from lists and counts of live users.
func (k *kit) wantGone(cid string, u core.User) {
	k.t.Helper()
	_, err := k.s.Users().Get(k.ctx, cid, u.ID)
	wantKind(k.t, err, core.NotFound, "Get of a deleted user")
	_, err = k.s.Users().ByUserName(k.ctx, cid, u.UserName)
	wantKind(k.t, err, core.NotFound, "ByUserName of a deleted user")
	if e := u.PrimaryEmail(); e != "" {
		_, err = k.s.Users().ByEmail(k.ctx, cid, e)
		wantKind(k.t, err, core.NotFound, "ByEmail of a deleted user")
		found, err := k.s.Users().ByEmailAnyCompany(k.ctx, e)
		k.must(err)
		for _, x := range found {
			if x.ID == u.ID {
				k.t.Fatalf("ByEmailAnyCompany lists a deleted user")
			}
		}
	}
	if u.ExternalID != "" {
		ext, err := k.s.Users().ByExternalID(k.ctx, cid, u.ExternalID)
		k.must(err)
		for _, x := range ext {
			if x.ID == u.ID {
				k.t.Fatalf("ByExternalID lists a deleted user")
			}
		}
	}
	list, err := k.s.Users().List(k.ctx, cid, ports.ListQuery{})
	k.must(err)
	for _, x := range list {
		if x.ID == u.ID {
			k.t.Fatalf("List without IncludeDeleted lists a deleted user")
		}
	}
}

// wantCounts checks Count of live users and of all users.
func (k *kit) wantCounts(cid string, live, all int) {
	k.t.Helper()
	n, err := k.s.Users().Count(k.ctx, cid, false)
	k.must(err)
	m, err := k.s.Users().Count(k.ctx, cid, true)
	k.must(err)
	if n != live || m != all {
		k.t.Fatalf("Count: %d live and %d in all, want %d and %d", n, m, live, all)
	}
}
