package usecase_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"harriet/adapters/boltstore"
	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// rehearsingStore runs every transaction twice, rolling the first run back, and
// every user updater twice, as a store may when it retries: the SCIM user use cases
// must come out the same, with one write and one audit entry each.
type rehearsingStore struct{ ports.Store }

var errRehearsal = errors.New("rehearsal")

func (s rehearsingStore) InTx(ctx context.Context, fn func(tx ports.Store) error) error {
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		if err := fn(rehearsingTx{tx}); err != nil {
			return err
		}
		return errRehearsal
	})
	if !errors.Is(err, errRehearsal) {
		return err
	}
	return s.Store.InTx(ctx, func(tx ports.Store) error { return fn(rehearsingTx{tx}) })
}

type rehearsingTx struct{ ports.Store }

func (t rehearsingTx) Users() ports.UserRepo { return rehearsingUsers{t.Store.Users()} }

type rehearsingUsers struct{ ports.UserRepo }

func (u rehearsingUsers) Update(ctx context.Context, cid, id string, fn func(*core.User) error) (core.User, error) {
	return u.UserRepo.Update(ctx, cid, id, func(x *core.User) error {
		scratch := *x
		if err := fn(&scratch); err != nil {
			return err
		}
		return fn(x)
	})
}

func TestSCIMUserUseCasesSurviveRetries(t *testing.T) {
	ctx := context.Background()
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "h.db"), boltstore.Options{NoSync: true})
	must(t, err)
	t.Cleanup(func() { _ = db.Close() })
	svc := &usecase.Service{Store: rehearsingStore{db}, Clock: system.Clock{}, IDs: system.IDs{}}
	now := system.Clock{}.Now()
	co := core.Company{ID: system.IDs{}.New(), Slug: "retry", Name: "Retry", PrimaryOwnerID: "owner", Version: 1, CreatedAt: now, UpdatedAt: now}
	must(t, db.Companies().Create(ctx, co))
	_, err = db.Integrations().Put(ctx, core.Integration{CompanyID: co.ID, Domain: "retry.test", ClientID: "c",
		LoginDomain: "retry.okta.com", Issuer: "https://retry.okta.com", CreatedAt: now, UpdatedAt: now})
	must(t, err)
	p := core.Principal{CompanyID: co.ID, Kind: core.ActorToken, TokenID: "t", Scope: core.ScopeSCIM, RequestID: "r"}

	active := true
	u, err := svc.CreateUser(ctx, p, usecase.UserInput{Profile: core.User{UserName: "Re.Try@retry.test",
		Emails: []core.Email{{Value: "re.try@retry.test", Primary: true}}}, Active: &active})
	must(t, err)
	if u.Name.GivenName != "Re" || u.Name.FamilyName != "Try" || u.Version != 1 {
		t.Fatalf("created %+v", u)
	}
	must(t, db.Sessions().Create(ctx, core.Session{Hash: []byte("s"), CompanyID: co.ID, UserID: u.ID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}))
	u, err = svc.PatchUser(ctx, p, u.ID, usecase.IfMatch{1}, func(cur core.User) (usecase.UserInput, error) {
		cur.Title = cur.Title + "x" // appends once per run: a second run must start from the stored user again
		off := false
		return usecase.UserInput{Profile: cur, Active: &off}, nil
	})
	must(t, err)
	if u.Title != "x" || u.Active || u.Version != 2 {
		t.Fatalf("patched %+v", u)
	}
	if _, err := db.Sessions().ByHash(ctx, []byte("s")); !core.IsKind(err, core.NotFound) {
		t.Errorf("session survived the deactivation: %v", err)
	}
	must(t, svc.DeleteUser(ctx, p, u.ID, nil))
	for action, want := range map[string]int{"scim.user.create": 1, "scim.user.deactivate": 1, "scim.user.delete": 1} {
		got, err := db.Audit().List(ctx, co.ID, ports.AuditQuery{Action: action, Limit: 10})
		must(t, err)
		if len(got) != want {
			t.Errorf("%d %s entries, want %d", len(got), action, want)
		}
	}
	if _, err := db.Users().ByUserName(ctx, co.ID, "re.try@retry.test"); !core.IsKind(err, core.NotFound) {
		t.Errorf("deleted user still holds the userName: %v", err)
	}
	if err := svc.DeleteUser(ctx, p, "owner", nil); !core.IsKind(err, core.NotFound) {
		t.Errorf("deleting an unknown id: %v", err)
	}
}
