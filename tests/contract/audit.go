package contract

import (
	"slices"
	"testing"

	"harriet/core"
	"harriet/ports"
)

func auditChecks() []check {
	return []check{
		{"Audit/RoundTrip", auditRoundTrip},
		{"Audit/ListNewestFirst", auditListOrder},
		{"Audit/Filters", auditFilters},
	}
}

func (k *kit) audit(cid, action, actorID, targetID string) core.AuditEntry {
	k.t.Helper()
	e := core.AuditEntry{ID: k.id(), CompanyID: cid, At: k.now(), Action: action,
		Actor:  core.Ref{Kind: core.ActorToken, ID: actorID, Name: "okta"},
		Target: core.Ref{Kind: "user", ID: targetID, Name: "alice"}, RequestID: "req-" + action}
	k.must(k.s.Audit().Append(k.ctx, e))
	return e
}

func auditRoundTrip(t *testing.T, k *kit) {
	c := k.company("acme")
	e := core.AuditEntry{ID: k.id(), CompanyID: c.ID, At: k.now(),
		Actor: core.Ref{Kind: core.ActorUser, ID: k.id(), Name: "owner@acme.com"}, Action: "group.member.add",
		Target: core.Ref{Kind: "group", ID: k.id(), Name: "Harriet Admin Group"},
		Details: map[string]any{"token_scope": "scim", "count": 3, "ratio": 0.5, "ok": true,
			"ids": []string{"a", "b"}, "role": map[string]any{"before": nil, "after": "Admin"}},
		RequestID: "req-1"}
	k.must(k.s.Audit().Append(k.ctx, e))
	list, err := k.s.Audit().List(k.ctx, c.ID, ports.AuditQuery{})
	k.must(err)
	want := e
	want.Details = asJSON(t, e.Details)
	same(t, "List", list, []core.AuditEntry{want})
	bare := core.AuditEntry{ID: k.id(), CompanyID: c.ID, At: k.now(), Actor: core.Ref{Kind: core.ActorSystem}, Action: "x"}
	k.must(k.s.Audit().Append(k.ctx, bare))
	list, err = k.s.Audit().List(k.ctx, c.ID, ports.AuditQuery{Limit: 1})
	k.must(err)
	same(t, "an entry without details", list, []core.AuditEntry{bare})
}

func auditIDs(es []core.AuditEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

func auditListOrder(t *testing.T, k *kit) {
	c, other := k.company("acme"), k.company("globex")
	var ids []string
	for i := range 11 {
		ids = append(ids, k.audit(c.ID, "scim.user.create", "tok", "u").ID)
		if i%4 == 0 {
			k.audit(other.ID, "scim.user.create", "tok", "u")
		}
	}
	newest := slices.Clone(ids)
	slices.Reverse(newest)
	list, err := k.s.Audit().List(k.ctx, c.ID, ports.AuditQuery{})
	k.must(err)
	sameIDs(t, "List newest first", auditIDs(list), newest)
	var walked []string
	before := ""
	for range 20 {
		page, err := k.s.Audit().List(k.ctx, c.ID, ports.AuditQuery{Before: before, Limit: 4})
		k.must(err)
		if len(page) > 4 {
			t.Fatalf("a page of %d entries, Limit 4", len(page))
		}
		walked = append(walked, auditIDs(page)...)
		if len(page) < 4 {
			break
		}
		before = page[len(page)-1].ID
	}
	sameIDs(t, "walk by Before", walked, newest)
	page, err := k.s.Audit().List(k.ctx, c.ID, ports.AuditQuery{Before: ids[0]})
	k.must(err)
	sameIDs(t, "Before the oldest", auditIDs(page), nil)
}

func auditFilters(t *testing.T, k *kit) {
	c, other := k.company("acme"), k.company("globex")
	e1 := k.audit(c.ID, "scim.user.create", "tok1", "u1")
	e2 := k.audit(c.ID, "scim.user.update", "tok1", "u2")
	e3 := k.audit(c.ID, "scim.group.create", "tok2", "g1")
	e4 := k.audit(c.ID, "scim.user", "tok2", "u1")
	e5 := k.audit(c.ID, "scimx.other", "tok1", "u1")
	e6 := k.audit(c.ID, "token.create", "usr1", "t1")
	k.audit(other.ID, "scim.user.create", "tok1", "u1")
	ids := func(es ...core.AuditEntry) []string {
		out := auditIDs(es)
		slices.Reverse(out)
		return out
	}
	for _, tc := range []struct {
		name string
		q    ports.AuditQuery
		want []string
	}{
		{"exact action", ports.AuditQuery{Action: "scim.user.create"}, ids(e1)},
		{"exact action without dot", ports.AuditQuery{Action: "scim.user"}, ids(e4)},
		{"prefix", ports.AuditQuery{Action: "scim."}, ids(e1, e2, e3, e4)},
		{"longer prefix", ports.AuditQuery{Action: "scim.user."}, ids(e1, e2)},
		{"actor", ports.AuditQuery{ActorID: "tok1"}, ids(e1, e2, e5)},
		{"target", ports.AuditQuery{TargetID: "u1"}, ids(e1, e4, e5)},
		{"prefix and actor", ports.AuditQuery{Action: "scim.", ActorID: "tok2"}, ids(e3, e4)},
		{"prefix, limit", ports.AuditQuery{Action: "scim.", Limit: 2}, ids(e3, e4)},
		{"prefix, before", ports.AuditQuery{Action: "scim.", Before: e3.ID}, ids(e1, e2)},
		{"unknown actor", ports.AuditQuery{ActorID: "nobody"}, nil},
		{"everything", ports.AuditQuery{}, ids(e1, e2, e3, e4, e5, e6)},
	} {
		list, err := k.s.Audit().List(k.ctx, c.ID, tc.q)
		k.must(err)
		sameIDs(t, tc.name, auditIDs(list), tc.want)
	}
}
