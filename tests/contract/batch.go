package contract

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"harriet/core"
	"harriet/ports"
)

func batchChecks() []check {
	return []check{
		{"Users/Existing", usersExisting},
		{"Users/ExistingInTx", usersExistingInTx},
		{"Audit/AppendMany", auditAppendMany},
		{"Audit/AppendManyAllOrNone", auditAppendManyAllOrNone},
	}
}

// usersExisting: the company's live users among the IDs, each once, as Get reads
// them; another company's, deleted, unknown and malformed IDs are absent.
func usersExisting(t *testing.T, k *kit) {
	a, b, ua, ub := k.twoCompanies()
	u2 := k.fullUser(a.ID)
	k.must(k.s.Users().Create(k.ctx, u2))
	gone := k.newUser(a.ID, "gone", "gone@example.com")
	k.must(k.s.Users().Create(k.ctx, gone))
	k.deleteUser(gone)
	ids := []string{ua.ID, ub.ID, gone.ID, k.id(), "not an id", ua.ID, u2.ID, u2.ID, ""}
	got, err := k.s.Users().Existing(k.ctx, a.ID, ids)
	k.must(err)
	slices.SortFunc(got, func(x, y core.User) int { return strings.Compare(x.ID, y.ID) })
	want := []core.User{k.getUser(a.ID, ua.ID), k.getUser(a.ID, u2.ID)}
	slices.SortFunc(want, func(x, y core.User) int { return strings.Compare(x.ID, y.ID) })
	same(t, "Existing", got, want)

	got, err = k.s.Users().Existing(k.ctx, b.ID, ids)
	k.must(err)
	same(t, "Existing in the other company", got, []core.User{k.getUser(b.ID, ub.ID)})
	for _, none := range [][]string{nil, {}, {gone.ID, ub.ID}} {
		got, err = k.s.Users().Existing(k.ctx, a.ID, none)
		k.must(err)
		if len(got) != 0 {
			t.Fatalf("Existing(%v) = %v, want none", none, userIDs(got))
		}
	}

	// More IDs than one statement takes.
	var many []string
	for i := range 1200 {
		many = append(many, k.id())
		if i == 700 {
			many = append(many, u2.ID)
		}
	}
	got, err = k.s.Users().Existing(k.ctx, a.ID, append(many, ua.ID))
	k.must(err)
	sameSet(t, "Existing over many IDs", userIDs(got), []string{ua.ID, u2.ID})
}

// usersExistingInTx: inside a transaction, Existing sees the transaction's writes.
func usersExistingInTx(t *testing.T, k *kit) {
	c := k.company("acme")
	old := k.newUser(c.ID, "old", "old@example.com")
	k.must(k.s.Users().Create(k.ctx, old))
	fresh := k.newUser(c.ID, "fresh", "fresh@example.com")
	k.must(k.s.InTx(k.ctx, func(tx ports.Store) error {
		if err := tx.Users().Create(k.ctx, fresh); err != nil {
			return err
		}
		if _, err := tx.Users().Update(k.ctx, c.ID, old.ID, func(u *core.User) error {
			at := k.now()
			u.DeletedAt, u.Active = &at, false
			return nil
		}); err != nil {
			return err
		}
		got, err := tx.Users().Existing(k.ctx, c.ID, []string{old.ID, fresh.ID})
		if err != nil {
			return err
		}
		sameIDs(t, "Existing in the transaction", userIDs(got), []string{fresh.ID})
		return nil
	}))
}

// auditAppendMany: the entries are listed as Append would list them, each in its
// company, however many there are.
func auditAppendMany(t *testing.T, k *kit) {
	a, b := k.company("acme"), k.company("globex")
	k.must(k.s.Audit().AppendMany(k.ctx, nil))
	var entries []core.AuditEntry
	for i := range 450 {
		cid := a.ID
		if i%10 == 3 {
			cid = b.ID
		}
		entries = append(entries, core.AuditEntry{ID: k.id(), CompanyID: cid, At: k.now(), Action: "scim.group.member_add",
			Actor:     core.Ref{Kind: core.ActorToken, ID: "tok", Name: "okta"},
			Target:    core.Ref{Kind: "user", ID: k.id(), Name: fmt.Sprintf("o'brien\\%d", i)},
			Details:   map[string]any{"group_id": "g", "n": i, "token_scope": "scim"},
			RequestID: "req-many"})
	}
	k.must(k.s.Audit().AppendMany(k.ctx, entries))
	for _, cid := range []string{a.ID, b.ID} {
		var want []core.AuditEntry
		for i := len(entries) - 1; i >= 0; i-- {
			if e := entries[i]; e.CompanyID == cid {
				e.Details = asJSON(t, e.Details)
				want = append(want, e)
			}
		}
		got, err := k.s.Audit().List(k.ctx, cid, ports.AuditQuery{})
		k.must(err)
		same(t, "List after AppendMany", got, want)
	}
}

// auditAppendManyAllOrNone: a batch holding an ID already stored is a Conflict and
// stores none of its entries.
func auditAppendManyAllOrNone(t *testing.T, k *kit) {
	c := k.company("acme")
	first := k.audit(c.ID, "x.first", "actor", "target")
	batch := []core.AuditEntry{
		{ID: k.id(), CompanyID: c.ID, At: k.now(), Actor: core.Ref{Kind: core.ActorSystem}, Action: "x.new"},
		first,
		{ID: k.id(), CompanyID: c.ID, At: k.now(), Actor: core.Ref{Kind: core.ActorSystem}, Action: "x.newer"},
	}
	wantKind(t, k.s.Audit().AppendMany(k.ctx, batch), core.Conflict, "AppendMany with a stored ID")
	got, err := k.s.Audit().List(k.ctx, c.ID, ports.AuditQuery{})
	k.must(err)
	sameIDs(t, "entries after a refused batch", auditIDs(got), []string{first.ID})
}
