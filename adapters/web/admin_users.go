package web

import (
	"net/http"
	"net/url"
	"strings"

	"harriet/core"
	"harriet/core/usecase"
)

// roleLine is one effective role and where it comes from: "direct" or group names.
type roleLine struct {
	Role    string
	Direct  bool
	Groups  []core.Group
	Missing int // sources that are groups no longer readable
}

// roleLines explains a user's effective roles in the role table's order.
func roleLines(d usecase.UserDetail) []roleLine {
	byID := map[string]core.Group{}
	for _, g := range d.Groups {
		byID[g.ID] = g
	}
	var out []roleLine
	for _, role := range d.Roles.Roles() {
		l := roleLine{Role: string(role)}
		for _, src := range d.Roles[role] {
			switch g, ok := byID[src]; {
			case src == core.SourceDirect:
				l.Direct = true
			case ok:
				l.Groups = append(l.Groups, g)
			default:
				l.Missing++
			}
		}
		out = append(out, l)
	}
	return out
}

// userRow is a user in the list.
type userRow struct {
	D     usecase.UserDetail
	Roles []roleLine
}

// addForm is the add-a-user form as typed.
type addForm struct {
	Email, Given, Family string
	Roles                map[string]bool
}

// usersView is Company settings → Users.
type usersView struct {
	adminBase
	Q         string
	Total     int
	Rows      []userRow
	Next      string
	After     string
	CanManage bool
	Grantable []string
	Add       addForm
	Errors    fieldErrors
	Error     string
}

// usersPage is GET /settings/users?q=&after=: search by email or name, a page at a time.
func (w *Web) usersPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	v, err := w.usersView(r, p)
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	w.renderAdmin(rw, r, http.StatusOK, "users", p, v)
}

func (w *Web) usersView(r *http.Request, p *core.Principal) (usersView, error) {
	q := r.URL.Query()
	v := usersView{adminBase: w.base(""), Q: strings.TrimSpace(q.Get("q")), After: q.Get("after"),
		CanManage: p.Can(core.ActManageUsers), Errors: fieldErrors{}, Add: addForm{Roles: map[string]bool{}}}
	page, err := w.signin.AdminListUsers(r.Context(), *p, usecase.AdminUserQuery{Text: v.Q, After: v.After, Limit: 50})
	if err != nil {
		return v, err
	}
	v.Total, v.Next = page.Total, page.Next
	for _, d := range page.Users {
		v.Rows = append(v.Rows, userRow{D: d, Roles: roleLines(d)})
	}
	for _, role := range core.AllRoles() {
		if v.CanManage && core.CanGrantRole(p.Roles, role) {
			v.Grantable = append(v.Grantable, string(role))
		}
	}
	return v, nil
}

// userAdd is POST /settings/users: a user added by hand, then their page.
func (w *Web) userAdd(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedInForm(rw, r)
	if !ok {
		return
	}
	f := r.PostForm
	in := usecase.AdminUserInput{Email: f.Get("email"), GivenName: f.Get("given_name"),
		FamilyName: f.Get("family_name"), DirectRoles: f["role"]}
	d, err := w.signin.AdminAddUser(r.Context(), *p, in)
	if err == nil {
		seeOther(rw, r, "/settings/users/"+url.PathEscape(d.User.ID)+"?added=1")
		return
	}
	v, verr := w.usersView(r, p)
	if verr != nil || core.KindOf(err) == core.Internal {
		w.adminFail(rw, r, p, firstErr(verr, err))
		return
	}
	v.Add = addForm{Email: in.Email, Given: in.GivenName, Family: in.FamilyName, Roles: map[string]bool{}}
	for _, role := range in.DirectRoles {
		v.Add.Roles[role] = true
	}
	v.Errors, v.Error = errorsOf(err)
	for from, to := range map[string]string{"name": "given_name", "userName": "email", "emails": "email"} {
		if msg := v.Errors[from]; msg != "" {
			v.Errors[to] = msg
		}
	}
	w.renderAdmin(rw, r, statusOf(err), "users", p, v)
}
