package web

import (
	"net/http"

	"harriet/adapters/httpmw"
	"harriet/core"
	"harriet/core/usecase"
)

// sessionCookieName is __Host- prefixed on https: Secure, Path=/ and no Domain, so
// no sibling site can plant or read it.
func (w *Web) sessionCookieName() string {
	if w.secure {
		return "__Host-harriet_session"
	}
	return "harriet_session"
}

// setSession hands the new session's ID to the browser.
func (w *Web) setSession(rw http.ResponseWriter, ns usecase.NewSession) {
	http.SetCookie(rw, &http.Cookie{Name: w.sessionCookieName(), Value: ns.ID, Path: "/",
		MaxAge:   int(ns.Session.ExpiresAt.Sub(ns.Session.CreatedAt).Seconds()),
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
}

func (w *Web) clearSession(rw http.ResponseWriter) {
	http.SetCookie(rw, &http.Cookie{Name: w.sessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
}

func (w *Web) sessionID(r *http.Request) string {
	ck, err := r.Cookie(w.sessionCookieName())
	if err != nil {
		return ""
	}
	return ck.Value
}

// Resolve implements httpmw.SessionResolver: ok is false when the request carries no
// session cookie; err (Unauthenticated) when it carries one that no longer holds.
func (w *Web) Resolve(r *http.Request) (core.Principal, bool, error) {
	id := w.sessionID(r)
	if id == "" {
		return core.Principal{}, false, nil
	}
	p, err := w.signin.ResolveSession(r.Context(), id, httpmw.RequestIDFrom(r.Context()))
	if err != nil {
		return core.Principal{}, false, err
	}
	return p, true, nil
}

var _ httpmw.SessionResolver = (*Web)(nil)

// principal resolves the page's signed-in user. A session that no longer holds is
// cleared from the browser and counts as signed out; a store failure is an error.
func (w *Web) principal(rw http.ResponseWriter, r *http.Request) (*core.Principal, error) {
	p, ok, err := w.Resolve(r)
	switch {
	case core.IsKind(err, core.Unauthenticated):
		w.clearSession(rw)
		return nil, nil
	case err != nil:
		return nil, err
	case !ok:
		return nil, nil
	}
	httpmw.SetCompany(r.Context(), p.CompanyID)
	return &p, nil
}

// startSession ends the browser's previous session, if any, and sets the new one:
// a new ID at every sign-in.
func (w *Web) startSession(rw http.ResponseWriter, r *http.Request, ns usecase.NewSession) {
	if old := w.sessionID(r); old != "" {
		if err := w.signin.SignOut(r.Context(), old, httpmw.RequestIDFrom(r.Context())); err != nil {
			w.logger(r).WithError(err).Warn("could not end the previous session at sign-in")
		}
	}
	httpmw.SetCompany(r.Context(), ns.User.CompanyID)
	w.setSession(rw, ns)
	http.Redirect(rw, r, ns.ReturnTo, http.StatusSeeOther)
}

// logout ends the session on every node and sends the browser to the login page.
func (w *Web) logout(rw http.ResponseWriter, r *http.Request) {
	if err := w.signin.SignOut(r.Context(), w.sessionID(r), httpmw.RequestIDFrom(r.Context())); err != nil {
		w.fail(rw, r, err)
		return
	}
	w.clearSession(rw)
	http.Redirect(rw, r, "/login", http.StatusSeeOther)
}
