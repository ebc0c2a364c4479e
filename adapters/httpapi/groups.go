package httpapi

import (
	"net/http"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

func init() {
	addResource(func(a *API, r *mux.Router) {
		a.route(r, "/groups", methods{http.MethodGet: a.listGroups})
	})
}

// groupJSON is a group as GET /groups shows it. role is null for a plain group;
// near_miss names the role group a plain group's name almost is, else null.
type groupJSON struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Role             *string  `json:"role"`
	ManagedByOkta    bool     `json:"managed_by_okta"`
	OktaChangedAt    *string  `json:"okta_changed_at"`
	MemberCount      int      `json:"member_count"`
	NearMiss         *string  `json:"near_miss"`
	SkippedMemberIDs []string `json:"skipped_member_ids"`
}

func groupObject(s usecase.GroupSummary) groupJSON {
	g := s.Group
	out := groupJSON{ID: g.ID, Name: g.DisplayName, Role: groupRole(g), ManagedByOkta: g.ManagedByOkta,
		OktaChangedAt: jsonTimePtr(g.OktaChangedAt), MemberCount: s.MemberCount,
		SkippedMemberIDs: append([]string{}, g.SkippedMemberIDs...)}
	if s.NearMiss != "" {
		near := s.NearMiss
		out.NearMiss = &near
	}
	return out
}

// listGroups is GET /groups?limit=&cursor=.
func (a *API) listGroups(w http.ResponseWriter, r *http.Request, p core.Principal) {
	pg, err := listParams(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	page, err := a.svc.AdminListGroups(r.Context(), p, pg.Cursor, pg.Limit)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items := make([]groupJSON, 0, len(page.Groups))
	for _, s := range page.Groups {
		items = append(items, groupObject(s))
	}
	writeJSON(w, http.StatusOK, listEnvelope{Items: items, Total: page.Total, NextCursor: page.Next})
}
