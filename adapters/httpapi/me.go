package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"harriet/core"
)

func init() {
	addResource(func(a *API, r *mux.Router) {
		a.route(r, "/me", methods{http.MethodGet: a.me})
	})
}

func (a *API) me(w http.ResponseWriter, r *http.Request, p core.Principal) {
	d, err := a.svc.Me(r.Context(), p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userObject(d))
}
