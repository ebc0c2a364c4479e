package contract

import (
	"strconv"
	"sync"
	"testing"

	"harriet/core"
	"harriet/ports"
)

func txChecks() []check {
	return []check{
		{"Tx/CommitsEveryRepo", txCommits},
		{"Tx/RollbackEveryRepo", txRollback},
		{"Tx/Nested", txNested},
		{"Tx/RefusedCallInsideChangesNothing", txRefusedCall},
		{"Tx/Concurrent", txConcurrent},
	}
}

// txScene is what exists before a transaction, and what the transaction makes.
type txScene struct {
	c                 core.Company
	u                 core.User
	g                 core.Group
	tok               core.Token
	sess              core.Session
	newUser           core.User
	newGroup          core.Group
	newTok            core.Token
	newSess           core.Session
	integ             core.Integration
	entry             core.AuditEntry
	newCompanySlug    string
	renamed, newTitle string
}

func (k *kit) txScene() *txScene {
	sc := &txScene{c: k.company("acme")}
	sc.u = k.user(sc.c.ID, "alice", "alice@example.com")
	sc.g = k.group(sc.c.ID, "Eng")
	sc.tok, _ = k.token(sc.c.ID, sc.u.ID, core.ScopePersonal)
	sc.sess = k.session(sc.c.ID, sc.u.ID)
	sc.newUser = k.newUser(sc.c.ID, "bob", "bob@example.com")
	sc.newGroup = core.Group{ID: k.id(), CompanyID: sc.c.ID, DisplayName: "Ops", CreatedAt: k.now(), UpdatedAt: k.now()}
	sc.newTok = core.Token{ID: k.id(), CompanyID: sc.c.ID, Name: "new", Scope: core.ScopeSCIM,
		Hash: core.HashToken("hrt_new"), CreatedBy: sc.u.ID, CreatedAt: k.now()}
	sc.newSess = core.Session{Hash: core.HashToken("session-new"), CompanyID: sc.c.ID, UserID: sc.u.ID, Method: "password",
		CreatedAt: k.now(), LastSeenAt: k.now(), ExpiresAt: k.now()}
	sc.integ = k.newIntegration(sc.c.ID, "acme.com", "acme.okta.com")
	sc.entry = core.AuditEntry{ID: k.id(), CompanyID: sc.c.ID, At: k.now(), Action: "test.tx", Actor: core.Ref{Kind: core.ActorSystem}}
	sc.newCompanySlug, sc.renamed, sc.newTitle = "initech", "Engineering", "CTO"
	return sc
}

