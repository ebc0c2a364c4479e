package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/sirupsen/logrus"

	"harriet/adapters/httpmw"
	"harriet/core"
)

//go:embed templates static
var assets embed.FS

// pages are the parsed page templates, each on its own copy of the layout.
type pages struct {
	byName map[string]*template.Template
}

// loadPages parses templates/layout.html once per page in templates/pages/.
func loadPages() (*pages, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, f := range files {
		t, err := template.Must(base.Clone()).ParseFS(assets, f)
		if err != nil {
			return nil, err
		}
		p.byName[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return p, nil
}

var funcs = template.FuncMap{
	"join": strings.Join,
}

// navLink is one entry of the navigation a signed-in user sees.
type navLink struct {
	Href  string
	Label string
}

// navItems are the pages of the product, each shown to those who may use it.
var navItems = []struct {
	link navLink
	may  core.Action
}{
	{navLink{"/settings/integrations/okta", "Okta integration"}, core.ActReadIntegration},
	{navLink{"/preferences/tokens", "API tokens"}, core.ActManageOwnTokens},
	{navLink{"/settings/users", "Users"}, core.ActReadDirectory},
	{navLink{"/settings/groups", "Groups"}, core.ActReadDirectory},
	{navLink{"/settings/audit", "Audit log"}, core.ActReadAudit},
}

// navFor lists the pages p may use.
func navFor(p *core.Principal) []navLink {
	if p == nil {
		return nil
	}
	var out []navLink
	for _, it := range navItems {
		if p.Can(it.may) {
			out = append(out, it.link)
		}
	}
	return out
}

// pageData is what the layout renders; View is the page's own data.
type pageData struct {
	Principal *core.Principal
	Nav       []navLink
	View      any
}

// render writes a page with a status. It renders to a buffer first so a template
// error is a clean 500, never half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, p *core.Principal, view any) {
	t := w.pages.byName[name]
	var buf bytes.Buffer
	if t == nil {
		w.logger(r).Errorf("no page template %q", name)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout.html", pageData{Principal: p, Nav: navFor(p), View: view}); err != nil {
		w.logger(r).WithError(err).Errorf("rendering page %q", name)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	writePage(rw, r, status, buf.Bytes())
}

// writePage sends a rendered page. A 503 says when to come back, as the API's do.
func writePage(rw http.ResponseWriter, r *http.Request, status int, body []byte) {
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	if status == http.StatusServiceUnavailable && rw.Header().Get("Retry-After") == "" {
		rw.Header().Set("Retry-After", "5")
	}
	rw.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = rw.Write(body)
	}
}

// errorView is the generic error page.
type errorView struct {
	Title   string
	Message string
}

// statusOf maps core error kinds to statuses: the one place the pages do it.
func statusOf(err error) int {
	switch core.KindOf(err) {
	case core.Invalid:
		return http.StatusBadRequest
	case core.Unauthenticated:
		return http.StatusUnauthorized
	case core.Forbidden:
		return http.StatusForbidden
	case core.NotFound:
		return http.StatusNotFound
	case core.Conflict:
		return http.StatusConflict
	case core.Precondition:
		return http.StatusPreconditionFailed
	case core.TooLarge:
		return http.StatusRequestEntityTooLarge
	case core.RateLimited:
		return http.StatusTooManyRequests
	case core.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail renders the error page for err, logging the cause of server-side failures.
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		w.logger(r).WithError(err).Error("page failed")
	}
	w.render(rw, r, status, "error", nil, errorView{Title: http.StatusText(status), Message: core.MessageOf(err)})
}

func (w *Web) logger(r *http.Request) logrus.FieldLogger {
	return w.log.WithField("request_id", httpmw.RequestIDFrom(r.Context()))
}

// staticHandler serves the embedded style sheet and other assets.
func staticHandler() http.Handler {
	sub, _ := fs.Sub(assets, "static")
	fileServer := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Cache-Control", "public, max-age=3600")
		rw.Header().Set("X-Content-Type-Options", "nosniff")
		fileServer.ServeHTTP(rw, r)
	})
}
