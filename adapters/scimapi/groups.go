package scimapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

// registerGroups mounts /Groups: the read side and DELETE here, the writes (POST,
// PUT, PATCH) in groups_write.go.
func (a *API) registerGroups(sr *mux.Router) {
	sr.Handle("/Groups", a.handle(a.listGroups)).Methods(http.MethodGet)
	sr.Handle("/Groups/{id}", a.handle(a.getGroup)).Methods(http.MethodGet)
	sr.Handle("/Groups/{id}", a.handle(a.deleteGroup)).Methods(http.MethodDelete)
	a.registerGroupWrites(sr)
}

// groupDoc renders a group as its SCIM document. Members are listed only when they
// were loaded, so excludedAttributes=members never reads a large group's members.
func (a *API) groupDoc(res usecase.GroupResult) map[string]any {
	g := res.Group
	doc := map[string]any{"schemas": []any{urnGroup}, "id": g.ID, "displayName": g.DisplayName,
		"meta": a.meta("Group", "/Groups/"+g.ID, g.CreatedAt, g.UpdatedAt, g.Version)}
	putStr(doc, "externalId", g.ExternalID)
	if res.MembersLoaded {
		members := make([]any, len(res.Members))
		for i, id := range res.Members {
			members[i] = map[string]any{"value": id, "$ref": a.location("/Users/" + id), "type": "User"}
		}
		doc["members"] = members
	}
	return doc
}

// listGroups is GET /Groups: Okta's link-or-create lookup (displayName eq "...",
// exact) is answered from the index.
func (a *API) listGroups(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	lp, err := parseList(r, groupResource, groupIndex)
	if err != nil {
		return err
	}
	gq := usecase.GroupQuery{Page: lp.page, WithMembers: lp.proj.wants("members")}
	if lp.q != nil {
		if lp.q.refs["members"] {
			return invalidFilter("Groups cannot be filtered by members; filter by displayName, externalId or id.")
		}
		m := lp.q.m
		gq.Lookup = lp.q.lookup
		gq.Match = func(res usecase.GroupResult) bool { return m.match(a.groupDoc(res)) }
	}
	list, err := a.svc.ListGroups(r.Context(), p, gq)
	if err != nil {
		return err
	}
	resources := make([]any, len(list.Groups))
	for i, res := range list.Groups {
		resources[i] = lp.proj.apply(a.groupDoc(res))
	}
	writeJSON(w, http.StatusOK, listResponse(list.Total, lp.page.StartIndex, resources))
	return nil
}

func (a *API) getGroup(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	id, err := pathID(r, "group")
	if err != nil {
		return err
	}
	proj := parseProjection(r.URL.Query(), groupResource)
	res, err := a.svc.GetGroup(r.Context(), p, id, proj.wants("members"))
	if err != nil {
		return err
	}
	if notModified(r, res.Group.Version) {
		w.Header().Set("ETag", etag(res.Group.Version))
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	a.writeGroup(w, r, http.StatusOK, res)
	return nil
}

// deleteGroup is DELETE /Groups/{id}: 204, or 404 for an unknown group.
func (a *API) deleteGroup(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	id, err := pathID(r, "group")
	if err != nil {
		return err
	}
	if err := a.svc.DeleteGroup(r.Context(), p, id, ifMatch(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// writeGroup answers one group, cut to the request's attributes.
func (a *API) writeGroup(w http.ResponseWriter, r *http.Request, status int, res usecase.GroupResult) {
	doc := parseProjection(r.URL.Query(), groupResource).apply(a.groupDoc(res))
	location := ""
	if status == http.StatusCreated {
		location = a.location("/Groups/" + res.Group.ID)
	}
	writeResource(w, status, doc, res.Group.Version, location)
}