// write makes every change of the scene through tx, checking that tx reads its own
// writes.
func (sc *txScene) write(k *kit, tx ports.Store) error {
	at := k.now()
	steps := []func() error{
		func() error { return tx.Users().Create(k.ctx, sc.newUser) },
		func() error {
			return upd(tx.Users().Update(k.ctx, sc.c.ID, sc.u.ID, func(u *core.User) error { u.Title = sc.newTitle; return nil }))
		},
		func() error { return tx.Groups().Create(k.ctx, sc.newGroup) },
		func() error {
			return upd(tx.Members().Add(k.ctx, sc.c.ID, sc.g.ID, []string{sc.u.ID, sc.newUser.ID}, at))
		},
		func() error {
			return upd(tx.Groups().Update(k.ctx, sc.c.ID, sc.g.ID, func(g *core.Group) error { g.DisplayName = sc.renamed; return nil }))
		},
		func() error { return tx.Tokens().Revoke(k.ctx, sc.c.ID, sc.tok.ID, at) },
		func() error { return tx.Tokens().Create(k.ctx, sc.newTok) },
		func() error { return upd(tx.Integrations().Put(k.ctx, sc.integ)) },
		func() error { return tx.Audit().Append(k.ctx, sc.entry) },
		func() error { return tx.Sessions().Create(k.ctx, sc.newSess) },
		func() error { return tx.Sessions().Delete(k.ctx, sc.sess.Hash) },
		func() error {
			return upd(tx.Companies().Update(k.ctx, sc.c.ID, func(c *core.Company) error { c.Name = "Renamed"; return nil }))
		},
		func() error {
			return tx.Companies().Create(k.ctx, core.Company{ID: k.id(), Slug: sc.newCompanySlug, Name: "I", CreatedAt: at, UpdatedAt: at})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	if _, err := tx.Users().ByUserName(k.ctx, sc.c.ID, "BOB"); err != nil {
		k.t.Errorf("a transaction must read its own writes: %v", err)
	}
	gids, err := tx.Members().GroupsOf(k.ctx, sc.c.ID, sc.newUser.ID)
	if err != nil || len(gids) != 1 {
		k.t.Errorf("a transaction must see its own memberships: %v %v", gids, err)
	}
	return nil
}

func upd[T any](_ T, err error) error { return err }

func txCommits(t *testing.T, k *kit) {
	sc := k.txScene()
	k.must(k.s.InTx(k.ctx, func(tx ports.Store) error { return sc.write(k, tx) }))
	if got := k.getUser(sc.c.ID, sc.u.ID); got.Title != sc.newTitle || got.Version != 2 {
		t.Fatalf("committed user update missing: %+v", got)
	}
	k.getUser(sc.c.ID, sc.newUser.ID)
	k.wantMembership(sc.c.ID, map[string][]string{sc.g.ID: {sc.u.ID, sc.newUser.ID}}, sc.u.ID, sc.newUser.ID)
	g, err := k.s.Groups().ByDisplayName(k.ctx, sc.c.ID, sc.renamed)
	k.must(err)
	if g.ID != sc.g.ID {
		t.Fatal("committed rename missing")
	}
	_, err = k.s.Groups().Get(k.ctx, sc.c.ID, sc.newGroup.ID)
	k.must(err)
	tok, err := k.s.Tokens().Get(k.ctx, sc.c.ID, sc.tok.ID)
	k.must(err)
	if tok.RevokedAt == nil {
		t.Fatal("committed revoke missing")
	}
	_, err = k.s.Tokens().ByHash(k.ctx, sc.newTok.Hash)
	k.must(err)
	_, err = k.s.Integrations().ByDomain(k.ctx, "acme.com")
	k.must(err)
	list, err := k.s.Audit().List(k.ctx, sc.c.ID, ports.AuditQuery{})
	k.must(err)
	sameIDs(t, "committed audit", auditIDs(list), []string{sc.entry.ID})
	_, err = k.s.Sessions().ByHash(k.ctx, sc.newSess.Hash)
	k.must(err)
	_, err = k.s.Sessions().ByHash(k.ctx, sc.sess.Hash)
	wantKind(t, err, core.NotFound, "a session deleted in a committed transaction")
	_, err = k.s.Companies().BySlug(k.ctx, sc.newCompanySlug)
	k.must(err)
}

func txRollback(t *testing.T, k *kit) {
	sc := k.txScene()
	err := k.s.InTx(k.ctx, func(tx ports.Store) error {
		if err := sc.write(k, tx); err != nil {
			return err
		}
		return errBoom
	})
	if !errorsIs(err, errBoom) {
		t.Fatalf("InTx must return fn's error as is, got %v", err)
	}
	k.wantSceneUntouched(sc)
}

// wantSceneUntouched checks that nothing of txScene.write is visible.
func (k *kit) wantSceneUntouched(sc *txScene) {
	t := k.t
	t.Helper()
	same(t, "user after rollback", k.getUser(sc.c.ID, sc.u.ID), sc.u)
	_, err := k.s.Users().Get(k.ctx, sc.c.ID, sc.newUser.ID)
	wantKind(t, err, core.NotFound, "a user created in a rolled back transaction")
	_, err = k.s.Users().ByUserName(k.ctx, sc.c.ID, "bob")
	wantKind(t, err, core.NotFound, "the userName of a user created in a rolled back transaction")
	k.wantCounts(sc.c.ID, 1, 1)
	g, err := k.s.Groups().Get(k.ctx, sc.c.ID, sc.g.ID)
	k.must(err)
	same(t, "group after rollback", g, sc.g)
	_, err = k.s.Groups().ByDisplayName(k.ctx, sc.c.ID, "Ops")
	wantKind(t, err, core.NotFound, "a group created in a rolled back transaction")
	k.wantMembership(sc.c.ID, map[string][]string{}, sc.u.ID)
	tok, err := k.s.Tokens().Get(k.ctx, sc.c.ID, sc.tok.ID)
	k.must(err)
	same(t, "token after rollback", tok, sc.tok)
	_, err = k.s.Tokens().ByHash(k.ctx, sc.newTok.Hash)
	wantKind(t, err, core.NotFound, "a token created in a rolled back transaction")
	_, err = k.s.Integrations().Get(k.ctx, sc.c.ID)
	wantKind(t, err, core.NotFound, "an integration put in a rolled back transaction")
	list, err := k.s.Audit().List(k.ctx, sc.c.ID, ports.AuditQuery{})
	k.must(err)
	sameIDs(t, "audit after rollback", auditIDs(list), nil)
	_, err = k.s.Sessions().ByHash(k.ctx, sc.newSess.Hash)
	wantKind(t, err, core.NotFound, "a session created in a rolled back transaction")
	s, err := k.s.Sessions().ByHash(k.ctx, sc.sess.Hash)
	k.must(err)
	same(t, "session after rollback", s, sc.sess)
	c, err := k.s.Companies().Get(k.ctx, sc.c.ID)
	k.must(err)
	same(t, "company after rollback", c, sc.c)
	_, err = k.s.Companies().BySlug(k.ctx, sc.newCompanySlug)
	wantKind(t, err, core.NotFound, "a company created in a rolled back transaction")
}

func txNested(t *testing.T, k *kit) {
	sc := k.txScene()
	err := k.s.InTx(k.ctx, func(tx ports.Store) error {
		if err := tx.InTx(k.ctx, func(inner ports.Store) error { return sc.write(k, inner) }); err != nil {
			return err
		}
		return errBoom
	})
	if !errorsIs(err, errBoom) {
		t.Fatalf("outer InTx error: %v", err)
	}
	k.wantSceneUntouched(sc)
	err = k.s.InTx(k.ctx, func(tx ports.Store) error {
		return tx.InTx(k.ctx, func(inner ports.Store) error {
			if err := inner.Users().Create(k.ctx, sc.newUser); err != nil {
				return err
			}
			return errBoom
		})
	})
	if !errorsIs(err, errBoom) {
		t.Fatalf("an inner InTx error must come back through the outer one, got %v", err)
	}
	_, err = k.s.Users().Get(k.ctx, sc.c.ID, sc.newUser.ID)
	wantKind(t, err, core.NotFound, "a user created in a failed inner transaction")
}

// txRefusedCall: a call refused inside a transaction (a clash) changes nothing, even
// when fn goes on and commits the rest.
func txRefusedCall(t *testing.T, k *kit) {
	c := k.company("acme")
	a := k.user(c.ID, "alice", "alice@example.com")
	b := k.user(c.ID, "bob", "bob@example.com")
	g := k.group(c.ID, "Eng")
	var clash, unknown error // checked after InTx: fn runs on the store's goroutine
	err := k.s.InTx(k.ctx, func(tx ports.Store) error {
		_, clash = tx.Users().Update(k.ctx, c.ID, b.ID, func(u *core.User) error {
			u.UserName, u.Emails = "alice", []core.Email{{Value: "carol@example.com", Primary: true}}
			return nil
		})
		_, unknown = tx.Members().Add(k.ctx, c.ID, g.ID, []string{a.ID, k.id()}, k.now())
		_, err := tx.Users().Update(k.ctx, c.ID, a.ID, func(u *core.User) error { u.Title = "kept"; return nil })
		return err
	})
	wantKind(t, clash, core.Conflict, "Update to a taken userName inside a transaction")
	wantKind(t, unknown, core.NotFound, "Add of an unknown user inside a transaction")
	k.must(err)
	same(t, "the refused user", k.getUser(c.ID, b.ID), b)
	for name, id := range map[string]string{"alice": a.ID, "bob": b.ID} {
		got, err := k.s.Users().ByUserName(k.ctx, c.ID, name)
		k.must(err)
		if got.ID != id {
			t.Fatalf("ByUserName %s found %s after a refused call", name, got.ID)
		}
	}
	_, err = k.s.Users().ByEmail(k.ctx, c.ID, "carol@example.com")
	wantKind(t, err, core.NotFound, "ByEmail of the address a refused call tried")
	if got := k.getUser(c.ID, a.ID); got.Title != "kept" {
		t.Fatal("the rest of the transaction must commit")
	}
	k.wantMembership(c.ID, map[string][]string{}, a.ID, b.ID)
}

// txConcurrent runs many transactions at once, each making a user and an audit
// entry: all land, each whole.
func txConcurrent(t *testing.T, k *kit) {
	const workers = 12
	c := k.company("acme")
	us := make([]core.User, workers)
	es := make([]core.AuditEntry, workers)
	for i := range workers {
		us[i] = k.newUser(c.ID, "user"+strconv.Itoa(i), "")
		es[i] = core.AuditEntry{ID: k.id(), CompanyID: c.ID, At: k.now(), Action: "scim.user.create", Target: core.Ref{ID: us[i].ID}}
	}
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			err := k.s.InTx(k.ctx, func(tx ports.Store) error {
				if err := tx.Users().Create(k.ctx, us[i]); err != nil {
					return err
				}
				return tx.Audit().Append(k.ctx, es[i])
			})
			if err != nil {
				t.Errorf("concurrent InTx: %v", err)
			}
		})
	}
	wg.Wait()
	k.wantCounts(c.ID, workers, workers)
	list, err := k.s.Audit().List(k.ctx, c.ID, ports.AuditQuery{})
	k.must(err)
	if len(list) != workers {
		t.Fatalf("%d audit entries after %d transactions", len(list), workers)
	}
}
