package usecase_test

import (
	"slices"
	"testing"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
)

// lifecycleEnv is the group push env with SCIM user calls made through a store that
// rehearses every transaction, so an audit entry written outside the transaction
// that made the change would show up twice.
type lifecycleEnv struct {
	*env
	scim *usecase.Service
}

func newLifecycleEnv(t *testing.T) lifecycleEnv {
	e := newEnv(t)
	return lifecycleEnv{env: e, scim: &usecase.Service{Store: rehearsingStore{e.db}, Clock: system.Clock{}, IDs: system.IDs{}}}
}

func (e lifecycleEnv) setActive(u core.User, active bool) {
	e.t.Helper()
	_, err := e.scim.PatchUser(e.ctx, e.okta, u.ID, nil, func(cur core.User) (usecase.UserInput, error) {
		return usecase.UserInput{Profile: cur, Active: &active}, nil
	})
	must(e.t, err)
}

// roleEntries lists the role.grant or role.revoke entries with this reason, oldest
// first.
func (e lifecycleEnv) roleEntries(action, reason string) []core.AuditEntry {
	var out []core.AuditEntry
	for _, a := range e.audits(action) {
		if a.Details["reason"] == reason {
			out = append(out, a)
		}
	}
	return out
}

// checkRoleEntries checks that entries are one per role, for user u, with the
// detail keys of the group push and no group as the cause.
func checkRoleEntries(t *testing.T, what string, entries []core.AuditEntry, u core.User, roles, before, after []string) {
	t.Helper()
	var got []string
	for _, a := range entries {
		got = append(got, a.Details["role"].(string))
		if a.Target.ID != u.ID || a.Target.Kind != "user" || a.RequestID != "req-test" {
			t.Errorf("%s: entry %+v", what, a)
		}
		if v, ok := a.Details["via_group"]; ok && v != nil {
			t.Errorf("%s: via_group %v, want none", what, v)
		}
		if !sameStrings(a.Details["before"], before) || !sameStrings(a.Details["after"], after) {
			t.Errorf("%s: before %v after %v, want %v → %v", what, a.Details["before"], a.Details["after"], before, after)
		}
	}
	if !slices.Equal(got, roles) {
		t.Fatalf("%s: roles audited %v, want %v", what, got, roles)
	}
}

// Deactivating, reactivating and deleting a user over SCIM changes their effective
// roles, and each change is audited as the group push audits it.
func TestUserLifecycleAuditsRoleChanges(t *testing.T) {
	e := newLifecycleEnv(t)
	u := e.user("admin@acme.test", core.RoleSupport)
	e.create("Harriet Admin Group", u.ID)
	e.create("Helpdesk", u.ID)
	both := []string{"Admin", "Support"}

	e.setActive(u, false)
	checkRoleEntries(t, "deactivation", e.roleEntries("role.revoke", "deactivated"), u, both, both, nil)
	if got := e.roles(u.ID); len(got) != 0 {
		t.Fatalf("deactivated user holds %v", got)
	}

	e.setActive(u, true)
	checkRoleEntries(t, "reactivation", e.roleEntries("role.grant", "reactivated"), u, both, nil, both)

	entries, roleEntries := e.auditCount(), len(e.audits("role."))
	_, err := e.scim.PatchUser(e.ctx, e.okta, u.ID, nil, func(cur core.User) (usecase.UserInput, error) {
		cur.Title = "Lead"
		return usecase.UserInput{Profile: cur}, nil
	})
	must(t, err)
	if e.auditCount() != entries+1 || len(e.audits("role.")) != roleEntries {
		t.Fatalf("a profile change wrote %d entries (%d role entries), want 1 and none",
			e.auditCount()-entries, len(e.audits("role."))-roleEntries)
	}

	must(t, e.scim.DeleteUser(e.ctx, e.okta, u.ID, nil))
	checkRoleEntries(t, "delete", e.roleEntries("role.revoke", "deleted"), u, both, both, nil)
}

// A user deleted while deactivated held no role, so the delete revokes none; a POST
// that restores a deactivated user grants their roles again.
func TestUserRestoreAndDeleteWhileInactiveAuditRoles(t *testing.T) {
	e := newLifecycleEnv(t)
	gone, back := e.user("gone@acme.test"), e.user("back@acme.test")
	e.create("Harriet Admin Group", gone.ID, back.ID)

	e.setActive(gone, false)
	must(t, e.scim.DeleteUser(e.ctx, e.okta, gone.ID, nil))
	if n := len(e.roleEntries("role.revoke", "deleted")); n != 0 {
		t.Fatalf("deleting a deactivated user revoked %d roles", n)
	}

	e.setActive(back, false)
	restored, err := e.scim.CreateUser(e.ctx, e.okta, usecase.UserInput{Profile: core.User{UserName: back.UserName,
		Emails: []core.Email{{Value: back.UserName, Primary: true}}}})
	must(t, err)
	if restored.ID != back.ID || !restored.Active {
		t.Fatalf("POST did not restore the user: %+v", restored)
	}
	checkRoleEntries(t, "restore", e.roleEntries("role.grant", "reactivated"), back, []string{"Admin"}, nil, []string{"Admin"})
}
