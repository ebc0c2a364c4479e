package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

func init() {
	addResource(func(a *API, r *mux.Router) {
		a.route(r, "/integrations/okta", methods{
			http.MethodGet: a.getIntegration, http.MethodPut: a.putIntegration, http.MethodDelete: a.deleteIntegration,
		})
	})
}

// integrationRequest is the PUT body. A missing or empty client_secret keeps the
// saved one; a missing sso_only keeps the saved setting.
type integrationRequest struct {
	Domain       string `json:"domain"`
	ClientID     string `json:"client_id"`
	LoginDomain  string `json:"login_domain"`
	ClientSecret string `json:"client_secret"`
	SSOOnly      *bool  `json:"sso_only"`
}

// integrationJSON is the integration as GET and PUT answer it. The secret is never in
// it: client_secret_set only says whether one is saved.
type integrationJSON struct {
	Domain          string `json:"domain"`
	ClientID        string `json:"client_id"`
	LoginDomain     string `json:"login_domain"`
	Issuer          string `json:"issuer"`
	ClientSecretSet bool   `json:"client_secret_set"`
	SSOOnly         bool   `json:"sso_only"`
	// SignInSetByOwner says an Owner saved the Login Domain and Client ID as they
	// are; until one does, Owner-level accounts do not sign in with Okta.
	SignInSetByOwner bool          `json:"sign_in_set_by_owner"`
	RedirectURI      string        `json:"redirect_uri"`
	SCIMBaseURL      string        `json:"scim_base_url"`
	Discovery        discoveryJSON `json:"discovery"`
	UpdatedAt        string        `json:"updated_at"`
}

type discoveryJSON struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

// RedirectPath and SCIMPath are what the admin pastes into Okta, after the public URL.
const (
	RedirectPath = "/bots/okta/callback/"
	SCIMPath     = "/scim/v2"
)

func (a *API) integrationObject(in core.Integration) integrationJSON {
	status := in.Discovery.Status
	if status == "" {
		status = core.DiscoveryNotChecked
	}
	return integrationJSON{
		Domain: in.Domain, ClientID: in.ClientID, LoginDomain: in.LoginDomain, Issuer: in.Issuer,
		ClientSecretSet: len(in.SecretSealed) > 0, SSOOnly: in.SSOOnly, SignInSetByOwner: in.SignInSetByOwner,
		RedirectURI: a.opts.PublicURL + RedirectPath, SCIMBaseURL: a.opts.PublicURL + SCIMPath,
		Discovery: discoveryJSON{Status: status, Message: in.Discovery.Message},
		UpdatedAt: jsonTime(in.UpdatedAt),
	}
}

func (a *API) getIntegration(w http.ResponseWriter, r *http.Request, p core.Principal) {
	in, err := a.svc.GetIntegration(r.Context(), p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a.integrationObject(in))
}

func (a *API) putIntegration(w http.ResponseWriter, r *http.Request, p core.Principal) {
	var req integrationRequest
	if err := decodeJSON(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	in, err := a.svc.SaveIntegration(r.Context(), p, usecase.SaveIntegrationInput{
		Domain: req.Domain, ClientID: req.ClientID, LoginDomain: req.LoginDomain,
		ClientSecret: req.ClientSecret, SSOOnly: req.SSOOnly,
	})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a.integrationObject(in))
}

func (a *API) deleteIntegration(w http.ResponseWriter, r *http.Request, p core.Principal) {
	if err := a.svc.DeleteIntegration(r.Context(), p); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
