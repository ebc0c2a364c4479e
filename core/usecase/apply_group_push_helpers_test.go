package usecase_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"harriet/adapters/boltstore"
	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// env is a company on a real bbolt file, with its primary owner, a saved Okta
// integration and the principals Okta and an admin act as.
type env struct {
	t       *testing.T
	ctx     context.Context
	db      *boltstore.DB
	store   *countingStore
	svc     *usecase.Service
	company core.Company
	owner   core.User
	okta    core.Principal // a provisioning token
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "harriet.db"), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	cs := &countingStore{Store: db}
	e := &env{t: t, ctx: context.Background(), db: db, store: cs,
		svc: &usecase.Service{Store: cs, Clock: system.Clock{}, IDs: system.IDs{}}}
	e.company, e.owner = e.newCompany("acme")
	e.okta = core.Principal{CompanyID: e.company.ID, Kind: core.ActorToken, TokenID: "tok-okta",
		Scope: core.ScopeSCIM, User: e.owner, RequestID: "req-test"}
	return e
}

// newCompany stores a company with a primary owner and a saved integration.
func (e *env) newCompany(slug string) (core.Company, core.User) {
	e.t.Helper()
	now := system.Clock{}.Now()
	c := core.Company{ID: system.IDs{}.New(), Slug: slug, Name: slug, Version: 1, CreatedAt: now, UpdatedAt: now}
	owner := e.userRecord(c.ID, "owner@"+slug+".test", core.RoleOwner)
	c.PrimaryOwnerID = owner.ID
	must(e.t, e.db.Companies().Create(e.ctx, c))
	must(e.t, e.db.Users().Create(e.ctx, owner))
	_, err := e.db.Integrations().Put(e.ctx, core.Integration{CompanyID: c.ID, Domain: slug + ".test",
		ClientID: "client", LoginDomain: slug + ".okta.com", Issuer: "https://" + slug + ".okta.com",
		CreatedAt: now, UpdatedAt: now})
	must(e.t, err)
	return c, owner
}

func (e *env) userRecord(companyID, email string, direct ...core.Role) core.User {
	now := system.Clock{}.Now()
	u := core.User{ID: system.IDs{}.New(), CompanyID: companyID, UserName: email,
		Emails: []core.Email{{Value: email, Primary: true}}, Active: true, DirectRoles: direct,
		Source: core.SourceSCIM, Version: 1, CreatedAt: now, UpdatedAt: now}
	u.FillName()
	return u
}

// user stores an active user of the env's company.
func (e *env) user(email string, direct ...core.Role) core.User {
	e.t.Helper()
	u := e.userRecord(e.company.ID, email, direct...)
	must(e.t, e.db.Users().Create(e.ctx, u))
	return u
}

// as is the principal of a user's personal token, with their roles now.
func (e *env) as(u core.User) core.Principal {
	e.t.Helper()
	rs, _, err := e.svc.RolesOf(e.ctx, u)
	must(e.t, err)
	return core.Principal{CompanyID: u.CompanyID, Kind: core.ActorToken, TokenID: "tok-" + u.ID,
		Scope: core.ScopePersonal, User: u, Roles: rs, RequestID: "req-admin"}
}

// roles reads a user back and computes their effective roles.
func (e *env) roles(userID string) []string {
	e.t.Helper()
	u, err := e.db.Users().Get(e.ctx, e.company.ID, userID)
	must(e.t, err)
	rs, _, err := e.svc.RolesOf(e.ctx, u)
	must(e.t, err)
	out := []string{}
	for _, r := range rs.Roles() {
		out = append(out, string(r))
	}
	return out
}

func (e *env) group(id string) core.Group {
	e.t.Helper()
	g, err := e.db.Groups().Get(e.ctx, e.company.ID, id)
	must(e.t, err)
	return g
}

func (e *env) members(groupID string) []string {
	e.t.Helper()
	ids, err := e.db.Members().Members(e.ctx, e.company.ID, groupID, ports.ListQuery{})
	must(e.t, err)
	return ids
}

// audits lists the company's entries with this action (or prefix ending in "."),
// oldest first.
func (e *env) audits(action string) []core.AuditEntry {
	e.t.Helper()
	out, err := e.db.Audit().List(e.ctx, e.company.ID, ports.AuditQuery{Action: action})
	must(e.t, err)
	slices.Reverse(out)
	return out
}

func (e *env) auditCount() int { return len(e.audits("")) }

func (e *env) create(name string, members ...string) usecase.GroupResult {
	e.t.Helper()
	res, err := e.svc.CreateGroup(e.ctx, e.okta, usecase.GroupInput{DisplayName: name, Members: members, MembersGiven: true})
	must(e.t, err)
	return res
}

func (e *env) patch(id string, ops ...usecase.GroupOp) usecase.GroupResult {
	e.t.Helper()
	res, err := e.svc.PatchGroup(e.ctx, e.okta, id, usecase.GroupPatch{Ops: ops})
	must(e.t, err)
	return res
}

func add(ids ...string) usecase.GroupOp {
	return usecase.GroupOp{Kind: usecase.GroupOpAddMembers, Members: ids}
}

func remove(ids ...string) usecase.GroupOp {
	return usecase.GroupOp{Kind: usecase.GroupOpRemoveMembers, Members: ids}
}

func replaceMembers(ids ...string) usecase.GroupOp {
	return usecase.GroupOp{Kind: usecase.GroupOpReplaceMembers, Members: ids}
}

func rename(name string) usecase.GroupOp {
	return usecase.GroupOp{Kind: usecase.GroupOpRename, Value: name}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func sorted(ids ...string) []string {
	out := append([]string{}, ids...)
	slices.Sort(out)
	return out
}

// countingStore counts member-list reads, to prove a list that excludes members
// never reads them.
type countingStore struct {
	ports.Store
	memberReads atomic.Int64
}

func (s *countingStore) Members() ports.MembershipRepo {
	return countingMembers{MembershipRepo: s.Store.Members(), n: &s.memberReads}
}

func (s *countingStore) InTx(ctx context.Context, fn func(tx ports.Store) error) error {
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		return fn(&countingStore{Store: tx})
	})
}

type countingMembers struct {
	ports.MembershipRepo
	n *atomic.Int64
}

func (m countingMembers) Members(ctx context.Context, cid, gid string, q ports.ListQuery) ([]string, error) {
	m.n.Add(1)
	return m.MembershipRepo.Members(ctx, cid, gid, q)
}
