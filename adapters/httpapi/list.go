package httpapi

import (
	"net/http"
	"sort"
	"strconv"

	"harriet/core"
	"harriet/core/usecase"
)

// listEnvelope is every list's shape: {"items": [...], "total": N, "next_cursor": "..."}.
// next_cursor is "" on the last page.
type listEnvelope struct {
	Items      any    `json:"items"`
	Total      int    `json:"total"`
	NextCursor string `json:"next_cursor"`
}

// page is a list request's ?limit= and ?cursor=.
type page struct {
	Limit  int
	Cursor string
}

// listParams reads ?limit= (default 50, 1 to 500) and ?cursor=, naming the parameter
// at fault.
func listParams(r *http.Request) (page, error) {
	p := page{Limit: usecase.DefaultListLimit}
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > usecase.MaxListLimit {
			return p, core.InvalidField("limit", "limit must be a whole number from 1 to %d, not %q.", usecase.MaxListLimit, v)
		}
		p.Limit = n
	}
	// A cursor is the ID of the last record of the previous page. IDs are opaque
	// (SPEC.md, "IDs"), so any value that could be an ID is a position, and one that
	// names no record still answers the page after it; a value that cannot be an ID
	// is a mistake, refused instead of silently answering an empty page.
	p.Cursor = q.Get("cursor")
	if p.Cursor != "" && !core.PlausibleID(p.Cursor) {
		return p, core.InvalidField("cursor", "cursor is not one this API gave out (an ID: letters, digits and dashes, at most %d); use the next_cursor of the previous page, or leave it out for the first page.", core.MaxIDLen)
	}
	return p, nil
}

// boolParam reads an optional true/false query parameter, naming it when bad.
func boolParam(r *http.Request, name string) (bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, core.InvalidField(name, "%s must be true or false, not %q.", name, v)
	}
	return b, nil
}

// pageByID cuts one page from records in ascending ID order: those after the cursor,
// at most p.Limit of them. It returns the page's indexes and the next cursor.
func pageByID(ids []string, p page) (from, to int, next string) {
	from = sort.SearchStrings(ids, p.Cursor)
	if p.Cursor != "" && from < len(ids) && ids[from] == p.Cursor {
		from++
	}
	to = min(from+p.Limit, len(ids))
	if to < len(ids) {
		next = ids[to-1]
	}
	return from, to, next
}
