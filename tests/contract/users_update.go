package contract

import (
	"slices"
	"strconv"
	"sync"
	"testing"

	"harriet/core"
)

func userUpdateChecks() []check {
	return []check{
		{"Users/UpdateBumpsVersion", userVersion},
		{"Users/UpdaterErrorChangesNothing", userUpdaterError},
		{"Users/UpdateClashChangesNothing", userUpdateClash},
		{"Users/UpdateMovesKeys", userUpdateMovesKeys},
		{"Users/RacingUpdates", userRacingUpdates},
		{"Users/RacingCreatesOfOneName", userRacingCreates},
	}
}

func userVersion(t *testing.T, k *kit) {
	c := k.company("acme")
	u := k.user(c.ID, "alice", "alice@example.com")
	for want := int64(2); want <= 4; want++ {
		at := k.now()
		got, err := k.s.Users().Update(k.ctx, c.ID, u.ID, func(u *core.User) error {
			u.Title, u.UpdatedAt = "v"+strconv.FormatInt(want, 10), at
			u.Version = 99 // the store owns Version
			return nil
		})
		k.must(err)
		if got.Version != want {
			t.Fatalf("Update %d returned Version %d", want-1, got.Version)
		}
		same(t, "Get after Update", k.getUser(c.ID, u.ID), got)
	}
}

func userUpdaterError(t *testing.T, k *kit) {
	c := k.company("acme")
	u := k.user(c.ID, "alice", "alice@example.com")
	_, err := k.s.Users().Update(k.ctx, c.ID, u.ID, func(x *core.User) error {
		x.UserName, x.Title, x.Emails = "changed", "changed", nil
		x.DeletedAt = k.nowPtr()
		return errBoom
	})
	if !errorsIs(err, errBoom) {
		t.Fatalf("an updater's error must come back as is, got %v", err)
	}
	same(t, "Get after a failed updater", k.getUser(c.ID, u.ID), u)
	got, err := k.s.Users().ByUserName(k.ctx, c.ID, "alice")
	k.must(err)
	same(t, "ByUserName after a failed updater", got, u)
	_, err = k.s.Users().ByUserName(k.ctx, c.ID, "changed")
	wantKind(t, err, core.NotFound, "ByUserName of the name a failed updater tried")
}

func userUpdateClash(t *testing.T, k *kit) {
	c := k.company("acme")
	a := k.user(c.ID, "alice", "alice@example.com")
	b := k.user(c.ID, "bob", "bob@example.com")
	_, err := k.s.Users().Update(k.ctx, c.ID, b.ID, func(u *core.User) error {
		u.UserName, u.Title = "ALICE", "clash"
		return nil
	})
	wantKind(t, err, core.Conflict, "Update to a taken userName")
	_, err = k.s.Users().Update(k.ctx, c.ID, b.ID, func(u *core.User) error {
		u.Emails = []core.Email{{Value: "Alice@Example.com", Primary: true}}
		return nil
	})
	wantKind(t, err, core.Conflict, "Update to a taken primary email")
	same(t, "the clashing user is unchanged", k.getUser(c.ID, b.ID), b)
	same(t, "the other user is unchanged", k.getUser(c.ID, a.ID), a)
	for name, want := range map[string]core.User{"alice": a, "bob": b} {
		got, err := k.s.Users().ByUserName(k.ctx, c.ID, name)
		k.must(err)
		same(t, "ByUserName after a refused update", got, want)
		got, err = k.s.Users().ByEmail(k.ctx, c.ID, name+"@example.com")
		k.must(err)
		same(t, "ByEmail after a refused update", got, want)
	}
}

func userUpdateMovesKeys(t *testing.T, k *kit) {
	c := k.company("acme")
	b := k.user(c.ID, "bob", "bob@example.com")
	got, err := k.s.Users().Update(k.ctx, c.ID, b.ID, func(u *core.User) error {
		u.UserName, u.ExternalID = "Carol", "ext-c"
		u.Emails = []core.Email{{Value: "bob@example.com"}, {Value: "carol@example.com", Primary: true}}
		return nil
	})
	k.must(err)
	for _, lookup := range []func() (core.User, error){
		func() (core.User, error) { return k.s.Users().ByUserName(k.ctx, c.ID, "carol") },
		func() (core.User, error) { return k.s.Users().ByEmail(k.ctx, c.ID, "CAROL@example.com") },
	} {
		u, err := lookup()
		k.must(err)
		same(t, "lookup by the new keys", u, got)
	}
	ext, err := k.s.Users().ByExternalID(k.ctx, c.ID, "ext-c")
	k.must(err)
	sameIDs(t, "ByExternalID of the new externalId", userIDs(ext), []string{b.ID})
	_, err = k.s.Users().ByUserName(k.ctx, c.ID, "bob")
	wantKind(t, err, core.NotFound, "ByUserName of the old userName")
	_, err = k.s.Users().ByEmail(k.ctx, c.ID, "bob@example.com")
	wantKind(t, err, core.NotFound, "ByEmail of the old primary email")
	old, err := k.s.Users().ByEmailAnyCompany(k.ctx, "bob@example.com")
	k.must(err)
	sameIDs(t, "ByEmailAnyCompany of the old primary email", userIDs(old), nil)
	k.user(c.ID, "bob", "bob@example.com") // the old keys are free
}

// userRacingUpdates has goroutines increment one counter through Update: every
// increment lands and every Version is handed out once, in a row.
func userRacingUpdates(t *testing.T, k *kit) {
	const workers, rounds = 8, 5
	c := k.company("acme")
	u := k.user(c.ID, "alice", "alice@example.com")
	var mu sync.Mutex
	var versions []int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range rounds {
				got, err := k.s.Users().Update(k.ctx, c.ID, u.ID, func(u *core.User) error {
					n, _ := strconv.Atoi(u.NickName)
					u.NickName = strconv.Itoa(n + 1)
					return nil
				})
				if err != nil {
					t.Errorf("racing Update: %v", err)
					return
				}
				mu.Lock()
				versions = append(versions, got.Version)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	final := k.getUser(c.ID, u.ID)
	if final.NickName != strconv.Itoa(workers*rounds) || final.Version != 1+workers*rounds {
		t.Fatalf("after %d racing updates: counter %s, Version %d", workers*rounds, final.NickName, final.Version)
	}
	slices.Sort(versions)
	for i, v := range versions {
		if v != int64(i+2) {
			t.Fatalf("versions handed out are not consecutive: %v", versions)
		}
	}
}

// userRacingCreates has goroutines create users of one userName at once: exactly
// one wins, the others get Conflict.
func userRacingCreates(t *testing.T, k *kit) {
	const workers = 8
	c := k.company("acme")
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		u := k.newUser(c.ID, "Same.Name", "same"+strconv.Itoa(i)+"@example.com")
		wg.Go(func() { errs[i] = k.s.Users().Create(k.ctx, u) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else {
			wantKind(t, err, core.Conflict, "a losing racing Create")
		}
	}
	if won != 1 {
		t.Fatalf("%d racing creates of one userName succeeded, want 1", won)
	}
	k.wantCounts(c.ID, 1, 1)
}
