package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

func init() {
	addResource(func(a *API, r *mux.Router) {
		a.route(r, "/users", methods{http.MethodGet: a.listUsers, http.MethodPost: a.addUser})
		a.route(r, "/users/{id}", methods{http.MethodGet: a.getUser})
		a.route(r, "/users/{id}/direct_roles", methods{http.MethodPut: a.setDirectRoles})
		a.route(r, "/users/{id}/okta_link", methods{http.MethodDelete: a.resetOktaLink})
	})
}

// addUserRequest is POST /users: a user added by hand.
type addUserRequest struct {
	Email       string   `json:"email"`
	Name        nameJSON `json:"name"`
	DirectRoles []string `json:"direct_roles"`
}

// directRolesRequest is PUT /users/{id}/direct_roles; roles is required ([] for none).
type directRolesRequest struct {
	Roles *[]string `json:"roles"`
}

// listUsers is GET /users?email=&q=&include_deleted=&limit=&cursor=.
func (a *API) listUsers(w http.ResponseWriter, r *http.Request, p core.Principal) {
	pg, err := listParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	deleted, err := boolParam(r, "include_deleted")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	page, err := a.svc.AdminListUsers(r.Context(), p, usecase.AdminUserQuery{
		Email: q.Get("email"), Text: q.Get("q"), After: pg.Cursor, Limit: pg.Limit, IncludeDeleted: deleted})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items := make([]userJSON, 0, len(page.Users))
	for _, d := range page.Users {
		items = append(items, userObject(d))
	}
	writeJSON(w, http.StatusOK, listEnvelope{Items: items, Total: page.Total, NextCursor: page.Next})
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request, p core.Principal) {
	d, err := a.svc.AdminGetUser(r.Context(), p, mux.Vars(r)["id"])
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userObject(d))
}

// addUser answers 201 with the new user and its Location.
func (a *API) addUser(w http.ResponseWriter, r *http.Request, p core.Principal) {
	var req addUserRequest
	if err := decodeJSON(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	d, err := a.svc.AdminAddUser(r.Context(), p, usecase.AdminUserInput{
		Email: req.Email, GivenName: req.Name.Given, FamilyName: req.Name.Family, DirectRoles: req.DirectRoles})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", a.opts.PublicURL+Prefix+"/users/"+d.User.ID)
	writeJSON(w, http.StatusCreated, userObject(d))
}

func (a *API) setDirectRoles(w http.ResponseWriter, r *http.Request, p core.Principal) {
	var req directRolesRequest
	if err := decodeJSON(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	if req.Roles == nil {
		a.writeError(w, r, core.InvalidField("roles", "roles is required: the complete list of direct roles, [] for none."))
		return
	}
	d, err := a.svc.SetDirectRoles(r.Context(), p, mux.Vars(r)["id"], *req.Roles)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userObject(d))
}

// resetOktaLink answers 204: the user's next Okta sign-in binds afresh.
func (a *API) resetOktaLink(w http.ResponseWriter, r *http.Request, p core.Principal) {
	if err := a.svc.ResetOktaLink(r.Context(), p, mux.Vars(r)["id"]); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
