package scimapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"harriet/core"
	"harriet/ports"
)

// memberList is a members value naming ids, as Okta sends it.
func memberList(ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"value": %q, "display": "someone@acme.test"}`, id)
	}
	return "[" + strings.Join(items, ",") + "]"
}

// skipAudits reads the group's member_skipped audit entries, newest first.
func (e *gwEnv) skipAudits() []core.AuditEntry {
	e.t.Helper()
	out, err := e.db.Audit().List(context.Background(), e.company.ID, ports.AuditQuery{Action: "scim.group.member_skipped"})
	gwMust(e.t, err)
	return out
}

func sizeOf(t *testing.T, v any) int {
	t.Helper()
	raw, err := json.Marshal(v)
	gwMust(t, err)
	return len(raw)
}

// A member value that cannot be a Harriet ID is unknown like any other: skipped,
// and the rest of the push applies. What Harriet remembers of it (on the group, in
// the audit log, in the service log) is bounded, whatever its size.
func TestSCIMHugeMemberValueIsSkippedAndRememberedInShort(t *testing.T) {
	e := newGWEnv(t)
	known := e.user("known@acme.test")
	gid := e.expect(e.do("POST", "/Groups", postGroup("Bounded")), 201).body["id"].(string)
	huge := strings.Repeat("A", 7_000_000)
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(`{"op": "add", "path": "members", "value": `+memberList(huge, known)+`}`)), 204)

	if got := e.members(gid); !slices.Equal(got, []string{known}) {
		t.Fatalf("members %v", got)
	}
	g, err := e.db.Groups().Get(context.Background(), e.company.ID, gid)
	gwMust(t, err)
	if len(g.SkippedMemberIDs) != 1 || g.SkippedMemberIDs[0] != strings.Repeat("A", core.MaxIDLen)+"…" {
		t.Fatalf("the group remembers %d skipped IDs of %d bytes", len(g.SkippedMemberIDs), sizeOf(t, g.SkippedMemberIDs))
	}
	audits := e.skipAudits()
	if len(audits) != 1 || sizeOf(t, audits[0].Details) > 1024 || audits[0].Details["skipped_count"] != float64(1) {
		t.Fatalf("%d skip audits, the first %d bytes: %v", len(audits), sizeOf(t, audits[0].Details), audits[0].Details["skipped_count"])
	}
	if len(e.notices) != 1 || sizeOf(t, e.notices[0]) > 1024 || e.notices[0]["skipped_count"] != 1 {
		t.Fatalf("%d notices, the first %d bytes", len(e.notices), sizeOf(t, e.notices[0]))
	}
}

// A push naming many unknown IDs lists the first 20 and counts them all, in the
// audit entry and the log line; the group remembers the last 20.
func TestSCIMManyUnknownMembersAreCountedNotListed(t *testing.T) {
	e := newGWEnv(t)
	known := e.user("known@acme.test")
	gid := e.expect(e.do("POST", "/Groups", postGroup("Many")), 201).body["id"].(string)
	ids := []string{known}
	for i := range 9_999 {
		ids = append(ids, fmt.Sprintf("7d4c0f1e-0000-4000-8000-%012d", i))
	}
	put := fmt.Sprintf(`{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Many", "members": %s}`, memberList(ids...))
	e.expect(e.do("PUT", "/Groups/"+gid, put), 200)

	if got := e.members(gid); !slices.Equal(got, []string{known}) {
		t.Fatalf("members %v", got)
	}
	d := e.skipAudits()[0].Details
	listed, _ := d["member_ids"].([]any)
	if len(listed) != core.MaxSkippedMemberIDs || listed[0] != ids[1] || d["skipped_count"] != float64(9_999) {
		t.Fatalf("audit lists %d IDs, first %v, count %v", len(listed), listed[0], d["skipped_count"])
	}
	n := e.notices[len(e.notices)-1]
	if l, _ := n["skipped_member_ids"].([]string); len(l) != core.MaxSkippedMemberIDs || n["skipped_count"] != 9_999 {
		t.Fatalf("the log line lists %d IDs, count %v", len(l), n["skipped_count"])
	}
	g, err := e.db.Groups().Get(context.Background(), e.company.ID, gid)
	gwMust(t, err)
	if len(g.SkippedMemberIDs) != core.MaxSkippedMemberIDs || g.SkippedMemberIDs[19] != ids[len(ids)-1] {
		t.Fatalf("the group remembers %v", g.SkippedMemberIDs)
	}
}

// One request may name at most 10,000 members, whatever its shape; more is a 400
// that says to send fewer, and changes nothing.
func TestSCIMTooManyMembersInOneRequest(t *testing.T) {
	e := newGWEnv(t)
	gid := e.expect(e.do("POST", "/Groups", postGroup("Capped")), 201).body["id"].(string)
	version := e.version(gid)
	ids := make([]string, 10_001)
	for i := range ids {
		ids[i] = fmt.Sprintf("u%d", i)
	}
	half := memberList(ids[:5_001]...)
	rest := memberList(ids[5_001:]...)
	for name, req := range map[string][2]string{
		"POST":             {"/Groups", fmt.Sprintf(`{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Too Many", "members": %s}`, memberList(ids...))},
		"PUT":              {"/Groups/" + gid, fmt.Sprintf(`{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Capped", "members": %s}`, memberList(ids...))},
		"PATCH one op":     {"/Groups/" + gid, patchBody(`{"op": "add", "path": "members", "value": ` + memberList(ids...) + `}`)},
		"PATCH two ops":    {"/Groups/" + gid, patchBody(`{"op": "add", "path": "members", "value": `+half+`}`, `{"op": "remove", "path": "members", "value": `+rest+`}`)},
		"PATCH path-less":  {"/Groups/" + gid, patchBody(`{"op": "replace", "value": {"members": ` + memberList(ids...) + `}}`)},
		"PATCH replace op": {"/Groups/" + gid, patchBody(`{"op": "replace", "path": "members", "value": ` + memberList(ids...) + `}`)},
	} {
		method := strings.Fields(name)[0]
		a := e.expect(e.do(method, req[0], req[1]), 400)
		detail, _ := a.body["detail"].(string)
		if a.body["scimType"] != "invalidValue" || !strings.Contains(detail, "at most 10000") || !strings.Contains(detail, "several requests") {
			t.Errorf("%s: %v", name, a.body)
		}
	}
	if e.version(gid) != version || len(e.skipAudits()) != 0 {
		t.Fatal("a refused request changed the group")
	}
}
