package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

// groupRow is a group in the list, with what deserves an admin's attention.
type groupRow struct {
	S         usecase.GroupSummary
	Role      string
	Abandoned bool
}

func groupRowOf(s usecase.GroupSummary, now time.Time) groupRow {
	row := groupRow{S: s, Abandoned: usecase.PossiblyAbandoned(s.Group, now)}
	if r, ok := s.Group.Role(); ok {
		row.Role = string(r)
	}
	return row
}

// groupsView is Company settings → Groups.
type groupsView struct {
	adminBase
	Rows        []groupRow
	Total       int
	Next, After string
	Flagged     int
}

// groupsPage is GET /settings/groups?after=.
func (w *Web) groupsPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	notice := ""
	if r.URL.Query().Get("deleted") != "" {
		notice = "Group deleted. Its members no longer hold its role, unless something else grants it."
	}
	after := r.URL.Query().Get("after")
	page, err := w.signin.AdminListGroups(r.Context(), *p, after, 100)
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	v := groupsView{adminBase: w.base(notice), Total: page.Total, Next: page.Next, After: after}
	for _, s := range page.Groups {
		row := groupRowOf(s, v.Now)
		if row.Abandoned || s.NearMiss != "" || len(s.Group.SkippedMemberIDs) > 0 {
			v.Flagged++
		}
		v.Rows = append(v.Rows, row)
	}
	w.renderAdmin(rw, r, http.StatusOK, "groups", p, v)
}

// groupView is one group's page, and its delete and keep confirmations.
type groupView struct {
	adminBase
	D      usecase.GroupDetail
	Row    groupRow
	CanAct bool   // the caller may delete or keep it
	Action string // "delete" or "keep" on a confirmation
	Error  string
}

func (w *Web) groupView(r *http.Request, p *core.Principal, notice string) (groupView, error) {
	d, err := w.signin.AdminGetGroup(r.Context(), *p, mux.Vars(r)["id"])
	if err != nil {
		return groupView{}, err
	}
	v := groupView{adminBase: w.base(notice), D: d, Action: mux.Vars(r)["action"]}
	v.Row = groupRowOf(d.Summary, v.Now)
	role, isRole := d.Summary.Group.Role()
	v.CanAct = p.Can(core.ActManageUsers) && (!isRole || core.CanGrantRole(p.Roles, role))
	return v, nil
}

// groupPage is GET /settings/groups/{id}.
func (w *Web) groupPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	notice := ""
	if r.URL.Query().Get("kept") != "" {
		notice = "Kept as a Harriet group. Okta no longer manages it here; its members keep their role."
	}
	v, err := w.groupView(r, p, notice)
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	w.renderAdmin(rw, r, http.StatusOK, "group", p, v)
}

// groupConfirmPage is GET /settings/groups/{id}/delete or /keep: what will happen,
// naming the role at stake, before the POST that does it.
func (w *Web) groupConfirmPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	v, err := w.groupView(r, p, "")
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	w.renderAdmin(rw, r, http.StatusOK, "group_confirm", p, v)
}

// groupAct is POST /settings/groups/{id}/delete or /keep. The form carries the
// version the confirmation showed: a group Okta renamed meanwhile is not changed.
func (w *Web) groupAct(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedInForm(rw, r)
	if !ok {
		return
	}
	id, action := mux.Vars(r)["id"], mux.Vars(r)["action"]
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	var err error
	to := "/settings/groups?deleted=1"
	if action == "keep" {
		_, err = w.signin.AdminKeepGroup(r.Context(), *p, id, version)
		to = "/settings/groups/" + url.PathEscape(id) + "?kept=1"
	} else {
		err = w.signin.AdminDeleteGroup(r.Context(), *p, id, version)
	}
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	seeOther(rw, r, to)
}
