package web

import (
	"bytes"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"harriet/core"
)

// The admin pages: Company settings → Integrations → Okta, My preferences → Manage
// API tokens, Users, Groups and the Audit log. Each is templates/admin/<name>.html on
// top of templates/layout.html and templates/admin/partials.html. They read and
// change nothing themselves: every check is the use cases' permission check, and
// every change is a POST (behind http.CrossOriginProtection, via w.handle) that
// answers with a redirect, so a reload never repeats it.

// registerAdmin mounts the admin pages on r.
func (w *Web) registerAdmin(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	w.handle(r, "/settings/integrations/okta", w.oktaPage, get...)
	w.handle(r, "/settings/integrations/okta", w.oktaSave, http.MethodPost)
	w.handle(r, "/preferences/tokens", w.tokensPage, get...)
	w.handle(r, "/preferences/tokens", w.tokenCreate, http.MethodPost)
	w.handle(r, "/preferences/tokens/{id}/revoke", w.tokenRevokePage, get...)
	w.handle(r, "/preferences/tokens/{id}/revoke", w.tokenRevoke, http.MethodPost)
	w.handle(r, "/settings/users", w.usersPage, get...)
	w.handle(r, "/settings/users", w.userAdd, http.MethodPost)
	w.handle(r, "/settings/users/{id}", w.userPage, get...)
	w.handle(r, "/settings/users/{id}/roles", w.userRoles, http.MethodPost)
	w.handle(r, "/settings/users/{id}/okta-link/reset", w.userLinkReset, http.MethodPost)
	w.handle(r, "/settings/groups", w.groupsPage, get...)
	w.handle(r, "/settings/groups/{id}", w.groupPage, get...)
	w.handle(r, "/settings/groups/{id}/{action:delete|keep}", w.groupConfirmPage, get...)
	w.handle(r, "/settings/groups/{id}/{action:delete|keep}", w.groupAct, http.MethodPost)
	w.handle(r, "/settings/audit", w.auditPage, get...)
}

// adminBase is what every admin page shows besides its own data.
type adminBase struct {
	Now time.Time
	// DevIdP says this server admits a Login Domain that is a development OpenID
	// provider on this machine (--allow-insecure-idp, as `harriet demo` runs).
	DevIdP bool
	// Notice is a one-line confirmation of what the last POST did.
	Notice string
}

func (w *Web) base(notice string) adminBase {
	return adminBase{Now: w.signin.Clock.Now(), DevIdP: w.signin.AllowInsecureIdP, Notice: notice}
}

// signedIn returns the page's principal, or sends a signed-out browser to the login
// page, to come back here afterwards.
func (w *Web) signedIn(rw http.ResponseWriter, r *http.Request) (*core.Principal, bool) {
	p, err := w.principal(rw, r)
	if err != nil {
		w.fail(rw, r, err)
		return nil, false
	}
	if p == nil {
		back := r.URL.Path
		if r.Method == http.MethodGet && r.URL.RawQuery != "" {
			back += "?" + r.URL.RawQuery
		}
		http.Redirect(rw, r, "/login?"+url.Values{"return_to": {back}}.Encode(), http.StatusSeeOther)
		return nil, false
	}
	return p, true
}

// signedInForm is signedIn for a POST from a page's form: the form is read too, and
// one that cannot be read gets the error page.
func (w *Web) signedInForm(rw http.ResponseWriter, r *http.Request) (*core.Principal, bool) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return nil, false
	}
	if !readForm(rw, r) {
		w.adminFail(rw, r, p, core.E(core.Invalid, "The form could not be read. Try again."))
		return nil, false
	}
	return p, true
}

// problemView is an admin page that could not be shown: no permission, not found.
type problemView struct {
	adminBase
	Title   string
	Message string
}

// adminFail shows what went wrong with the navigation still there: a 403 page that
// says which roles may use the page, a 404, or the generic message of a failure
// whose cause goes to the log.
func (w *Web) adminFail(rw http.ResponseWriter, r *http.Request, p *core.Principal, err error) {
	status := statusOf(err)
	if status >= 500 {
		w.logger(r).WithError(err).Error("admin page failed")
	}
	title := http.StatusText(status)
	switch status {
	case http.StatusForbidden:
		title = "You don't have access to this page"
	case http.StatusNotFound:
		title = "Not found"
	case http.StatusPreconditionFailed:
		title = "Changed meanwhile"
	}
	w.renderAdmin(rw, r, status, "problem", p, problemView{adminBase: w.base(""), Title: title, Message: core.MessageOf(err)})
}

// adminPages are the parsed admin templates; they are the same for every Web.
var adminPages = sync.OnceValues(loadAdminPages)

func loadAdminPages() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(funcs).Funcs(adminFuncs).
		ParseFS(assets, "templates/layout.html", "templates/admin/partials.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(assets, "templates/admin/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(assets, f)
		if err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// renderAdmin writes an admin page, rendered to a buffer first so a template error
// is a clean 500.
func (w *Web) renderAdmin(rw http.ResponseWriter, r *http.Request, status int, name string, p *core.Principal, view any) {
	pages, err := adminPages()
	t := pages[name]
	if err != nil || t == nil {
		w.logger(r).WithError(err).Errorf("no admin page template %q", name)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", pageData{Principal: p, Nav: navFor(p), View: view}); err != nil {
		w.logger(r).WithError(err).Errorf("rendering admin page %q", name)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	writePage(rw, r, status, buf.Bytes())
}

// seeOther answers a POST that worked: back to a page, so a reload repeats nothing.
func seeOther(rw http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(rw, r, to, http.StatusSeeOther)
}

// fieldErrors turns a use case's error into the message beside the field it names
// (core.Error.Field), or a message for the top of the form.
type fieldErrors map[string]string

func errorsOf(err error) (fieldErrors, string) {
	var e *core.Error
	if errors.As(err, &e) && e.Field != "" && e.Kind != core.Internal {
		return fieldErrors{e.Field: e.Message}, ""
	}
	return fieldErrors{}, core.MessageOf(err)
}
