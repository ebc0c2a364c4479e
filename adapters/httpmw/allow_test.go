package httpmw

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/mux"
)

// A wrong method gets 405 with the path's methods, in a fixed order, gathered
// from every route of the path, including those registered after the handler.
func TestMethodNotAllowedListsThePathsMethods(t *testing.T) {
	r := mux.NewRouter()
	r.MethodNotAllowedHandler = MethodNotAllowed(r)
	ok := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	r.Handle("/a", ok).Methods(http.MethodPost)
	r.Handle("/a", ok).Methods(http.MethodGet, http.MethodHead)
	r.Handle("/b/{id}", ok).Methods(http.MethodDelete)
	r.Handle("/scim/v2/c", ok).Methods(http.MethodPatch)
	for _, c := range []struct{ method, path, allow string }{
		{http.MethodPut, "/a", "GET, HEAD, POST"},
		{http.MethodGet, "/b/42", "DELETE"},
		{http.MethodGet, "/scim/v2/c", "PATCH"},
	} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, nil))
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != c.allow {
			t.Errorf("%s %s: %d Allow %q, want 405 Allow %q", c.method, c.path, rec.Code, rec.Header().Get("Allow"), c.allow)
		}
	}
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/a", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("a right method: %d", rec.Code)
	}
}
