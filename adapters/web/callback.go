package web

import (
	"net/http"

	"harriet/adapters/httpmw"
	"harriet/core/usecase"
)

// callback is GET /bots/okta/callback/: Okta sends the browser back here with a code
// (or an error) and the state. The flow cookie is cleared whatever happens, so a
// flow is finished once.
func (w *Web) callback(rw http.ResponseWriter, r *http.Request) {
	rw.Header().Set("Referrer-Policy", "no-referrer") // the URL holds a code
	flow, why := w.flowFrom(r)
	w.clearFlowCookie(rw)
	if flow == nil {
		w.logger(r).WithField("cause", why).Info("okta callback without a usable flow")
	} else {
		httpmw.SetCompany(r.Context(), flow.CompanyID)
	}
	q := r.URL.Query()
	ns, err := w.signin.AuthenticateOIDC(r.Context(), usecase.OktaCallback{
		Flow: flow, State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error"),
		ErrorDescription: q.Get("error_description"), RequestID: httpmw.RequestIDFrom(r.Context()),
	})
	if err != nil {
		v := loginView{}
		if flow != nil {
			v.Email, v.ReturnTo = flow.Email, flow.ReturnTo
		}
		w.loginFailed(rw, r, err, v)
		return
	}
	w.startSession(rw, r, ns)
}
