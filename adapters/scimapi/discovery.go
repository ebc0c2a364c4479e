package scimapi

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

// The discovery endpoints (RFC 7644 §4) describe what Harriet supports. They need
// the same credential as the rest of SCIM, so a wrong token shows up at once in
// Okta's connection test.
func (a *API) registerDiscovery(sr *mux.Router) {
	sr.Handle("/ServiceProviderConfig", a.handle(a.serviceProviderConfig)).Methods(http.MethodGet)
	sr.Handle("/ResourceTypes", a.handle(a.resourceTypes)).Methods(http.MethodGet)
	sr.Handle("/ResourceTypes/{id}", a.handle(a.resourceType)).Methods(http.MethodGet)
	sr.Handle("/Schemas", a.handle(a.schemas)).Methods(http.MethodGet)
	sr.Handle("/Schemas/{id}", a.handle(a.schemaByID)).Methods(http.MethodGet)
}

func (a *API) serviceProviderConfig(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	if err := a.svc.CheckSCIM(r.Context(), p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"schemas":          []string{urnSPConfig},
		"documentationUri": a.opts.PublicURL + "/settings/integrations/okta",
		"patch":            map[string]any{"supported": true},
		"bulk":             map[string]any{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":           map[string]any{"supported": true, "maxResults": usecase.MaxPageSize},
		"changePassword":   map[string]any{"supported": false},
		"sort":             map[string]any{"supported": false},
		"etag":             map[string]any{"supported": true},
		"authenticationSchemes": []any{map[string]any{
			"type": "oauthbearertoken", "name": "Harriet API token", "primary": true,
			"description": "Authorization: Bearer <token>, with a provisioning token (scope scim) or an Owner's personal token " +
				"from My preferences → Manage API tokens.",
			"specUri": "https://www.rfc-editor.org/info/rfc6750",
		}},
		"meta": map[string]any{"resourceType": "ServiceProviderConfig", "location": a.location("/ServiceProviderConfig")},
	})
	return nil
}

func (a *API) resourceTypeDoc(rs *resource) map[string]any {
	exts := []any{}
	for _, s := range rs.Exts {
		exts = append(exts, map[string]any{"schema": s.ID, "required": false})
	}
	return map[string]any{
		"schemas": []string{urnResourceType}, "id": rs.Name, "name": rs.Name, "endpoint": rs.Endpoint,
		"description": rs.Core.Desc, "schema": rs.Core.ID, "schemaExtensions": exts,
		"meta": map[string]any{"resourceType": "ResourceType", "location": a.location("/ResourceTypes/" + rs.Name)},
	}
}

func (a *API) resourceTypes(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	if err := a.svc.CheckSCIM(r.Context(), p); err != nil {
		return err
	}
	docs := []any{a.resourceTypeDoc(userResource), a.resourceTypeDoc(groupResource)}
	writeJSON(w, http.StatusOK, listResponse(len(docs), 1, docs))
	return nil
}

func (a *API) resourceType(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	if err := a.svc.CheckSCIM(r.Context(), p); err != nil {
		return err
	}
	for _, rs := range []*resource{userResource, groupResource} {
		if strings.EqualFold(mux.Vars(r)["id"], rs.Name) {
			writeJSON(w, http.StatusOK, a.resourceTypeDoc(rs))
			return nil
		}
	}
	return core.E(core.NotFound, "There is no resource type %q; Harriet serves User and Group.", clip(mux.Vars(r)["id"], 80))
}

func (a *API) schemas(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	if err := a.svc.CheckSCIM(r.Context(), p); err != nil {
		return err
	}
	docs := []any{}
	for _, s := range allSchemas() {
		docs = append(docs, a.schemaDoc(s))
	}
	writeJSON(w, http.StatusOK, listResponse(len(docs), 1, docs))
	return nil
}

func (a *API) schemaByID(w http.ResponseWriter, r *http.Request, p core.Principal) error {
	if err := a.svc.CheckSCIM(r.Context(), p); err != nil {
		return err
	}
	id := mux.Vars(r)["id"]
	for _, s := range allSchemas() {
		if strings.EqualFold(id, s.ID) {
			writeJSON(w, http.StatusOK, a.schemaDoc(s))
			return nil
		}
	}
	return core.E(core.NotFound, "There is no schema %q.", clip(id, 120))
}

func allSchemas() []*schema { return []*schema{userSchema, enterpriseSchema, groupSchema} }

// schemaDoc renders a schema (RFC 7643 §7) from the same table the adapter reads.
func (a *API) schemaDoc(s *schema) map[string]any {
	var attrs []any
	for _, at := range s.Attrs {
		if !at.Common {
			attrs = append(attrs, attrDoc(at))
		}
	}
	return map[string]any{
		"schemas": []string{urnSchemaResource}, "id": s.ID, "name": s.Name, "description": s.Desc, "attributes": attrs,
		"meta": map[string]any{"resourceType": "Schema", "location": a.location("/Schemas/" + s.ID)},
	}
}

func attrDoc(at *attr) map[string]any {
	mutability, returned, uniqueness := "readWrite", "default", "none"
	switch {
	case at.ReadOnly:
		mutability = "readOnly"
	case at.WriteOnly:
		mutability, returned = "writeOnly", "never"
	}
	if at.Unique {
		uniqueness = "server"
	}
	d := map[string]any{
		"name": at.Name, "type": at.Type, "multiValued": at.Multi, "description": at.Desc, "required": at.Required,
		"caseExact": at.CaseExact, "mutability": mutability, "returned": returned, "uniqueness": uniqueness,
	}
	if len(at.References) > 0 {
		d["referenceTypes"] = at.References
	}
	if len(at.Sub) > 0 {
		var subs []any
		for _, s := range at.Sub {
			subs = append(subs, attrDoc(s))
		}
		d["subAttributes"] = subs
	}
	return d
}
