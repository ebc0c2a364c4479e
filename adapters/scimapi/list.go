package scimapi

import (
	"net/http"
	"strings"

	"harriet/core/usecase"
)

// defaultCount is the page size when a list names none.
const defaultCount = 100

// listParams are a list request's filter, window and projection.
type listParams struct {
	q    *query // nil without a filter
	page usecase.Page
	proj projection
}

// parseList reads filter, startIndex, count, attributes and excludedAttributes. A
// startIndex below 1 is 1 and a negative count is 0 (RFC 7644 §3.4.2.4); count is
// capped at usecase.MaxPageSize.
func parseList(r *http.Request, rs *resource, index indexFunc) (listParams, error) {
	values := r.URL.Query()
	start, err := intParam(values, "startIndex", 1)
	if err != nil {
		return listParams{}, err
	}
	count, err := intParam(values, "count", defaultCount)
	if err != nil {
		return listParams{}, err
	}
	lp := listParams{
		page: usecase.Page{StartIndex: max(start, 1), Count: min(max(count, 0), usecase.MaxPageSize)},
		proj: parseProjection(values, rs),
	}
	if text, ok := param(values, "filter"); ok && strings.TrimSpace(text) != "" {
		if lp.q, err = compileQuery(text, rs, index); err != nil {
			return listParams{}, err
		}
	}
	return lp, nil
}

// listResponse is RFC 7644's ListResponse; the counters are JSON numbers.
func listResponse(total, startIndex int, resources []any) map[string]any {
	return map[string]any{
		"schemas":      []string{urnListResponse},
		"totalResults": total,
		"startIndex":   startIndex,
		"itemsPerPage": len(resources),
		"Resources":    resources,
	}
}

// writeResource answers one resource with its ETag (and Location when created).
func writeResource(w http.ResponseWriter, status int, doc map[string]any, version int64, location string) {
	w.Header().Set("ETag", etag(version))
	if location != "" {
		w.Header().Set("Location", location)
	}
	writeJSON(w, status, doc)
}
