package web

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

// roleChoice is one role in the direct-roles form.
type roleChoice struct {
	Role     string
	Direct   bool // granted directly now
	Editable bool // the caller may grant or take it away
	Locked   string
}

// userView is one user's page.
type userView struct {
	adminBase
	D         usecase.UserDetail
	Roles     []roleLine
	CanManage bool
	// OwnersOnly is the Owner-level role the user holds when only Owners may change
	// their roles, for the page to say so.
	OwnersOnly string
	Choices    []roleChoice
	Error      string
}

// userPage is GET /settings/users/{id}.
func (w *Web) userPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	notice := ""
	switch {
	case q.Get("added") != "":
		notice = "User added. Okta links this account by email when it provisions them, instead of making a second one."
	case q.Get("saved") != "":
		notice = "Direct roles saved."
	case q.Get("reset") != "":
		notice = "Okta link reset. The next Okta sign-in with this email links the account again."
	}
	v, err := w.userView(r, p, mux.Vars(r)["id"], notice)
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	w.renderAdmin(rw, r, http.StatusOK, "user", p, v)
}

func (w *Web) userView(r *http.Request, p *core.Principal, id, notice string) (userView, error) {
	d, err := w.signin.AdminGetUser(r.Context(), *p, id)
	if err != nil {
		return userView{}, err
	}
	v := userView{adminBase: w.base(notice), D: d, Roles: roleLines(d), CanManage: p.Can(core.ActManageUsers)}
	v.OwnersOnly = ownersOnlyRole(p, d)
	for _, role := range core.AllRoles() {
		c := roleChoice{Role: string(role), Direct: slices.Contains(d.User.DirectRoles, role),
			Editable: v.CanManage && v.OwnersOnly == "" && core.CanGrantRole(p.Roles, role)}
		switch {
		case role == core.RoleOwner && d.PrimaryOwner:
			c.Editable, c.Locked = false, "The primary owner always keeps Owner."
		case v.OwnersOnly != "" && v.CanManage:
			c.Locked = "Only an Owner can change the roles of a user who holds " + v.OwnersOnly + "."
		case !c.Editable && v.CanManage:
			c.Locked = "Only Owners can grant or take away " + string(role) + "."
		}
		v.Choices = append(v.Choices, c)
	}
	return v, nil
}

// ownersOnlyRole is the role that makes the user as powerful as an Owner when the
// caller may not grant it, so only Owners change this user's roles; "" otherwise.
func ownersOnlyRole(p *core.Principal, d usecase.UserDetail) string {
	for _, r := range d.Roles.Roles() {
		if core.OwnerEquivalent(r) && !core.CanGrantRole(p.Roles, r) {
			return string(r)
		}
	}
	return ""
}

// userRoles is POST /settings/users/{id}/roles: the direct roles become exactly the
// ticked ones. Roles the caller may not change come back as hidden fields with
// their current state, so they are never taken away by omission.
func (w *Web) userRoles(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedInForm(rw, r)
	if !ok {
		return
	}
	id := mux.Vars(r)["id"]
	roles := r.PostForm["role"]
	if roles == nil {
		roles = []string{}
	}
	if _, err := w.signin.SetDirectRoles(r.Context(), *p, id, roles); err != nil {
		if k := core.KindOf(err); k != core.Forbidden && k != core.Invalid {
			w.adminFail(rw, r, p, err)
			return
		}
		v, verr := w.userView(r, p, id, "")
		if verr != nil {
			w.adminFail(rw, r, p, verr)
			return
		}
		v.Error = core.MessageOf(err)
		w.renderAdmin(rw, r, statusOf(err), "user", p, v)
		return
	}
	seeOther(rw, r, "/settings/users/"+url.PathEscape(id)+"?saved=1")
}

// userLinkReset is POST /settings/users/{id}/okta-link/reset.
func (w *Web) userLinkReset(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	id := mux.Vars(r)["id"]
	if err := w.signin.ResetOktaLink(r.Context(), *p, id); err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	seeOther(rw, r, "/settings/users/"+url.PathEscape(id)+"?reset=1")
}
