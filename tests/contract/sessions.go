package contract

import (
	"testing"
	"time"

	"harriet/core"
)

func sessionChecks() []check {
	return []check{
		{"Sessions/Lifecycle", sessionLifecycle},
		{"Sessions/DeleteForUser", sessionDeleteForUser},
	}
}

func (k *kit) session(cid, uid string) core.Session {
	k.t.Helper()
	secret, err := core.NewTokenSecret() // any random secret will do as a session ID
	k.must(err)
	now := k.now()
	s := core.Session{Hash: core.HashToken(secret), CompanyID: cid, UserID: uid, Method: "okta",
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(12 * time.Hour)}
	k.must(k.s.Sessions().Create(k.ctx, s))
	return s
}

func sessionLifecycle(t *testing.T, k *kit) {
	c := k.company("acme")
	u := k.user(c.ID, "alice", "alice@example.com")
	s := k.session(c.ID, u.ID)
	got, err := k.s.Sessions().ByHash(k.ctx, s.Hash)
	k.must(err)
	same(t, "ByHash", got, s)
	seen := k.now()
	k.must(k.s.Sessions().Touch(k.ctx, s.Hash, seen))
	s.LastSeenAt = seen
	got, err = k.s.Sessions().ByHash(k.ctx, s.Hash)
	k.must(err)
	same(t, "ByHash after Touch", got, s)
	k.must(k.s.Sessions().Delete(k.ctx, s.Hash))
	_, err = k.s.Sessions().ByHash(k.ctx, s.Hash)
	wantKind(t, err, core.NotFound, "ByHash after Delete")
	wantKind(t, k.s.Sessions().Delete(k.ctx, s.Hash), core.NotFound, "a second Delete")
	wantKind(t, k.s.Sessions().Touch(k.ctx, s.Hash, k.now()), core.NotFound, "Touch of an ended session")
	_, err = k.s.Sessions().ByHash(k.ctx, core.HashToken("unknown"))
	wantKind(t, err, core.NotFound, "ByHash of an unknown session")
}

func sessionDeleteForUser(t *testing.T, k *kit) {
	a, b := k.company("acme"), k.company("globex")
	alice, bob := k.user(a.ID, "alice", ""), k.user(a.ID, "bob", "")
	carol := k.user(b.ID, "carol", "")
	ended := []core.Session{k.session(a.ID, alice.ID), k.session(a.ID, alice.ID), k.session(a.ID, alice.ID)}
	kept := []core.Session{k.session(a.ID, bob.ID), k.session(b.ID, carol.ID)}

	n, err := k.s.Sessions().DeleteForUser(k.ctx, b.ID, alice.ID)
	if err == nil && n != 0 {
		t.Fatalf("DeleteForUser with another company ended %d sessions", n)
	} else if err != nil {
		wantKind(t, err, core.NotFound, "DeleteForUser with another company")
	}
	n, err = k.s.Sessions().DeleteForUser(k.ctx, a.ID, alice.ID)
	k.must(err)
	if n != 3 {
		t.Fatalf("DeleteForUser ended %d sessions, want 3", n)
	}
	for _, s := range ended {
		_, err := k.s.Sessions().ByHash(k.ctx, s.Hash)
		wantKind(t, err, core.NotFound, "ByHash of an ended session")
	}
	for _, s := range kept {
		got, err := k.s.Sessions().ByHash(k.ctx, s.Hash)
		k.must(err)
		same(t, "another user's session", got, s)
	}
	n, err = k.s.Sessions().DeleteForUser(k.ctx, a.ID, alice.ID)
	k.must(err)
	if n != 0 {
		t.Fatalf("a second DeleteForUser ended %d sessions", n)
	}
}
