package web

import "net/http"

// homeView is what the home page shows of the signed-in user.
type homeView struct {
	Email   string
	Company string
	Roles   []string
}

// home is GET /: who you are and where you may go; signed out, the login page.
func (w *Web) home(rw http.ResponseWriter, r *http.Request) {
	p, err := w.principal(rw, r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	if p == nil {
		http.Redirect(rw, r, "/login", http.StatusSeeOther)
		return
	}
	v := homeView{Email: p.User.PrimaryEmail()}
	if c, err := w.signin.CompanyOf(r.Context(), *p); err == nil {
		v.Company = c.Name
	}
	for _, role := range p.Roles.Roles() {
		v.Roles = append(v.Roles, string(role))
	}
	w.render(rw, r, http.StatusOK, "home", p, v)
}
