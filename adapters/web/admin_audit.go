package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// auditKinds are the action filters the page offers: families first (a prefix
// ending in "."), then the single actions admins look for most.
var auditKinds = []struct{ Value, Label string }{
	{"scim.", "SCIM provisioning (all)"},
	{"scim.user.", "SCIM: users"},
	{"scim.group.", "SCIM: Group Push"},
	{"signin.", "Sign-in"},
	{"role.", "Role granted or revoked"},
	{"integration.", "Okta integration settings"},
	{"token.", "API tokens"},
	{"user.", "Users changed by an admin"},
	{"group.", "Groups changed by an admin"},
	{"company.", "Company"},
}

// auditPageSize is how many entries one page shows.
const auditPageSize = 50

// auditRow is one entry with its details flattened for reading.
type auditRow struct {
	E       core.AuditEntry
	Details []string
}

// auditView is Company settings → Audit log.
type auditView struct {
	adminBase
	Kinds                 []struct{ Value, Label string }
	Action, Actor, Target string
	Rows                  []auditRow
	Total                 int
	Older, Before, Newest string
	Filtered              bool
}

// auditPage is GET /settings/audit?action=&actor=&target=&before=: newest first.
func (w *Web) auditPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	v := auditView{adminBase: w.base(""), Kinds: auditKinds, Action: strings.TrimSpace(q.Get("action")),
		Actor: strings.TrimSpace(q.Get("actor")), Target: strings.TrimSpace(q.Get("target")), Before: q.Get("before")}
	v.Filtered = v.Action != "" || v.Actor != "" || v.Target != ""
	page, err := w.signin.ListAudit(r.Context(), *p, ports.AuditQuery{Before: v.Before, Limit: auditPageSize,
		Action: v.Action, ActorID: v.Actor, TargetID: v.Target})
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	v.Total, v.Newest = page.Total, v.link(nil)
	if page.Next != "" {
		v.Older = v.link(url.Values{"before": {page.Next}})
	}
	for _, e := range page.Entries {
		v.Rows = append(v.Rows, auditRow{E: e, Details: detailLines(e.Details)})
	}
	w.renderAdmin(rw, r, http.StatusOK, "audit", p, v)
}

// link is the page's address with its filters and extra parameters.
func (v auditView) link(extra url.Values) string {
	q := url.Values{}
	for k, val := range map[string]string{"action": v.Action, "actor": v.Actor, "target": v.Target} {
		if val != "" {
			q.Set(k, val)
		}
	}
	for k, vals := range extra {
		q[k] = vals
	}
	return "/settings/audit?" + q.Encode()
}

// detailLines shows an entry's details as "key: value" lines, sorted by key.
func detailLines(d map[string]any) []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		val := d[k]
		if val == nil || val == "" {
			continue
		}
		if list, ok := val.([]any); ok {
			parts := make([]string, len(list))
			for i, x := range list {
				parts[i] = fmt.Sprint(x)
			}
			val = "[" + strings.Join(parts, ", ") + "]"
		}
		out = append(out, strings.ReplaceAll(k, "_", " ")+": "+fmt.Sprint(val))
	}
	return out
}
