package usecase_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// Many goroutines add and remove different members of the same groups at once. Each
// worker owns its users, so a per-worker model predicts the final state exactly:
// nothing is lost to a read-modify-write of a member list, both indexes agree, and
// every change bumped the version once.
func TestConcurrentPushesMatchModel(t *testing.T) {
	e := newEnv(t)
	groups := []string{
		e.create("Harriet Admin Group").Group.ID,
		e.create("Engineering").Group.ID,
		e.create("Harriet Restricted Access Group").Group.ID,
	}
	const workers, usersEach, steps = 8, 6, 40
	models := make([]map[[2]string]bool, workers)
	changes := make([]map[string]int, workers)
	users := make([][]string, workers)
	for w := range workers {
		for i := range usersEach {
			users[w] = append(users[w], e.user(fmt.Sprintf("w%d.u%d@acme.test", w, i)).ID)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			models[w], changes[w] = map[[2]string]bool{}, map[string]int{}
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for range steps {
				if err := randomPush(e, rng, groups, users[w], models[w], changes[w]); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	checkAgainstModel(t, e, groups, users, models, changes)
}

// randomPush sends one PATCH that adds or removes a few of the worker's users, and
// updates the model with what must have changed.
func randomPush(e *env, rng *rand.Rand, groups, users []string, model map[[2]string]bool, changes map[string]int) error {
	g := groups[rng.IntN(len(groups))]
	var picked []string
	for _, u := range users {
		if rng.IntN(2) == 0 {
			picked = append(picked, u)
		}
	}
	op, adding := usecase.GroupOpRemoveMembers, rng.IntN(2) == 0
	if adding {
		op = usecase.GroupOpAddMembers
	}
	res, err := e.svc.PatchGroup(e.ctx, e.okta, g, usecase.GroupPatch{Ops: []usecase.GroupOp{{Kind: op, Members: picked}}})
	if err != nil {
		return err
	}
	changed := false
	for _, u := range picked {
		if model[[2]string{g, u}] != adding {
			model[[2]string{g, u}] = adding
			changed = true
		}
	}
	if changed != res.Changed {
		return fmt.Errorf("patch reported changed=%v, model says %v", res.Changed, changed)
	}
	if changed {
		changes[g]++
	}
	return nil
}

func checkAgainstModel(t *testing.T, e *env, groups []string, users [][]string, models []map[[2]string]bool, changes []map[string]int) {
	t.Helper()
	for _, g := range groups {
		var want []string
		bumps := 0
		for w := range models {
			for _, u := range users[w] {
				if models[w][[2]string{g, u}] {
					want = append(want, u)
				}
			}
			bumps += changes[w][g]
		}
		slices.Sort(want)
		if got := e.members(g); !slices.Equal(got, want) {
			t.Errorf("group %s members = %d, model %d", g, len(got), len(want))
		}
		n, err := e.db.Members().CountMembers(e.ctx, e.company.ID, g)
		must(t, err)
		if n != len(want) {
			t.Errorf("CountMembers = %d, model %d", n, len(want))
		}
		if v := e.group(g).Version; v != int64(1+bumps) {
			t.Errorf("group %s version = %d, want %d (one bump per changing PATCH)", g, v, 1+bumps)
		}
	}
	for w := range users {
		for _, u := range users[w] {
			var want []string
			for _, g := range groups {
				if models[w][[2]string{g, u}] {
					want = append(want, g)
				}
			}
			slices.Sort(want)
			got, err := e.db.Members().GroupsOf(e.ctx, e.company.ID, u)
			must(t, err)
			if !slices.Equal(got, want) {
				t.Errorf("GroupsOf(%s) = %v, model %v", u, got, want)
			}
		}
	}
}

// Two PATCHes adding different members to one group at the same moment both land.
func TestConcurrentAddsOfDifferentMembersBothLand(t *testing.T) {
	e := newEnv(t)
	g := e.create("Harriet Support Group").Group.ID
	for round := range 20 {
		a, b := e.user(fmt.Sprintf("a%d@acme.test", round)), e.user(fmt.Sprintf("b%d@acme.test", round))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, id := range []string{a.ID, b.ID} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if _, err := e.svc.PatchGroup(e.ctx, e.okta, g, usecase.GroupPatch{Ops: []usecase.GroupOp{add(id)}}); err != nil {
					t.Error(err)
				}
			}()
		}
		close(start)
		wg.Wait()
		members := e.members(g)
		if !slices.Contains(members, a.ID) || !slices.Contains(members, b.ID) {
			t.Fatalf("round %d: a concurrent add was lost", round)
		}
		if !slices.Equal(e.roles(a.ID), []string{string(core.RoleSupport)}) {
			t.Fatalf("round %d: member without the role", round)
		}
	}
	if n := len(e.members(g)); n != 40 {
		t.Fatalf("members = %d, want 40", n)
	}
}

// On a store that runs requests side by side (MySQL), the group record may change
// between a PATCH's read and its write. The write must carry only what this PATCH
// changed: a membership push never reverts a rename made meanwhile.
func TestPatchWritesOnlyWhatItChanged(t *testing.T) {
	e := newEnv(t)
	u := e.user("m@acme.test")
	g := e.create("Before")
	racing := &usecase.Service{Store: racingStore{e.db}, Clock: e.svc.Clock, IDs: e.svc.IDs}
	_, err := racing.PatchGroup(e.ctx, e.okta, g.Group.ID, usecase.GroupPatch{Ops: []usecase.GroupOp{add(u.ID)}})
	must(t, err)
	got := e.group(g.Group.ID)
	if got.DisplayName != "Renamed Elsewhere" || got.ExternalID != "ext-elsewhere" || len(e.members(g.Group.ID)) != 1 {
		t.Fatalf("a membership push overwrote a concurrent change: %+v", got)
	}
}

// racingStore changes the group's name and externalId just before every group
// update applies its function, as another node's request would.
type racingStore struct{ ports.Store }

func (s racingStore) InTx(ctx context.Context, fn func(tx ports.Store) error) error {
	return s.Store.InTx(ctx, func(tx ports.Store) error { return fn(racingStore{tx}) })
}

func (s racingStore) Groups() ports.GroupRepo { return racingGroups{s.Store.Groups()} }

type racingGroups struct{ ports.GroupRepo }

func (r racingGroups) Update(ctx context.Context, cid, id string, fn func(*core.Group) error) (core.Group, error) {
	return r.GroupRepo.Update(ctx, cid, id, func(g *core.Group) error {
		g.DisplayName, g.ExternalID = "Renamed Elsewhere", "ext-elsewhere"
		return fn(g)
	})
}
