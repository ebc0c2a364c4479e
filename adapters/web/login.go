package web

import (
	"net/http"
	"net/url"
	"strings"

	"harriet/adapters/httpmw"
	"harriet/core"
	"harriet/core/usecase"
)

// maxFormBytes bounds a sign-in form.
const maxFormBytes = 16 << 10

// loginView is the login page's data. Known says the email's domain is known, so
// the page shows only the ways in allowed for it.
type loginView struct {
	Email     string
	ReturnTo  string
	Error     string
	Notice    string
	Known     bool
	Okta      bool
	Password  bool
	SSOOnly   bool
	Companies []usecase.CompanyChoice
}

// loginPage is GET /login: the email first; with ?email= the ways in for its domain.
// A signed-in browser goes on to where it was going.
func (w *Web) loginPage(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	returnTo := usecase.SafeReturnPath(q.Get("return_to"))
	if p, err := w.principal(rw, r); err == nil && p != nil && q.Get("email") == "" {
		http.Redirect(rw, r, returnTo, http.StatusSeeOther)
		return
	}
	w.showLogin(rw, r, http.StatusOK, loginView{Email: strings.TrimSpace(q.Get("email")), ReturnTo: returnTo})
}

// showLogin renders the login page, with the ways in of the email's domain when the
// email is known.
func (w *Web) showLogin(rw http.ResponseWriter, r *http.Request, status int, v loginView) {
	if v.ReturnTo == "/" {
		v.ReturnTo = "" // the default: keep it out of the forms
	}
	if core.EmailDomain(v.Email) != "" && core.ValidateEmail("email", v.Email) == nil {
		m, err := w.signin.LoginMethodsFor(r.Context(), v.Email)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		v.Known, v.Okta, v.Password, v.SSOOnly = true, m.Okta, m.Password, m.SSOOnly
	}
	w.render(rw, r, status, "login", nil, v)
}

// readForm parses a small form body.
func readForm(rw http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	return r.ParseForm() == nil
}

// loginOkta is POST /login/okta: the integration of the email's domain, then off to
// Okta with the flow in a signed cookie.
func (w *Web) loginOkta(rw http.ResponseWriter, r *http.Request) {
	if !readForm(rw, r) {
		w.showLogin(rw, r, http.StatusBadRequest, loginView{Error: "The form could not be read. Try again."})
		return
	}
	email, returnTo := strings.TrimSpace(r.PostForm.Get("email")), r.PostForm.Get("return_to")
	start, err := w.signin.StartOktaLogin(r.Context(), email, returnTo)
	if err != nil {
		w.loginFailed(rw, r, err, loginView{Email: email, ReturnTo: usecase.SafeReturnPath(returnTo)})
		return
	}
	w.goToOkta(rw, r, start)
}

// tileLogin is GET /bots/okta/login?iss=: a sign-in started from the Okta dashboard
// tile. It starts the flow when exactly one integration has that issuer; otherwise
// it shows the login page.
func (w *Web) tileLogin(rw http.ResponseWriter, r *http.Request) {
	start, err := w.signin.StartOktaLoginFromIssuer(r.Context(), r.URL.Query().Get("iss"), "/")
	if core.IsKind(err, core.NotFound) {
		w.showLogin(rw, r, http.StatusOK, loginView{})
		return
	}
	if err != nil {
		w.loginFailed(rw, r, err, loginView{})
		return
	}
	w.goToOkta(rw, r, start)
}

func (w *Web) goToOkta(rw http.ResponseWriter, r *http.Request, start usecase.LoginStart) {
	if err := w.setFlowCookie(rw, start.Flow); err != nil {
		w.fail(rw, r, core.Wrap(core.Internal, err, "could not sign the flow cookie"))
		return
	}
	http.Redirect(rw, r, start.AuthURL, http.StatusSeeOther)
}

// loginFailed shows the login page again with the error's message and status, and
// logs the cause.
func (w *Web) loginFailed(rw http.ResponseWriter, r *http.Request, err error, v loginView) {
	status := statusOf(err)
	entry := w.logger(r).WithField("status", status)
	if status >= 500 {
		entry.WithError(err).Error("sign-in failed")
	} else {
		entry.WithField("cause", err.Error()).Info("sign-in refused")
	}
	v.Error = core.MessageOf(err)
	w.showLogin(rw, r, status, v)
}

// loginPassword is POST /login/password. Without a password it only moves the page
// on to the ways in of the email's domain.
func (w *Web) loginPassword(rw http.ResponseWriter, r *http.Request) {
	if !readForm(rw, r) {
		w.showLogin(rw, r, http.StatusBadRequest, loginView{Error: "The form could not be read. Try again."})
		return
	}
	f := r.PostForm
	v := loginView{Email: strings.TrimSpace(f.Get("email")), ReturnTo: usecase.SafeReturnPath(f.Get("return_to"))}
	if f.Get("password") == "" && f.Get("company") == "" && v.Email != "" {
		http.Redirect(rw, r, "/login?"+url.Values{"email": {v.Email}, "return_to": {v.ReturnTo}}.Encode(), http.StatusSeeOther)
		return
	}
	ip := httpmw.ClientIPFrom(r.Context())
	if blocked, wait := w.opts.Failures.Blocked(ip); blocked {
		httpmw.SetRetryAfter(rw, wait)
		w.loginFailed(rw, r, core.E(core.RateLimited, "Too many failed sign-ins from your address. Try again in %s.", httpmw.InSeconds(wait)), v)
		return
	}
	res, err := w.signin.PasswordSignIn(r.Context(), usecase.PasswordInput{Email: v.Email, Password: f.Get("password"),
		Company: f.Get("company"), ReturnTo: v.ReturnTo, RequestID: httpmw.RequestIDFrom(r.Context())})
	switch {
	case core.IsKind(err, core.Unauthenticated):
		w.opts.Failures.Fail(ip)
		w.loginFailed(rw, r, err, v)
	case err != nil:
		w.loginFailed(rw, r, err, v)
	case len(res.Choices) > 0:
		v.Companies = res.Choices
		w.showLogin(rw, r, http.StatusOK, v)
	default:
		w.startSession(rw, r, res.Session)
	}
}
