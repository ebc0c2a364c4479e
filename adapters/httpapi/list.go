package httpapi

import (
	"net/http"
	"sort"
	"strconv"

	"harriet/core"
	"harriet/core/usecase"
)

// maxCursorLen bounds a cursor; cursors are record IDs.
const maxCursorLen = 100

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
	p.Cursor = q.Get("cursor")
	if !validCursor(p.Cursor) {
		return p, core.InvalidField("cursor", "cursor is not one this API gave out; use the next_cursor of the previous page.")
	}
	return p, nil
}

// validCursor accepts what IDs are made of: letters, digits and dashes.
func validCursor(c string) bool {
	if len(c) > maxCursorLen {
		return false
	}
	for i := 0; i < len(c); i++ {
		ch := c[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-') {
			return false
		}
	}
	return true
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
