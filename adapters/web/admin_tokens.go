package web

import (
	"net/http"
	"net/url"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

// newTokenView is a token just made, with its secret: on this page once.
type newTokenView struct {
	Secret string
	Token  core.Token
}

// tokensView is My preferences → Manage API tokens.
type tokensView struct {
	adminBase
	New          *newTokenView
	Mine         []core.Token
	All          []usecase.CompanyToken
	CanAll       bool
	CanProvision bool
	Name         string
	Scope        string
	Errors       fieldErrors
	Error        string
}

// tokensPage is GET /preferences/tokens: a token just made (once), the caller's
// tokens, and every token of the company for Owners and Manage API Keys users.
func (w *Web) tokensPage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	notice := ""
	if r.URL.Query().Get("revoked") != "" {
		notice = "Token revoked. Anything still using it is refused from now on."
	}
	v, err := w.tokensView(r, p, notice)
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	if f, ok := w.takeTokenFlash(rw, r); ok {
		for _, t := range v.Mine {
			if t.ID == f.ID {
				v.New = &newTokenView{Secret: f.Secret, Token: t}
			}
		}
	}
	w.renderAdmin(rw, r, http.StatusOK, "tokens", p, v)
}

func (w *Web) tokensView(r *http.Request, p *core.Principal, notice string) (tokensView, error) {
	v := tokensView{adminBase: w.base(notice), Errors: fieldErrors{}, Scope: string(core.ScopePersonal),
		CanAll: p.Can(core.ActManageAllTokens), CanProvision: p.Can(core.ActCreateProvisioningToken)}
	var err error
	if v.Mine, err = w.signin.ListTokens(r.Context(), *p, false); err != nil {
		return v, err
	}
	if v.CanAll {
		v.All, err = w.signin.ListCompanyTokens(r.Context(), *p)
	}
	return v, err
}

// tokenCreate is POST /preferences/tokens: the token is made, and its secret goes to
// the page the browser is sent to, to be shown there once.
func (w *Web) tokenCreate(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedInForm(rw, r)
	if !ok {
		return
	}
	name, scope := r.PostForm.Get("name"), r.PostForm.Get("scope")
	t, secret, err := w.signin.IssueToken(r.Context(), *p, name, core.TokenScope(scope))
	if err == nil {
		if err = w.setTokenFlash(rw, r, tokenFlash{ID: t.ID, Secret: secret, At: w.signin.Clock.Now()}); err != nil {
			w.adminFail(rw, r, p, core.Wrap(core.Internal, err, "could not hand the new token to the page"))
			return
		}
		seeOther(rw, r, tokenFlashPath)
		return
	}
	v, verr := w.tokensView(r, p, "")
	if verr != nil || core.KindOf(err) == core.Internal {
		w.adminFail(rw, r, p, firstErr(verr, err))
		return
	}
	v.Name, v.Scope = name, scope
	if v.Errors, v.Error = errorsOf(err); v.Error != "" && core.IsKind(err, core.Forbidden) {
		v.Errors, v.Error = fieldErrors{"scope": v.Error}, ""
	}
	w.renderAdmin(rw, r, statusOf(err), "tokens", p, v)
}

// revokeView is the confirmation before a token is revoked.
type revokeView struct {
	adminBase
	Token   core.Token
	Creator string
	Own     bool
}

// tokenRevokePage is GET /preferences/tokens/{id}/revoke: what will stop working.
func (w *Web) tokenRevokePage(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	v, err := w.tokensView(r, p, "")
	if err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	id := mux.Vars(r)["id"]
	rv := revokeView{adminBase: w.base("")}
	found := false
	for _, t := range v.Mine {
		if t.ID == id {
			rv.Token, rv.Own, found = t, true, true
		}
	}
	for _, ct := range v.All {
		if ct.Token.ID == id && !found {
			rv.Token, rv.Creator, found = ct.Token, ct.Creator.UserName, true
		}
	}
	if !found {
		w.adminFail(rw, r, p, core.E(core.NotFound, "No API token with the ID %q that you can revoke; it may be revoked already.", id))
		return
	}
	w.renderAdmin(rw, r, http.StatusOK, "token_revoke", p, rv)
}

// tokenRevoke is POST /preferences/tokens/{id}/revoke.
func (w *Web) tokenRevoke(rw http.ResponseWriter, r *http.Request) {
	p, ok := w.signedIn(rw, r)
	if !ok {
		return
	}
	if err := w.signin.RevokeToken(r.Context(), *p, mux.Vars(r)["id"]); err != nil {
		w.adminFail(rw, r, p, err)
		return
	}
	seeOther(rw, r, tokenFlashPath+"?"+url.Values{"revoked": {"1"}}.Encode())
}

// firstErr returns the first error that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
