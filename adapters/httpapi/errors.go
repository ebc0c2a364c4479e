package httpapi

import (
	"net/http"

	"harriet/adapters/httpmw"
	"harriet/core"
)

// retryAfterSeconds is what 429 and 503 answers tell clients to wait when the error
// does not say how long.
const retryAfterSeconds = "5"

// statusOf is the one table from core error kinds to HTTP statuses (SPEC.md).
var statusOf = map[core.Kind]int{
	core.Invalid:         http.StatusBadRequest,
	core.Unauthenticated: http.StatusUnauthorized,
	core.Forbidden:       http.StatusForbidden,
	core.NotFound:        http.StatusNotFound,
	core.Conflict:        http.StatusConflict,
	core.Precondition:    http.StatusPreconditionFailed,
	core.TooLarge:        http.StatusRequestEntityTooLarge,
	core.RateLimited:     http.StatusTooManyRequests,
	core.Unavailable:     http.StatusServiceUnavailable,
	core.Internal:        http.StatusInternalServerError,
}

// errorBody is {"error": {"code", "message"}}, exactly SPEC.md's shape.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// writeError answers err as JSON with its kind's status. Internal causes go to the
// log with the request ID, never to the client.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	kind := core.KindOf(err)
	status, ok := statusOf[kind]
	if !ok {
		kind, status = core.Internal, http.StatusInternalServerError
	}
	detail := errorDetail{Code: string(kind), Message: core.MessageOf(err)}
	switch status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		if wait, ok := httpmw.RetryAfterOf(err); ok {
			httpmw.SetRetryAfter(w, wait)
		} else {
			w.Header().Set("Retry-After", retryAfterSeconds)
		}
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="harriet"`)
	}
	if status >= 500 {
		a.log.WithFields(map[string]any{
			"request_id": httpmw.RequestIDFrom(r.Context()), "method": r.Method, "path": r.URL.Path, "status": status,
		}).WithError(err).Error("api request failed")
	}
	writeJSON(w, status, errorBody{Error: detail})
}
