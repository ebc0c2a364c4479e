package scimapi

import (
	"net/http"
	"reflect"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

func (a *API) registerUsers(sr *mux.Router) {
	sr.Handle("/Users", a.handle(a.listUsers)).Methods(http.MethodGet)
	sr.Handle("/Users", a.handle(a.createUser)).Methods(http.MethodPost)
	sr.Handle("/Users/{id}", a.handle(a.getUser)).Methods(http.MethodGet)
	sr.Handle("/Users/{id}", a.handle(a.replaceUser)).Methods(http.MethodPut)
	sr.Handle("/Users/{id}", a.handle(a.patchUser)).Methods(http.MethodPatch)
	sr.Handle("/Users/{id}", a.handle(a.deleteUser)).Methods(http.MethodDelete)
}

// listUsers is GET /Users: Okta's existence check (filter=userName eq "...") is
// answered from the userName index; other filters are evaluated over each user's
// SCIM document while the store is read in ID order.
func (a *API) listUsers(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	lp, err := parseList(r, userResource, userIndex)
	if err != nil {
		return err
	}
	uq := usecase.UserQuery{Page: lp.page, WithGroups: lp.proj.wants("groups")}
	if lp.q != nil {
		m := lp.q.m
		uq.Lookup, uq.MatchGroups = lp.q.lookup, lp.q.refs["groups"]
		uq.Match = func(rec usecase.UserRecord) bool { return m.match(a.userDoc(rec, true)) }
	}
	list, err := a.svc.ListUsers(r.Context(), p, uq)
	if err != nil {
		return err
	}
	resources := make([]any, len(list.Users))
	for i, rec := range list.Users {
		resources[i] = lp.proj.apply(a.userDoc(rec, true))
	}
	writeJSON(w, http.StatusOK, listResponse(list.Total, lp.page.StartIndex, resources))
	return nil
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	proj := parseProjection(r.URL.Query(), userResource)
	rec, err := a.svc.GetUser(r.Context(), p, id, proj.wants("groups"))
	if err != nil {
		return err
	}
	if notModified(r, rec.User.Version) {
		w.Header().Set("ETag", etag(rec.User.Version))
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	a.writeUser(w, r, http.StatusOK, rec)
	return nil
}

// createUser is POST /Users: 201 for a new user and for a deactivated user it
// restores, 409 uniqueness for an active user's userName.
func (a *API) createUser(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	in, err := a.readUser(w, r)
	if err != nil {
		return err
	}
	u, err := a.svc.CreateUser(r.Context(), p, in)
	if err != nil {
		return err
	}
	a.writeUser(w, r, http.StatusCreated, usecase.UserRecord{User: u})
	return nil
}

// replaceUser is PUT /Users/{id}; id, meta, groups and passwords in the body are
// ignored, and meta.version is never taken for If-Match.
func (a *API) replaceUser(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	in, err := a.readUser(w, r)
	if err != nil {
		return err
	}
	u, err := a.svc.ReplaceUser(r.Context(), p, id, in, ifMatch(r))
	if err != nil {
		return err
	}
	a.writeUser(w, r, http.StatusOK, usecase.UserRecord{User: u})
	return nil
}

// patchUser is PATCH /Users/{id}: the operations apply to the user's SCIM document,
// which is then read back like a PUT body. It answers 200 with the user.
func (a *API) patchUser(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	body, err := readBody(w, r, a.opts.MaxUserBody)
	if err != nil {
		return err
	}
	ops, err := parsePatch(body)
	if err != nil {
		return err
	}
	u, err := a.svc.PatchUser(r.Context(), p, id, ifMatch(r), func(cur core.User) (usecase.UserInput, error) {
		return a.patchedUser(cur, ops)
	})
	if err != nil {
		return err
	}
	a.writeUser(w, r, http.StatusOK, usecase.UserRecord{User: u})
	return nil
}

// patchedUser applies PATCH operations to a user's stored values and reads the
// result back as a profile. It is pure, so the use case may run it more than once.
// A user stored without emails is shown with its email-like userName as the primary
// work email; operations on emails act on that entry, as the client saw it (see
// shownEmails).
func (a *API) patchedUser(cur core.User, ops []patchOp) (usecase.UserInput, error) {
	rec := usecase.UserRecord{User: cur}
	doc := a.userDoc(rec, false)
	shown, stored := shownEmails(func() any { return a.userDoc(rec, true)["emails"] }, doc, ops)
	if err := applyPatch(doc, ops, userResource); err != nil {
		return usecase.UserInput{}, err
	}
	if shown != nil && reflect.DeepEqual(doc["emails"], shown) {
		restore(doc, "emails", stored) // nothing changed from what GET shows
	}
	return decodeUser(doc)
}

func (a *API) deleteUser(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteUser(r.Context(), p, id, ifMatch(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// readUser reads a POST or PUT body into the use cases' input.
func (a *API) readUser(w http.ResponseWriter, r *http.Request) (usecase.UserInput, error) {
	body, err := readBody(w, r, a.opts.MaxUserBody)
	if err != nil {
		return usecase.UserInput{}, err
	}
	if err := checkSchemas(body, urnUser); err != nil {
		return usecase.UserInput{}, err
	}
	doc, err := canonDoc(body, userResource)
	if err != nil {
		return usecase.UserInput{}, err
	}
	return decodeUser(doc)
}

// writeUser answers one user, cut to the request's attributes. Answers to writes do
// not list groups: they are read-only and come with GET.
func (a *API) writeUser(w http.ResponseWriter, r *http.Request, status int, rec usecase.UserRecord) {
	doc := parseProjection(r.URL.Query(), userResource).apply(a.userDoc(rec, true))
	location := ""
	if status == http.StatusCreated {
		location = a.location("/Users/" + rec.User.ID)
	}
	writeResource(w, status, doc, rec.User.Version, location)
}
