package usecase_test

import (
	"context"
	"sync/atomic"
	"testing"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// keyReadCounter counts user reads by userName and by email, in and out of
// transactions, to prove what a create costs.
type keyReadCounter struct {
	ports.Store
	byUserName, byEmail *atomic.Int64
}

func newKeyReadCounter(s ports.Store) keyReadCounter {
	return keyReadCounter{Store: s, byUserName: new(atomic.Int64), byEmail: new(atomic.Int64)}
}

func (s keyReadCounter) Users() ports.UserRepo { return keyCountedUsers{s.Store.Users(), s} }

func (s keyReadCounter) InTx(ctx context.Context, fn func(tx ports.Store) error) error {
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		return fn(keyReadCounter{Store: tx, byUserName: s.byUserName, byEmail: s.byEmail})
	})
}

func (s keyReadCounter) reset() { s.byUserName.Store(0); s.byEmail.Store(0) }

type keyCountedUsers struct {
	ports.UserRepo
	c keyReadCounter
}

func (u keyCountedUsers) ByUserName(ctx context.Context, cid, name string) (core.User, error) {
	u.c.byUserName.Add(1)
	return u.UserRepo.ByUserName(ctx, cid, name)
}

func (u keyCountedUsers) ByEmail(ctx context.Context, cid, email string) (core.User, error) {
	u.c.byEmail.Add(1)
	return u.UserRepo.ByEmail(ctx, cid, email)
}

// A SCIM create, and a create that restores a deactivated user, read the userName
// once and the email once; the uniqueness answers stay as they were.
func TestCreateUserReadsEachKeyOnce(t *testing.T) {
	e := newEnv(t)
	counter := newKeyReadCounter(e.db)
	svc := &usecase.Service{Store: counter, Clock: system.Clock{}, IDs: system.IDs{}}
	create := func(userName, email string) (core.User, error) {
		counter.reset()
		in := usecase.UserInput{Profile: core.User{UserName: userName, Emails: []core.Email{{Value: email, Primary: true}}}}
		return svc.CreateUser(e.ctx, e.okta, in)
	}
	reads := func(what string, names, emails int64) {
		t.Helper()
		if n, m := counter.byUserName.Load(), counter.byEmail.Load(); n != names || m != emails {
			t.Errorf("%s: %d reads by userName and %d by email, want %d and %d", what, n, m, names, emails)
		}
	}

	u, err := create("Ann@acme.test", "ann@acme.test")
	must(t, err)
	reads("create", 1, 1)
	if got, err := e.db.Users().Get(e.ctx, e.company.ID, u.ID); err != nil || got.UserName != "Ann@acme.test" || !got.Active {
		t.Fatalf("stored %+v, %v", got, err)
	}

	_, err = create("ann@ACME.test", "other@acme.test")
	wantUniqueness(t, "same userName", err, "userName")
	reads("same userName", 1, 0)
	_, err = create("bob@acme.test", "ANN@acme.test")
	wantUniqueness(t, "same email", err, "emails")
	reads("same email", 1, 1)

	inactive := false
	_, err = svc.PatchUser(e.ctx, e.okta, u.ID, nil, func(cur core.User) (usecase.UserInput, error) {
		return usecase.UserInput{Profile: cur, Active: &inactive}, nil
	})
	must(t, err)
	e.user("taken@acme.test")
	_, err = create("ann@acme.test", "taken@acme.test")
	wantUniqueness(t, "restore onto a taken email", err, "emails")
	back, err := create("ann@acme.test", "ann.new@acme.test")
	must(t, err)
	reads("restore", 1, 1)
	if back.ID != u.ID || !back.Active || back.PrimaryEmail() != "ann.new@acme.test" {
		t.Fatalf("restore gave %+v, want user %s active with the new email", back, u.ID)
	}
}

func wantUniqueness(t *testing.T, what string, err error, field string) {
	t.Helper()
	ce, ok := err.(*core.Error)
	if !ok || ce.Kind != core.Conflict || ce.SCIMType != "uniqueness" || ce.Field != field {
		t.Fatalf("%s: got %v, want a uniqueness Conflict on %s", what, err, field)
	}
}
