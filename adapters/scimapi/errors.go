package scimapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"harriet/adapters/httpmw"
	"harriet/core"
)

// statusOf is the one table from core error kinds to HTTP statuses.
var statusOf = map[core.Kind]int{
	core.Invalid:         http.StatusBadRequest,
	core.NotFound:        http.StatusNotFound,
	core.Conflict:        http.StatusConflict,
	core.Precondition:    http.StatusPreconditionFailed,
	core.Unauthenticated: http.StatusUnauthorized,
	core.Forbidden:       http.StatusForbidden,
	core.TooLarge:        http.StatusRequestEntityTooLarge,
	core.RateLimited:     http.StatusTooManyRequests,
	core.Unavailable:     http.StatusServiceUnavailable,
	core.Internal:        http.StatusInternalServerError,
}

// defaultSCIMType is RFC 7644's scimType for kinds that have one when the error
// names none.
var defaultSCIMType = map[core.Kind]string{
	core.Invalid:  "invalidValue",
	core.Conflict: "uniqueness",
}

// tokenHint makes every 401 tell the admin where a valid credential comes from.
const tokenHint = "Paste a Harriet API token from My preferences → Manage API tokens."

// Default waits for answers whose error carries none.
const (
	defaultRetryAfter     = 60 * time.Second // failed-authentication limits are per minute
	unavailableRetryAfter = 5 * time.Second
)

// fail answers err in the SCIM error schema. It is the only place that maps core
// error kinds to statuses and scimTypes; messages are the admin-facing ones and
// causes go to the logger only.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	kind := core.KindOf(err)
	status, ok := statusOf[kind]
	if !ok {
		kind, status = core.Internal, http.StatusInternalServerError
	}
	scimType := defaultSCIMType[kind]
	var ce *core.Error
	if errors.As(err, &ce) && ce.SCIMType != "" {
		scimType = ce.SCIMType
	}
	detail := core.MessageOf(err)
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="Harriet SCIM"`)
		if !strings.Contains(detail, "Manage API tokens") {
			detail = strings.TrimSpace(detail + " " + tokenHint)
		}
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", seconds(retryAfterOf(err, defaultRetryAfter)))
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", seconds(retryAfterOf(err, unavailableRetryAfter)))
	}
	if status >= 500 && a.opts.Logger != nil {
		a.opts.Logger(r, err)
	}
	writeSCIMError(w, status, scimType, detail)
}

// writeSCIMError writes RFC 7644's error message; status is a string there.
func writeSCIMError(w http.ResponseWriter, status int, scimType, detail string) {
	body := map[string]any{"schemas": []string{urnError}, "status": strconv.Itoa(status), "detail": detail}
	if scimType != "" {
		body["scimType"] = scimType
	}
	writeJSON(w, status, body)
}

// waitError carries how long a rate-limited client should wait.
type waitError struct{ wait time.Duration }

func (e waitError) Error() string { return "retry after " + e.wait.String() }

func rateLimited(wait time.Duration) error {
	return &core.Error{Kind: core.RateLimited, Err: waitError{wait},
		Message: "Too many SCIM requests for this company; retry after " + httpmw.InSeconds(wait) + "."}
}

// retryAfterOf finds the wait an error carries: ours, or the middleware's.
func retryAfterOf(err error, def time.Duration) time.Duration {
	var we waitError
	if errors.As(err, &we) {
		return we.wait
	}
	if d, ok := httpmw.RetryAfterOf(err); ok {
		return d
	}
	return def
}

// seconds renders a wait as whole seconds, rounded up, at least 1.
func seconds(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(s, 1), 10)
}

// writeJSON answers body as application/scim+json.
func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/scim+json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(body)
}
