package httpapi

import (
	"net/http"

	"harriet/core"
)

// msgProvisioningToken answers a provisioning token used on /api/v1.
const msgProvisioningToken = "This is a provisioning (SCIM) token: it works only on /scim/v2, for Okta. For /api/v1 use a personal API token from My preferences → Manage API tokens, or sign in."

// authedHandler serves a request for an authenticated principal.
type authedHandler func(w http.ResponseWriter, r *http.Request, p core.Principal)

// authed authenticates the request before h: no valid credential is 401, and so is a
// provisioning token, which is a credential for SCIM only (SPEC.md).
func (a *API) authed(h authedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := a.auth.Authenticate(r)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		if p.Kind == core.ActorToken && p.Scope == core.ScopeSCIM {
			a.writeError(w, r, core.E(core.Unauthenticated, msgProvisioningToken))
			return
		}
		h(w, r, p)
	})
}
