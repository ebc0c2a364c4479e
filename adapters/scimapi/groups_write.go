package scimapi

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

// registerGroupWrites mounts the group writes Group Push uses: POST /Groups, PUT and
// PATCH /Groups/{id}. The rules (exact names, membership deltas, skipped unknown
// members, roles) live in the use cases; this file only speaks SCIM.
func (a *API) registerGroupWrites(sr *mux.Router) {
	sr.Handle("/Groups", a.handle(a.createGroup)).Methods(http.MethodPost)
	sr.Handle("/Groups/{id}", a.handle(a.replaceGroup)).Methods(http.MethodPut)
	sr.Handle("/Groups/{id}", a.handle(a.patchGroup)).Methods(http.MethodPatch)
}

// createGroup is POST /Groups: 201 with the group and the members that were added;
// 409 uniqueness when a group of this exact name exists.
func (a *API) createGroup(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	in, err := a.readGroup(w, r)
	if err != nil {
		return err
	}
	res, err := a.svc.CreateGroup(r.Context(), p, in)
	if err != nil {
		return err
	}
	a.noteSkipped(r, res)
	a.writeGroup(w, r, http.StatusCreated, res)
	return nil
}

// replaceGroup is PUT /Groups/{id}: name, externalId and, when the body lists them,
// the members are replaced. meta.version in the body is never an If-Match.
func (a *API) replaceGroup(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	id, err := pathID(r, "group")
	if err != nil {
		return err
	}
	in, err := a.readGroup(w, r)
	if err != nil {
		return err
	}
	in.IfMatch = ifMatch(r)
	res, err := a.svc.ReplaceGroup(r.Context(), p, id, in)
	if err != nil {
		return err
	}
	a.noteSkipped(r, res)
	a.writeGroup(w, r, http.StatusOK, res)
	return nil
}

// patchGroup is PATCH /Groups/{id}. It answers 204 (SPEC.md), or 200 with the group
// when the request names attributes or excludedAttributes.
func (a *API) patchGroup(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	id, err := pathID(r, "group")
	if err != nil {
		return err
	}
	body, err := readBody(w, r, a.opts.MaxGroupBody)
	if err != nil {
		return err
	}
	ops, err := parsePatch(body)
	if err != nil {
		return err
	}
	gops, err := groupOps(ops)
	if err != nil {
		return err
	}
	res, err := a.svc.PatchGroup(r.Context(), p, id, usecase.GroupPatch{Ops: gops, IfMatch: ifMatch(r)})
	if err != nil {
		return err
	}
	a.noteSkipped(r, res)
	if !namesAttributes(r) {
		w.Header().Set("ETag", etag(res.Group.Version))
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	proj := parseProjection(r.URL.Query(), groupResource)
	if res, err = a.svc.GetGroup(r.Context(), p, id, proj.wants("members")); err != nil {
		return err
	}
	a.writeGroup(w, r, http.StatusOK, res)
	return nil
}

// namesAttributes reports whether the request asks for the resource back.
func namesAttributes(r *http.Request) bool {
	q := r.URL.Query()
	_, attrs := param(q, "attributes")
	_, excluded := param(q, "excludedAttributes")
	return attrs || excluded
}

// readGroup reads a POST or PUT body: displayName, externalId and members[].value.
// Attributes Harriet owns (id, meta) and unknown keys are ignored.
func (a *API) readGroup(w http.ResponseWriter, r *http.Request) (usecase.GroupInput, error) {
	body, err := readBody(w, r, a.opts.MaxGroupBody)
	if err != nil {
		return usecase.GroupInput{}, err
	}
	if err := checkSchemas(body, urnGroup); err != nil {
		return usecase.GroupInput{}, err
	}
	doc, err := canonDoc(body, groupResource)
	if err != nil {
		return usecase.GroupInput{}, err
	}
	var in usecase.GroupInput
	if in.DisplayName, err = stringAttr(doc, "displayName"); err != nil {
		return usecase.GroupInput{}, err
	}
	if in.ExternalID, err = stringAttr(doc, "externalId"); err != nil {
		return usecase.GroupInput{}, err
	}
	if v, ok := doc["members"]; ok {
		in.MembersGiven = true
		if in.Members, err = memberIDs(v); err != nil {
			return usecase.GroupInput{}, err
		}
	}
	return in, nil
}

// stringAttr reads an optional string attribute; null is "".
func stringAttr(doc map[string]any, name string) (string, error) {
	switch v := doc[name].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	}
	return "", &core.Error{Kind: core.Invalid, Field: name, SCIMType: "invalidValue",
		Message: name + " must be a string."}
}

// memberIDs reads a canonical members value (canonValue has checked it is a list of
// objects with string sub-attributes): {"value": id, "display": ...} as Okta and
// Entra send it, type may be missing. null is no members.
func memberIDs(v any) ([]string, error) {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, item := range list {
		m, _ := item.(map[string]any)
		s, _ := m["value"].(string)
		if strings.TrimSpace(s) == "" {
			return nil, &core.Error{Kind: core.Invalid, Field: "members", SCIMType: "invalidValue",
				Message: `Each member must be an object with a value, the user's id: {"value": "<id>"}.`}
		}
		out = append(out, s)
	}
	return out, nil
}

// noteSkipped reports the unknown member IDs a write skipped. They are already
// audited and shown on the group; this puts them in the service log too: the first
// few, each bounded, and how many there were, so a log line stays short.
func (a *API) noteSkipped(r *http.Request, res usecase.GroupResult) {
	if res.SkippedCount == 0 || a.opts.Notice == nil {
		return
	}
	a.opts.Notice(r, "group push named unknown members; skipped them and applied the rest",
		map[string]any{"group_id": res.Group.ID, "skipped_member_ids": res.Skipped, "skipped_count": res.SkippedCount})
}
