package web

import (
	"net/http"
	"strings"

	"harriet/core"
	"harriet/core/usecase"
)

// scimPath is what an admin pastes into Okta as the SCIM connector base URL, after
// the public URL.
const scimPath = "/scim/v2"

// oktaForm is what the admin typed; the secret is never put back in the page.
type oktaForm struct {
	Domain      string
	ClientID    string
	LoginDomain string
	SSOOnly     bool
}

// oktaView is Company settings → Integrations → Okta.
type oktaView struct {
	adminBase
	Exists      bool
	Form        oktaForm
	SecretSet   bool
	Errors      fieldErrors
	Error       string
	Saved       core.Integration
	RedirectURI string
	SCIMBaseURL string
	Checklist   usecase.SetupChecklist
	// DevIssuer says the saved Login Domain is a development provider on loopback.
	DevIssuer bool
	// CompanySlug names the company in the operator's command the page quotes.
	CompanySlug string
}

// oktaPage is GET /settings/integrations/okta.
func (w *Web) oktaPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	notice := ""
	if r.URL.Query().Get("saved") != "" {
		notice = "Saved. Your Okta integration settings are stored."
	}
	v, err := w.oktaView(r, p, notice)
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	w.renderAdmin(rw, r, http.StatusOK, "okta", p, v)
}

// oktaView reads the saved integration (if any) and the setup checklist.
func (w *Web) oktaView(r *http.Request, p *core.Principal, notice string) (oktaView, error) {
	v := oktaView{adminBase: w.base(notice), Errors: fieldErrors{},
		RedirectURI: w.redirectURI(), SCIMBaseURL: w.opts.PublicURL + scimPath}
	in, err := w.signin.GetIntegration(r.Context(), *p)
	switch {
	case err == nil:
		v.Exists, v.Saved, v.SecretSet = true, in, len(in.SecretSealed) > 0
		v.Form = oktaForm{Domain: in.Domain, ClientID: in.ClientID, LoginDomain: in.LoginDomain, SSOOnly: in.SSOOnly}
		v.DevIssuer = strings.HasPrefix(in.Issuer, "http://")
	case !core.IsKind(err, core.NotFound):
		return v, err
	}
	c, err := w.signin.CompanyOf(r.Context(), *p)
	if err != nil {
		return v, err
	}
	v.CompanySlug = c.Slug
	v.Checklist, err = w.signin.CompanySetupChecklist(r.Context(), *p)
	return v, err
}

// oktaSave is POST /settings/integrations/okta: Save. A mistake shows the form again
// with the admin's values and the message beside the field at fault; nothing is
// saved. An empty Secret key keeps the saved one.
func (w *Web) oktaSave(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedInForm(rw, r)
	if !ok {
		return
	}
	f := r.PostForm
	sso := f.Get("sso_only") != ""
	in := usecase.SaveIntegrationInput{Domain: f.Get("domain"), ClientID: f.Get("client_id"),
		LoginDomain: f.Get("login_domain"), ClientSecret: f.Get("client_secret"), SSOOnly: &sso}
	_, err := w.signin.SaveIntegration(r.Context(), *p, in)
	if err == nil {
		seeOther(rw, r, "/settings/integrations/okta?saved=1")
		return
	}
	if k := core.KindOf(err); k == core.Forbidden || k == core.Internal || k == core.Unavailable {
		w.adminFail(rw, r, p, err)
		return
	}
	v, verr := w.oktaView(r, p, "")
	if verr != nil {
		w.adminFail(rw, r, p, verr)
		return
	}
	v.Form = oktaForm{Domain: in.Domain, ClientID: in.ClientID, LoginDomain: in.LoginDomain, SSOOnly: sso}
	v.Errors, v.Error = errorsOf(err)
	w.renderAdmin(rw, r, statusOf(err), "okta", p, v)
}
