package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"harriet/core"
)

func init() {
	addResource(func(a *API, r *mux.Router) {
		a.route(r, "/company/primary_owner", methods{http.MethodPut: a.transferPrimaryOwner})
	})
}

// primaryOwnerRequest is PUT /company/primary_owner.
type primaryOwnerRequest struct {
	UserID string `json:"user_id"`
}

// transferPrimaryOwner answers 200 with the new primary owner as a user object.
func (a *API) transferPrimaryOwner(w http.ResponseWriter, r *http.Request, p core.Principal) {
	var req primaryOwnerRequest
	if err := decodeJSON(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	d, err := a.svc.TransferPrimaryOwner(r.Context(), p, req.UserID)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userObject(d))
}
