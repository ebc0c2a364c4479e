package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/ports"
)

func init() {
	addResource(func(a *API, r *mux.Router) {
		a.route(r, "/audit", methods{http.MethodGet: a.listAudit})
	})
}

// auditJSON is one audit entry.
type auditJSON struct {
	ID        string         `json:"id"`
	At        string         `json:"at"`
	Actor     refJSON        `json:"actor"`
	Action    string         `json:"action"`
	Target    refJSON        `json:"target"`
	Details   map[string]any `json:"details"`
	RequestID string         `json:"request_id"`
}

type refJSON struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Name string `json:"name"`
}

func auditObject(e core.AuditEntry) auditJSON {
	details := e.Details
	if details == nil {
		details = map[string]any{}
	}
	return auditJSON{
		ID: e.ID, At: jsonTime(e.At), Action: e.Action, Details: details, RequestID: e.RequestID,
		Actor:  refJSON{Kind: e.Actor.Kind, ID: e.Actor.ID, Name: e.Actor.Name},
		Target: refJSON{Kind: e.Target.Kind, ID: e.Target.ID, Name: e.Target.Name},
	}
}

// listAudit answers GET /audit?action=&actor=&target=&limit=&cursor=, newest first.
func (a *API) listAudit(w http.ResponseWriter, r *http.Request, p core.Principal) {
	pg, err := listParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	res, err := a.svc.ListAudit(r.Context(), p, ports.AuditQuery{
		Before: pg.Cursor, Limit: pg.Limit,
		Action: q.Get("action"), ActorID: q.Get("actor"), TargetID: q.Get("target"),
	})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items := make([]auditJSON, 0, len(res.Entries))
	for _, e := range res.Entries {
		items = append(items, auditObject(e))
	}
	writeJSON(w, http.StatusOK, listEnvelope{Items: items, Total: res.Total, NextCursor: res.Next})
}
