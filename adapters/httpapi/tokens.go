package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"harriet/core"
)

func init() {
	addResource(func(a *API, r *mux.Router) {
		a.route(r, "/tokens", methods{http.MethodGet: a.listTokens, http.MethodPost: a.createToken})
		a.route(r, "/tokens/{id}", methods{http.MethodDelete: a.revokeToken})
	})
}

// tokenRequest is the POST body; scope defaults to personal.
type tokenRequest struct {
	Name  string          `json:"name"`
	Scope core.TokenScope `json:"scope"`
}

// tokenJSON is a listed token: never its secret.
type tokenJSON struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Scope      string  `json:"scope"`
	Prefix     string  `json:"prefix"`
	CreatedBy  string  `json:"created_by"`
	CreatedAt  string  `json:"created_at"`
	LastUsedAt *string `json:"last_used_at"`
}

// createdTokenJSON is the one answer that carries the token itself.
type createdTokenJSON struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Scope     string `json:"scope"`
	Prefix    string `json:"prefix"`
	Token     string `json:"token"`
	CreatedBy string `json:"created_by"`
	CreatedAt string `json:"created_at"`
}

func tokenObject(t core.Token) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, Scope: string(t.Scope), Prefix: t.Prefix,
		CreatedBy: t.CreatedBy, CreatedAt: jsonTime(t.CreatedAt), LastUsedAt: jsonTimePtr(t.LastUsedAt)}
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request, p core.Principal) {
	pg, err := listParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	all, err := boolParam(r, "all")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	tokens, err := a.svc.ListTokens(r.Context(), p, all)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	ids := make([]string, len(tokens))
	for i, t := range tokens {
		ids[i] = t.ID
	}
	from, to, next := pageByID(ids, pg)
	items := make([]tokenJSON, 0, to-from)
	for _, t := range tokens[from:to] {
		items = append(items, tokenObject(t))
	}
	writeJSON(w, http.StatusOK, listEnvelope{Items: items, Total: len(tokens), NextCursor: next})
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request, p core.Principal) {
	var req tokenRequest
	if err := decodeJSON(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	t, secret, err := a.svc.IssueToken(r.Context(), p, req.Name, req.Scope)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, createdTokenJSON{ID: t.ID, Name: t.Name, Scope: string(t.Scope),
		Prefix: t.Prefix, Token: secret, CreatedBy: t.CreatedBy, CreatedAt: jsonTime(t.CreatedAt)})
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request, p core.Principal) {
	if err := a.svc.RevokeToken(r.Context(), p, mux.Vars(r)["id"]); err != nil {
		a.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
