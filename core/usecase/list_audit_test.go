package usecase_test

import (
	"testing"

	"harriet/core"
	"harriet/ports"
)

func TestListAuditPagesAndCounts(t *testing.T) {
	e := newAdminEnv(t)
	res := e.bootstrap("acme")
	other := e.bootstrap("globex")
	const extra = 1203
	err := e.db.InTx(e.ctx, func(tx ports.Store) error {
		for range extra {
			now := e.svc.Clock.Now()
			err := tx.Audit().Append(e.ctx, core.AuditEntry{ID: e.svc.IDs.New(), CompanyID: res.Company.ID, At: now,
				Actor: core.Ref{Kind: core.ActorSystem}, Action: "test.entry", Target: core.Ref{Kind: "test"}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	owner := e.signedIn(res.Owner)
	seen := map[string]bool{}
	q := ports.AuditQuery{Limit: 500}
	for pages := 0; ; pages++ {
		page, err := e.svc.ListAudit(e.ctx, owner, q)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != extra+2 {
			t.Fatalf("total %d, want %d", page.Total, extra+2)
		}
		for _, en := range page.Entries {
			if seen[en.ID] || en.CompanyID != res.Company.ID {
				t.Fatalf("entry %+v repeated or of another company", en)
			}
			seen[en.ID] = true
		}
		if page.Next == "" {
			break
		}
		q.Before = page.Next
	}
	if len(seen) != extra+2 {
		t.Fatalf("paging saw %d entries, want %d", len(seen), extra+2)
	}
	filtered, err := e.svc.ListAudit(e.ctx, owner, ports.AuditQuery{Action: "company.bootstrap"})
	if err != nil || filtered.Total != 1 || len(filtered.Entries) != 1 || filtered.Next != "" {
		t.Fatalf("filtered %+v %v", filtered, err)
	}
	theirs, err := e.svc.ListAudit(e.ctx, e.signedIn(other.Owner), ports.AuditQuery{})
	if err != nil || theirs.Total != 2 {
		t.Fatalf("another company's log %+v %v", theirs, err)
	}
	_, err = e.svc.ListAudit(e.ctx, e.signedIn(e.addUser(res.Company.ID, "u@acme.com", core.RoleManageUsers)), ports.AuditQuery{})
	wantKind(t, err, core.Forbidden, "audit log")
}
