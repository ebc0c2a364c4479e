// Package contract is the store contract suite: one set of checks that every store
// adapter (bbolt, MySQL, ...) runs from its own tests through Run. It drives only the
// ports.Store interface and checks what ports promises, never an adapter's insides.
package contract

import (
	"context"
	"errors"
	"testing"
	"time"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/ports"
)

// check is one named contract check, run against a fresh store.
type check struct {
	name string
	fn   func(t *testing.T, k *kit)
}

// Run runs every contract check as a subtest, each against a fresh, empty store that
// newStore makes (and cleans up through t.Cleanup).
func Run(t *testing.T, newStore func(t *testing.T) ports.Store) {
	sets := [][]check{
		companyChecks(), userChecks(), userUpdateChecks(), userListChecks(),
		groupChecks(), memberChecks(), tokenChecks(), integrationChecks(),
		auditChecks(), sessionChecks(), txChecks(), memberListChecks(), batchChecks(),
	}
	for _, set := range sets {
		for _, c := range set {
			t.Run(c.name, func(t *testing.T) {
				c.fn(t, &kit{t: t, s: newStore(t), ctx: t.Context(), clock: system.Clock{}.Now()})
			})
		}
	}
}

// kit holds a store under test and makes records for it.
type kit struct {
	t     *testing.T
	s     ports.Store
	ctx   context.Context
	ids   system.IDs
	clock time.Time
}

// errBoom is what updaters and transactions return to test rollback.
var errBoom = errors.New("contract: deliberate failure")

func (k *kit) id() string { return k.ids.New() }

// now returns a later millisecond each call, in UTC, as ports.Clock promises.
func (k *kit) now() time.Time {
	k.clock = k.clock.Add(time.Millisecond)
	return k.clock
}

func (k *kit) nowPtr() *time.Time {
	t := k.now()
	return &t
}

func (k *kit) must(err error) {
	k.t.Helper()
	if err != nil {
		k.t.Fatalf("unexpected error: %v", err)
	}
}

// wantKind fails unless err is a core.Error of kind.
func wantKind(t *testing.T, err error, kind core.Kind, what string) {
	t.Helper()
	if !core.IsKind(err, kind) {
		t.Fatalf("%s: want a %s error, got %v", what, kind, err)
	}
}

func (k *kit) company(slug string) core.Company {
	k.t.Helper()
	now := k.now()
	c := core.Company{ID: k.id(), Slug: slug, Name: "Company " + slug, CreatedAt: now, UpdatedAt: now}
	k.must(k.s.Companies().Create(k.ctx, c))
	c.Version = 1
	return c
}

// newUser makes (without storing) a plain active user; email "" means none.
func (k *kit) newUser(cid, userName, email string) core.User {
	now := k.now()
	u := core.User{ID: k.id(), CompanyID: cid, UserName: userName, Active: true, Source: core.SourceSCIM,
		Name: core.Name{GivenName: "Given", FamilyName: "Family"}, CreatedAt: now, UpdatedAt: now}
	if email != "" {
		u.Emails = []core.Email{{Value: email, Type: "work", Primary: true}}
	}
	return u
}

// user stores a plain user and returns it as stored.
func (k *kit) user(cid, userName, email string) core.User {
	k.t.Helper()
	u := k.newUser(cid, userName, email)
	k.must(k.s.Users().Create(k.ctx, u))
	u.Version = 1
	return u
}

func (k *kit) group(cid, name string) core.Group {
	k.t.Helper()
	now := k.now()
	g := core.Group{ID: k.id(), CompanyID: cid, DisplayName: name, ManagedByOkta: true, CreatedAt: now, UpdatedAt: now}
	k.must(k.s.Groups().Create(k.ctx, g))
	g.Version = 1
	return g
}

// deleteUser soft-deletes a user as the use cases do.
func (k *kit) deleteUser(u core.User) core.User {
	k.t.Helper()
	at := k.now()
	got, err := k.s.Users().Update(k.ctx, u.CompanyID, u.ID, func(u *core.User) error {
		u.DeletedAt, u.Active, u.UpdatedAt = &at, false, at
		return nil
	})
	k.must(err)
	return got
}

// getUser reads a user back, failing the test when it is not found.
func (k *kit) getUser(cid, id string) core.User {
	k.t.Helper()
	u, err := k.s.Users().Get(k.ctx, cid, id)
	k.must(err)
	return u
}

// userIDs lists the IDs of users, in order.
func userIDs(us []core.User) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.ID
	}
	return out
}

func groupIDs(gs []core.Group) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.ID
	}
	return out
}
