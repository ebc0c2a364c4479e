package usecase_test

import (
	"fmt"
	"testing"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/tests/storecount"
)

// A PATCH of 100 members reads the users in one call and appends the audit entries in
// one call, on a plain group and on a role group; unknown IDs are still skipped and
// every entry is there, in the order the changes were made.
func TestGroupPushBatchesUserReadsAndAudits(t *testing.T) {
	e := newEnv(t)
	counter := storecount.New(e.db)
	counts := counter.N
	svc := &usecase.Service{Store: counter, Clock: system.Clock{}, IDs: system.IDs{}}
	other, _ := e.newCompany("globex")
	stranger := e.userRecord(other.ID, "stranger@globex.test")
	must(t, e.db.Users().Create(e.ctx, stranger))
	var ids []string
	for i := range 100 {
		ids = append(ids, e.user(fmt.Sprintf("m%03d@acme.test", i)).ID)
	}
	gone := e.user("gone@acme.test")
	_, err := e.db.Users().Update(e.ctx, e.company.ID, gone.ID, func(u *core.User) error {
		now := system.Clock{}.Now()
		u.DeletedAt, u.Active = &now, false
		return nil
	})
	must(t, err)
	named := append(append([]string{}, ids...), stranger.ID, gone.ID, "no such user", ids[0])

	for _, name := range []string{"Engineering", "Harriet Admin Group"} {
		g := e.create(name).Group
		counts.Reset()
		before := e.auditCount()
		res, err := svc.PatchGroup(e.ctx, e.okta, g.ID, usecase.GroupPatch{Ops: []usecase.GroupOp{add(named...)}})
		must(t, err)
		if n := counts.UserGets.Load(); n != 0 {
			t.Errorf("%s: %d single user reads, want none", name, n)
		}
		if n, m := counts.UserExisting.Load(), counts.AuditAppendMany.Load(); n != 1 || m != 1 {
			t.Errorf("%s: %d batch user reads and %d batch audit writes, want 1 and 1", name, n, m)
		}
		if res.SkippedCount != 3 || !sameStrings(res.Skipped, []string{stranger.ID, gone.ID, core.RecordedID("no such user")}) {
			t.Errorf("%s: skipped %v (%d)", name, res.Skipped, res.SkippedCount)
		}
		if got := e.members(g.ID); !sameStrings(got, sorted(ids...)) {
			t.Fatalf("%s: %d members, want %d", name, len(got), len(ids))
		}
		checkMemberAudits(t, e, name, g.ID, ids)
		perMember := 1
		if name != "Engineering" {
			perMember = 2 // member_add and role.grant
			if grants := e.audits("role.grant"); len(grants) != len(ids) || grants[0].Target.ID != ids[0] {
				t.Errorf("%s: %d role grants", name, len(grants))
			}
		}
		if got := e.auditCount() - before; got != perMember*len(ids)+1 {
			t.Errorf("%s: %d audit entries, want %d and the skip", name, got, perMember*len(ids))
		}

		counts.Reset()
		res, err = svc.PatchGroup(e.ctx, e.okta, g.ID, usecase.GroupPatch{Ops: []usecase.GroupOp{remove(ids[:50]...)}})
		must(t, err)
		if n, m := counts.UserExisting.Load(), counts.AuditAppendMany.Load(); counts.UserGets.Load() != 0 || n != 1 || m != 1 {
			t.Errorf("%s remove: %d single reads, %d batch reads, %d batch writes", name, counts.UserGets.Load(), n, m)
		}
		if removed := e.audits("scim.group.member_remove"); len(removed) < 50 || removed[len(removed)-50].Target.ID != ids[0] {
			t.Errorf("%s remove: %d member_remove entries", name, len(removed))
		}
	}
}

// checkMemberAudits checks one member_add entry per user of the group, naming the
// user, in the order the users were named.
func checkMemberAudits(t *testing.T, e *env, what, groupID string, ids []string) {
	t.Helper()
	var got []string
	for _, a := range e.audits("scim.group.member_add") {
		if a.Details["group_id"] != groupID {
			continue
		}
		want := fmt.Sprintf("m%03d@acme.test", len(got))
		if a.Target.Name != want || a.Target.Kind != "user" {
			t.Fatalf("%s: member_add target %+v, want %s", what, a.Target, want)
		}
		got = append(got, a.Target.ID)
	}
	if !sameStrings(got, ids) {
		t.Fatalf("%s: member_add entries for %d users, want %d in order", what, len(got), len(ids))
	}
}
